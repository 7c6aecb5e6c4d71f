"""Importing feedback points from a CSV file: all rows or none, and never the same row twice.

The documented template is static/examples/feedback-points-template.csv. Each row is checked
with the same rules as the form; a file with any bad row imports nothing and every bad row
is reported with its line number. Each row's hash (meeting, content, and which repeat of
identical content it is) is stored unique, so importing the same file again adds nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
from dataclasses import dataclass, field

from engage.meetings.points import POINT, PointError, point_values

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1_000
COLUMNS = POINT.columns()  # the point's schema says which columns there are, and what else people call them
REQUIRED = ("text", "raised_by")
ALIASES = POINT.csv_aliases()


@dataclass
class Parsed:
    rows: list[tuple[dict, str]] = field(default_factory=list)  # (values to store, row hash)
    errors: list[tuple[int | None, str]] = field(default_factory=list)  # (line number or None for the file, reason)


def _decode(data: bytes) -> str | None:
    for encoding in ("utf-8-sig", "cp1252"):  # Excel's "CSV UTF-8" has a BOM; its plain "CSV" is Windows-1252
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def _header(name: str) -> str:
    key = name.strip().lower().lstrip("\ufeff")
    key = ALIASES.get(key, key)
    return key.replace(" ", "_").replace("-", "_")


def row_hash(meeting_id: int, values: dict, repeat: int) -> str:
    content = json.dumps({k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in sorted(values.items())},
                         sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(f"{meeting_id}\n{repeat}\n{content}".encode()).hexdigest()


def parse(data: bytes, meeting_id: int) -> Parsed:
    out = Parsed()
    if not data.strip():
        out.errors.append((None, "The file is empty. Use the template: a header row, then one point on each row"))
        return out
    if len(data) > MAX_BYTES:
        out.errors.append((None, "The file must be smaller than 2 MB"))
        return out
    text = _decode(data)
    if text is None or "\x00" in text:
        out.errors.append((None, "The file must be a CSV file (in Excel: Save as, then 'CSV UTF-8')"))
        return out
    first_line = text.splitlines()[0] if text.splitlines() else ""
    delimiter = max([",", ";", "\t"], key=first_line.count)  # some Excel locales save with semicolons
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        out.errors.append((None, "The file must be a CSV file with a header row"))
        return out
    names = [_header(h) for h in header]
    unknown = [h for h, n in zip(header, names) if n and n not in COLUMNS]
    missing = [c for c in REQUIRED if c not in names]
    if unknown or missing:
        parts = []
        if missing:
            parts.append(f"the header row is missing {', '.join(missing)}")
        if unknown:
            parts.append(f"these columns are not in the template: {', '.join(u[:40] for u in unknown[:10])}")
        out.errors.append((1, "Wrong headers: " + "; ".join(parts) + f". The columns are: {', '.join(COLUMNS)}"))
        return out
    if len(set(n for n in names if n)) != len([n for n in names if n]):
        out.errors.append((1, "Wrong headers: a column appears more than once"))
        return out
    seen: dict[str, int] = {}
    count = 0
    try:
        for cells in reader:
            line = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            count += 1
            if count > MAX_ROWS:
                out.errors.append((None, f"The file has more than {MAX_ROWS:,} points: split it into smaller files"))
                return out
            if len(cells) > len(names) and any(c.strip() for c in cells[len(names):]):
                out.errors.append((line, f"has {len(cells)} cells but the header row has {len(names)} columns"))
                continue
            row = {n: (cells[i] if i < len(cells) else "") for i, n in enumerate(names) if n}
            try:
                values = point_values(row, "csv")
            except PointError as exc:
                reasons = "; ".join(f"{k}: {m}" for k, m in POINT.csv_errors(exc.errors).items())
                out.errors.append((line, reasons))
                continue
            content = json.dumps({k: str(v) for k, v in sorted(values.items())}, sort_keys=True)
            seen[content] = seen.get(content, 0) + 1
            out.rows.append((values, row_hash(meeting_id, values, seen[content])))
    except csv.Error as exc:
        out.errors.append((reader.line_num, f"could not be read as CSV ({exc})"))
    if not out.rows and not out.errors:
        out.errors.append((None, "The file has a header row but no points"))
    return out
