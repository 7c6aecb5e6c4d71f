"""Who we have not heard from: Census tables imported from ONS/Nomis bulk CSV files with
`engage census import` (all files or none), and the Reach page comparing responses with the
population, ranked outreach first, with the same small-number suppression as every equality figure."""

from __future__ import annotations

import csv
import re
from pathlib import Path

from engage.framework import vocabulary
from engage.framework.vocabulary import wards
from tests.conftest import run_engage
from tests.support import SECRET_KEY, make_consultation, sign_in

AGE_HEADERS = ["Age: Total", "Age: Aged 15 years and under", "Age: Aged 16 to 24 years", "Age: Aged 25 to 64 years",
               "Age: Aged 65 years and over"]


def write_file(path: Path, headers: list[str], rows: list[list]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(["date", "geography", "geography code", *headers])
        writer.writerows(rows)
    return path


def age_file(tmp_path: Path, name: str = "census2021-ts007a-ward.csv") -> Path:
    # Every ward: 1,000 people; 200 under 16, 300 aged 16-24, 400 aged 25-64, 100 aged 65 and over.
    rows = [[2021, ward, f"E0500{n:04d}", 1000, 200, 300, 400, 100] for n, (_, ward) in enumerate(wards())]
    rows.insert(3, [2021, "Somewhere Else", "E05999999", 500, 100, 100, 200, 100])  # another area: skipped
    return write_file(tmp_path / name, AGE_HEADERS, rows)


def sex_file(tmp_path: Path, bad_row: bool = False) -> Path:
    rows = [[2021, ward, f"E0500{n:04d}", 1000, 510, 490] for n, (_, ward) in enumerate(wards())]
    if bad_row:
        rows[5][4] = "5l0"
    return write_file(tmp_path / "census2021-ts008-ward.csv", ["Sex: All persons", "Sex: Female", "Sex: Male"], rows)


async def figures() -> dict[str, int]:
    from engage.census.tables import CensusFigure

    rows = await CensusFigure.select(CensusFigure.topic, CensusFigure.count).run()
    out: dict[str, int] = {}
    for row in rows:
        out[row["topic"]] = out.get(row["topic"], 0) + row["count"]
    return out


async def test_a_census_file_with_bad_rows_is_refused_whole_and_nothing_changes(tmp_path, database_url, client):
    await vocabulary.load(max_age=0)  # the wards the crafted files name
    imported = run_engage("census", "import", str(sex_file(tmp_path)), url=database_url)
    assert "Sex for 21 wards" in imported.stdout
    before = await figures()
    assert before == {"sex": 21_000}

    # A good age file and a sex file with one bad value: neither is imported.
    refused = run_engage("census", "import", str(age_file(tmp_path)), str(sex_file(tmp_path, bad_row=True)),
                         url=database_url, check=False)
    assert refused.returncode != 0
    assert "Nothing was imported" in refused.stderr
    assert "census2021-ts008-ward.csv: row 7, column 'Sex: Female': '5l0' is not a whole number" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert await figures() == before

    short = write_file(tmp_path / "short.csv", ["Sex: All persons", "Sex: Female", "Sex: Male"],
                       [[2021, "Abbey", "E1", 10, 5]])
    wrong = tmp_path / "not-census.csv"
    wrong.write_text("name,value\nAbbey,3\n")
    refused = run_engage("census", "import", str(short), str(wrong), url=database_url, check=False)
    assert refused.returncode != 0
    assert "short.csv: row 2 has 5 values where the headings have 6" in refused.stderr
    assert "not-census.csv: this is not an ONS/Nomis bulk Census file" in refused.stderr
    assert await figures() == before


async def test_the_reach_page_compares_responses_with_the_population_and_suppresses_small_counts(
        tmp_path, database_url, client):
    await vocabulary.load(max_age=0)  # the wards the crafted files name
    from surveys.responses import CheckedSubmission, store_submission

    run_engage("census", "import", str(age_file(tmp_path)), url=database_url)
    c, _ = await make_consultation(kinds=["yes_no"])
    answers = {"16-24": 12, "25-34": 30, "35-44": 20, "65-74": 3}
    n = 0
    for band, count in answers.items():
        for _ in range(count):
            n += 1
            checked = CheckedSubmission(about_you={"age_band": band, "ward": "abbey"})
            await store_submission(c["id"], checked, submission_key=f"reach:{n}", secret=SECRET_KEY,
                                   language="ur" if n <= 11 else "en")
    await sign_in(client, "executive")
    page = await client.get(f"/officer/reach?consultation={c['id']}")
    assert page.status_code == 200
    html = re.sub(r"\s+", " ", page.text)

    outreach = re.search(r'id="outreach".*?</ol>', html).group(0)
    items = re.findall(r"<li>(.*?)</li>", outreach)
    # The biggest gap first: 30% of the city, 12 of 65 answers (18%).
    assert items[0] == "People aged 16 to 24 are 30% of the city and 18% of responses."
    # Under 16s: no response at all, so shown as fewer than 10, and still ranked: 20% of the city.
    assert "People aged under 16 are 20% of the city and fewer than 10 responses." in items
    # Every ward but Abbey (each 1/21 of the city, 0 of 65 answers) is too small to rank above them.
    age = re.search(r'id="topic-age_band".*?</table>', html).group(0)
    row = re.search(r"65 to 74</th>(.*?)</tr>", age).group(1)
    assert "fewer than 10" in row and ">3<" not in row and "(5%)" not in row
    row = re.search(r"25 to 34</th>(.*?)</tr>", age).group(1)
    assert "30 (46%)" in row and "+36 points" in row and "Over-represented" in row
    assert "<svg" in age  # the chart beside its table

    language = re.search(r'id="topic-language"', html)
    assert language is None  # no main-language table imported: the page says so instead
    assert "No Census figures imported for:" in html

    export = await client.get(f"/officer/reach/export.csv?consultation={c['id']}&table=reach")
    assert export.status_code == 200 and "attachment" in export.headers["content-disposition"]
    lines = list(csv.reader(export.text.splitlines()))
    by_group = {(r[0], r[1]): r for r in lines[1:]}
    assert by_group[("Age", "65 to 74")][4] == "fewer than 10"
    assert by_group[("Age", "16 to 24")][4:7] == ["12", "18.5", "-11.5"]
    workbook = await client.get(f"/officer/reach/export.xlsx?consultation={c['id']}")
    assert workbook.status_code == 200 and workbook.content[:2] == b"PK"


async def test_reach_by_language_counts_each_response_in_the_language_it_was_given(tmp_path, database_url, client):
    await vocabulary.load(max_age=0)  # the wards the crafted files name
    from surveys.responses import CheckedSubmission, store_submission

    rows = [[2021, ward, f"E{n}", 1000, 600, 250, 150] for n, (_, ward) in enumerate(wards())]
    path = write_file(tmp_path / "census2021-ts024-ward.csv",
                      ["Main language (detailed): Total: All usual residents aged 3 years and over",
                       "Main language (detailed): English (English or Welsh in Wales)",
                       "Main language (detailed): South Asian language: Gujarati",
                       "Main language (detailed): Other European language (EU): Polish"], rows)
    run_engage("census", "import", str(path), url=database_url)
    c, _ = await make_consultation(kinds=["yes_no"])
    for n in range(40):
        await store_submission(c["id"], CheckedSubmission(), submission_key=f"lang:{n}", secret=SECRET_KEY,
                               language="gu" if n < 10 else "pl" if n < 20 else "easy-read" if n < 25 else "en")
    await sign_in(client, "officer")
    page = re.sub(r"\s+", " ", (await client.get("/officer/reach")).text)
    table = re.search(r'id="topic-language".*?</table>', page).group(0)
    assert re.search(r"Gujarati</th>.*?25%.*?10 \(25%\)", table)
    # Easy Read forms are English, as the Census's main language counts it: 15 English and 5 Easy Read.
    assert re.search(r"English</th>.*?60%.*?20 \(50%\).*?-10 points", table) and "Easy Read" not in table
    assert re.search(r"Polish</th>.*?15%.*?10 \(25%\).*?\+10 points", table)
