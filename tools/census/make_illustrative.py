"""Write the demo's ILLUSTRATIVE Census files for Leicester's 21 wards (engage/census/data).

The figures are made up (seeded, roughly the city's shape: 368,000 people, a young population,
a large Asian British population concentrated in some wards). They are NOT published Census
figures: every file name says ILLUSTRATIVE, and the Reach page says so wherever they are used.
The layout is the ONS/Nomis bulk CSV layout, so the same importer reads real files.
Run: python tools/census/make_illustrative.py
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from engage.framework.services import seed_data, slugify

OUT = Path(__file__).resolve().parents[2] / "engage" / "census" / "data"
WARDS = [(slugify(name), name) for name in seed_data()["wards"]]  # the seed plan's wards
CODES = {slug: f"X{n:08d}" for n, (slug, _) in enumerate(WARDS, start=1)}  # not real GSS codes

AGES = ["Aged 4 years and under", "Aged 5 to 9 years", "Aged 10 to 15 years", "Aged 16 to 19 years",
        "Aged 20 to 24 years", "Aged 25 to 34 years", "Aged 35 to 49 years", "Aged 50 to 64 years",
        "Aged 65 to 74 years", "Aged 75 to 84 years", "Aged 85 years and over"]
AGE_WEIGHTS = [6.5, 6.8, 8.0, 6.0, 9.5, 15.5, 19.5, 15.0, 7.5, 4.3, 1.4]
ETHNIC = [("Asian, Asian British or Asian Welsh", ["Bangladeshi", "Chinese", "Indian", "Pakistani", "Other Asian"]),
          ("Black, Black British, Black Welsh, Caribbean or African", ["African", "Caribbean", "Other Black"]),
          ("Mixed or Multiple ethnic groups", ["White and Asian", "White and Black African",
                                               "White and Black Caribbean", "Other Mixed or Multiple ethnic groups"]),
          ("White", ["English, Welsh, Scottish, Northern Irish or British", "Irish", "Gypsy or Irish Traveller",
                     "Roma", "Other White"]),
          ("Other ethnic group", ["Arab", "Any other ethnic group"])]
RELIGIONS = ["No religion", "Christian", "Buddhist", "Hindu", "Jewish", "Muslim", "Sikh", "Other religion",
             "Not answered"]
LANGUAGES = ["English (English or Welsh in Wales)", "Gujarati", "Panjabi", "Urdu", "Polish", "Somali",
             "Bengali (with Sylheti and Chatgaya)", "Arabic", "Romanian", "Portuguese", "Other"]


def split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    noisy = [max(0.01, w * rng.uniform(0.75, 1.25)) for w in weights]
    raw = [total * w / sum(noisy) for w in noisy]
    out = [int(v) for v in raw]
    out[out.index(max(out))] += total - sum(out)
    return out


def write(name: str, topic: str, total_label: str, headers: list[str], rows: list[tuple[str, str, list[int]]]):
    with open(OUT / name, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["date", "geography", "geography code", f"{topic}: {total_label}"]
                   + [f"{topic}: {h}" for h in headers])
        for ward, code, values in rows:
            w.writerow([2021, ward, code, sum(values), *values])


def main() -> None:
    rng = random.Random(2021)
    people = {slug: rng.randint(14_500, 20_500) for slug, _ in WARDS}
    asian_share = {slug: rng.uniform(0.15, 0.75) for slug, _ in WARDS}
    for slug in ("belgrave", "rushey-mead", "spinney-hills", "north-evington", "stoneygate", "latimer"):
        asian_share[slug] = rng.uniform(0.7, 0.85) if slug in asian_share else 0
    rows = lambda fn: [(name, CODES[slug], fn(slug)) for slug, name in WARDS]  # noqa: E731
    write("ILLUSTRATIVE-census2021-ts007a-ward.csv", "Age", "Total", AGES,
          rows(lambda s: split(people[s], AGE_WEIGHTS, rng)))
    write("ILLUSTRATIVE-census2021-ts008-ward.csv", "Sex", "All persons", ["Female", "Male"],
          rows(lambda s: split(people[s], [50.5, 49.5], rng)))

    def ethnic(slug: str) -> list[int]:
        a = asian_share[slug]
        weights = [a * 4, a * 3, a * 70, a * 15, a * 8, (1 - a) * 9, (1 - a) * 3, (1 - a) * 1, (1 - a) * 1,
                   (1 - a) * 0.5, (1 - a) * 1.5, (1 - a) * 1, (1 - a) * 60, (1 - a) * 1, (1 - a) * 0.2,
                   (1 - a) * 0.5, (1 - a) * 14, (1 - a) * 2, (1 - a) * 3]
        return split(people[slug], weights, rng)

    leaves = [f"{group}: {leaf}" for group, items in ETHNIC for leaf in items]
    write("ILLUSTRATIVE-census2021-ts021-ward.csv", "Ethnic group", "Total: All usual residents", leaves,
          rows(ethnic))
    write("ILLUSTRATIVE-census2021-ts030-ward.csv", "Religion", "Total: All usual residents", RELIGIONS,
          rows(lambda s: split(people[s], [(1 - asian_share[s]) * 55, (1 - asian_share[s]) * 45, 0.5,
                                           asian_share[s] * 45, 0.1, asian_share[s] * 35, asian_share[s] * 8,
                                           1, 6], rng)))
    write("ILLUSTRATIVE-census2021-ts024-ward.csv", "Main language (detailed)",
          "Total: All usual residents aged 3 years and over", LANGUAGES,
          rows(lambda s: split(int(people[s] * 0.96), [70 - 30 * asian_share[s], 14 * asian_share[s],
                                                        5 * asian_share[s], 3 * asian_share[s], 2.2, 1.3, 1, 0.8,
                                                        0.9, 0.7, 4], rng)))
    write("ILLUSTRATIVE-census2021-ts038-ward.csv", "Disability", "Total: All usual residents",
          ["Disabled under the Equality Act", "Not disabled under the Equality Act"],
          rows(lambda s: split(people[s], [18, 82], rng)))


if __name__ == "__main__":
    main()
