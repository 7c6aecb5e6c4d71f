"""Reading Census 2021 tables by ward from the ONS / Nomis bulk CSV files, as a user downloads
them (census2021-ts007a-ward.csv and the like):

    date,geography,geography code,Sex: All persons,Sex: Female,Sex: Male
    2021,Abbey,E05010458,15000,7400,7600

Each value column is "<topic>: <category>[: <sub-category>]" (Nomis adds "; measures: Value").
Supported topics: Age (TS007, TS007A), Sex (TS008), Ethnic group (TS021), Religion (TS030),
Main language (TS024) and Disability (TS038). Totals and sub-totals are left out; each leaf
category is matched to the "About you" answer it corresponds to (ages are shared out over the
form's bands year by year). Rows for wards outside the partnership are skipped; a row that is
wrong anywhere refuses every file, and nothing changes. No web imports.
"""

from __future__ import annotations

import csv
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from engage.framework.vocabulary import wards

ID_COLUMNS = ("date", "geography", "geography code")
MAX_ERRORS = 20
MAX_BYTES = 50_000_000

TOPICS = {  # the header's topic -> engage's topic
    "age": "age_band", "sex": "sex", "ethnic group": "ethnicity", "religion": "religion",
    "main language": "language", "disability": "disability",
}
TOPIC_LABELS = {"age_band": "Age", "sex": "Sex", "ethnicity": "Ethnic group", "religion": "Religion",
                "language": "Main language", "disability": "Disability", "ward": "Ward"}

AGE_BANDS = (("under-16", 0, 15), ("16-24", 16, 24), ("25-34", 25, 34), ("35-44", 35, 44), ("45-54", 45, 54),
             ("55-64", 55, 64), ("65-74", 65, 74), ("75-plus", 75, 100))
OLDEST = 100

SIMPLE = {
    "sex": {"female": "female", "male": "male"},
    "religion": {"no religion": "none", "christian": "christian", "buddhist": "buddhist", "hindu": "hindu",
                 "jewish": "jewish", "muslim": "muslim", "sikh": "sikh", "other religion": "other",
                 "not answered": None},
    "disability": {"disabled under the equality act": "yes", "not disabled under the equality act": "no"},
    "ethnicity": {
        "bangladeshi": "asian-bangladeshi", "chinese": "asian-chinese", "indian": "asian-indian",
        "pakistani": "asian-pakistani", "other asian": "asian-other", "african": "black-african",
        "caribbean": "black-caribbean", "other black": "black-other", "white and asian": "mixed-white-asian",
        "white and black african": "mixed-white-black-african",
        "white and black caribbean": "mixed-white-black-caribbean",
        "other mixed or multiple ethnic groups": "mixed-other",
        "english, welsh, scottish, northern irish or british": "white-british", "irish": "white-irish",
        "gypsy or irish traveller": "white-gypsy-traveller", "roma": "white-roma", "other white": "white-other",
        "arab": "other-arab", "any other ethnic group": "other-any",
    },
}
LANGUAGES = {  # Census main-language leaves -> the language codes forms are offered in
    "english": "en", "english (english or welsh in wales)": "en", "polish": "pl", "gujarati": "gu",
    "panjabi": "pa", "punjabi": "pa", "urdu": "ur", "somali": "so", "bengali (with sylheti and chatgaya)": "bn",
    "bengali": "bn", "arabic": "ar", "hindi": "hi", "romanian": "ro", "portuguese": "pt", "tigrinya": "ti",
    "kurdish": "ku", "persian or farsi": "fa", "pashto": "ps", "ukrainian": "uk", "spanish": "es",
    "cantonese chinese": "zh", "mandarin chinese": "zh", "all other chinese": "zh", "chinese": "zh",
}


class CensusFileError(ValueError):
    """Every problem found, so a user can fix the files in one go."""

    def __init__(self, problems: list[str]):
        super().__init__("\n".join(problems))
        self.problems = problems


@dataclass
class Column:
    index: int
    header: str
    topic: str
    path: tuple[str, ...]  # the category's parts, after the topic


@dataclass
class Parsed:
    source: str
    topics: set[str] = field(default_factory=set)
    # (topic, ward slug, category) -> count
    counts: dict[tuple[str, str, str], float] = field(default_factory=lambda: defaultdict(float))
    unused: list[str] = field(default_factory=list)  # columns read but matched to nothing
    wards_found: set[str] = field(default_factory=set)


def _norm(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split()).strip().lower()


def _column(index: int, header: str) -> Column | None:
    text = header.strip()
    measure = re.search(r";\s*measures:\s*(.*)$", text, re.I)
    if measure:
        if _norm(measure.group(1)) != "value":
            return None  # percentages beside the counts: the counts are enough
        text = text[:measure.start()]
    parts = [p.strip() for p in text.split(":")]
    topic = _norm(re.sub(r"\s*\(.*?\)\s*$", "", parts[0]))  # "Main language (detailed)" -> "main language"
    if topic not in TOPICS or len(parts) < 2:
        return None
    return Column(index, header, TOPICS[topic], tuple(parts[1:]))


def _age_range(label: str) -> tuple[int, int] | None:
    label = _norm(label)
    if m := re.fullmatch(r"aged (\d+) to (\d+) years", label):
        return int(m[1]), int(m[2])
    if m := re.fullmatch(r"aged (\d+) years? and under", label):
        return 0, int(m[1])
    if re.fullmatch(r"aged under 1 year", label):
        return 0, 0
    if m := re.fullmatch(r"aged (\d+) years? and over", label):
        return int(m[1]), OLDEST
    if m := re.fullmatch(r"aged (\d+) years?", label):
        return int(m[1]), int(m[1])
    return None


def _shares(column: Column) -> list[tuple[str, float]] | None:
    """The categories one leaf column's count goes to, with the share each takes."""
    leaf = column.path[-1]
    if column.topic == "age_band":
        span = _age_range(leaf)
        if span is None:
            return None
        low, high = span
        years = high - low + 1
        out = []
        for band, b_low, b_high in AGE_BANDS:
            overlap = min(high, b_high) - max(low, b_low) + 1
            if overlap > 0:
                out.append((band, overlap / years))
        return out
    if column.topic == "language":
        return [(LANGUAGES.get(_norm(leaf), "other"), 1.0)]
    table = SIMPLE[column.topic]
    key = _norm(leaf)
    if key not in table:
        return None
    return [] if table[key] is None else [(table[key], 1.0)]


def _leaves(columns: list[Column]) -> list[Column]:
    """Leave out totals and sub-totals: a column whose category others break down further."""
    out = []
    for col in columns:
        if _norm(col.path[0]).startswith(("total", "all persons", "all usual residents")):
            continue
        if any(other.topic == col.topic and len(other.path) > len(col.path) and other.path[:len(col.path)] == col.path
               for other in columns):
            continue
        out.append(col)
    return out


def ward_lookup(codes: dict[str, str] | None = None) -> tuple[dict[str, str], dict[str, str]]:
    """(normalised name -> slug, geography code -> slug) for the partnership's wards."""
    by_name = {}
    for slug, name in wards():
        by_name[_norm(name)] = slug
        by_name[_norm(name.replace("&", "and"))] = slug
    by_code = {code.strip().upper(): slug for slug, code in (codes or {}).items()}
    return by_name, by_code


def parse(source: str, text: str, codes: dict[str, str] | None = None) -> Parsed:
    """One file's figures for the partnership's wards; CensusFileError listing every problem."""
    problems: list[str] = []

    def problem(message: str) -> None:
        if len(problems) < MAX_ERRORS:
            problems.append(f"{source}: {message}")

    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        raise CensusFileError([f"{source}: the file is empty, or not a CSV file"])
    lowered = [_norm(h) for h in header]
    missing = [name for name in ID_COLUMNS[1:] if name not in lowered]
    if missing:
        raise CensusFileError([f"{source}: this is not an ONS/Nomis bulk Census file: it has no "
                               f"{' or '.join(repr(m) for m in missing)} column (the first row must be the headings, "
                               f"like: date,geography,geography code,Sex: All persons,Sex: Female,Sex: Male)"])
    name_at, code_at = lowered.index("geography"), lowered.index("geography code")
    columns = [c for i, h in enumerate(header) if (c := _column(i, h))]
    if not columns:
        raise CensusFileError([f"{source}: no column is a Census topic engage uses (age, sex, ethnic group, "
                               "religion, main language, disability); the headings look like 'Sex: Female'"])
    parsed = Parsed(source=source, topics={c.topic for c in columns})
    mapped = []
    for col in _leaves(columns):
        shares = _shares(col)
        if shares is None:
            parsed.unused.append(col.header)
        else:
            mapped.append((col, shares))
    by_name, by_code = ward_lookup(codes)
    seen: dict[str, int] = {}
    try:
        for line, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) != len(header):
                problem(f"row {line} has {len(row)} values where the headings have {len(header)}")
                continue
            values = {}
            for col, _ in mapped:
                raw = row[col.index].strip().replace(",", "")
                if not re.fullmatch(r"\d+", raw):
                    problem(f"row {line}, column '{col.header}': {raw[:30]!r} is not a whole number of people")
                    break
                values[col.index] = int(raw)
            else:
                code = row[code_at].strip().upper()
                slug = by_code.get(code) if by_code else by_name.get(_norm(row[name_at]).replace("&", "and")) \
                    or by_name.get(_norm(row[name_at]))
                if slug is None:
                    continue  # another area's ward: national files hold every ward in England and Wales
                if slug in seen:
                    problem(f"row {line}: {row[name_at].strip()} appears again (first on row {seen[slug]}); a "
                            "national file holds several wards of that name: give your wards' codes with "
                            "--ward-codes, or use a file for your area only")
                    continue
                seen[slug] = line
                parsed.wards_found.add(slug)
                for col, shares in mapped:
                    for category, share in shares:
                        parsed.counts[(col.topic, slug, category)] += values[col.index] * share
    except csv.Error as exc:
        problem(f"the file is not a well-formed CSV file ({exc})")
    if not problems:
        absent = [name for slug, name in wards() if slug not in parsed.wards_found]
        if len(absent) == len(wards()):
            problem("no row is for one of the partnership's wards (the geography column must name the ward, "
                    "like 'Abbey', or --ward-codes must give their codes)")
        elif absent:
            problem(f"no row for {len(absent)} of the partnership's wards: {', '.join(absent[:8])}"
                    + ("..." if len(absent) > 8 else ""))
    if problems:
        raise CensusFileError(problems)
    return parsed


def read_ward_codes(path: Path) -> dict[str, str]:
    """A two-column CSV (ward name, geography code) saying which rows of a national file are ours."""
    by_name, _ = ward_lookup()
    out, problems = {}, []
    for line, row in enumerate(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))), start=1):
        if len(row) < 2 or not row[0].strip() or _norm(row[0]) in {"ward", "name", "geography"}:
            continue
        slug = by_name.get(_norm(row[0])) or by_name.get(_norm(row[0].replace("&", "and")))
        if slug is None:
            problems.append(f"{path.name}: row {line}: {row[0].strip()!r} is not one of the partnership's wards")
        else:
            out[slug] = row[1].strip()
    if problems:
        raise CensusFileError(problems)
    return out


def read_files(paths: list[Path], codes: dict[str, str] | None = None) -> list[Parsed]:
    """Every file read and checked before anything is stored; CensusFileError with all problems."""
    parsed, problems = [], []
    for path in paths:
        try:
            if path.stat().st_size > MAX_BYTES:
                raise CensusFileError([f"{path.name}: larger than {MAX_BYTES // 1_000_000} MB"])
            text = path.read_bytes().decode("utf-8-sig")
        except UnicodeDecodeError:
            problems.append(f"{path.name}: not a UTF-8 text file (ONS and Nomis files are)")
            continue
        except OSError as exc:
            problems.append(f"{path}: cannot be read ({exc.strerror})")
            continue
        except CensusFileError as exc:
            problems += exc.problems
            continue
        try:
            parsed.append(parse(path.name, text, codes))
        except CensusFileError as exc:
            problems += exc.problems
    by_topic: dict[str, str] = {}
    for p in parsed:
        for topic in sorted(p.topics):
            if topic in by_topic:
                problems.append(f"{p.source}: {TOPIC_LABELS[topic]} is also in {by_topic[topic]}: give one file per topic")
            by_topic.setdefault(topic, p.source)
    if problems:
        raise CensusFileError(problems)
    return parsed
