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

from engage.framework.services import slugify
from engage.framework.vocabulary import partners, wards
from engage.meetings import vocab
from engage.meetings.points import PointError, PointForm, check_point

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 1_000
COLUMNS = ("text", "raised_by", "ward", "themes", "action", "owner", "due_date", "status", "outcome",
           "publishable", "public_summary")
REQUIRED = ("text", "raised_by")
ALIASES = {"due_on": "due_date", "due": "due_date", "theme": "themes", "summary": "public_summary",
           "raised by": "raised_by", "public summary": "public_summary", "due date": "due_date"}
YES = {"yes", "y", "true", "1"}
NO = {"no", "n", "false", "0", ""}
FIELD_LABELS = {"text": "text", "raised_by": "raised_by", "ward": "ward", "themes": "themes", "action": "action",
                "owner": "owner", "due_on": "due_date", "status": "status", "outcome": "outcome",
                "publishable": "publishable", "public_summary": "public_summary"}


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


def _lookup(value: str, choices: dict[str, str]) -> str:
    """A slug from a slug or its label, ignoring case ('Young people' -> 'young-people')."""
    v = value.strip()
    if not v:
        return ""
    if v in choices:
        return v
    by_label = {label.lower(): slug for slug, label in choices.items()}
    return by_label.get(v.lower()) or by_label.get(v.lower().replace("-", " ")) or slugify(v)


def _date(value: str) -> str:
    """YYYY-MM-DD, or DD/MM/YYYY as Excel writes UK dates; anything else is passed on to fail."""
    v = value.strip()
    if "/" in v:
        try:
            return dt.datetime.strptime(v, "%d/%m/%Y").date().isoformat()
        except ValueError:
            return v
    return v


def _form(row: dict[str, str]) -> tuple[PointForm, dict[str, str]]:
    errors: dict[str, str] = {}
    publishable = row.get("publishable", "").strip().lower()
    if publishable not in YES | NO:
        errors["publishable"] = "publishable must be yes or no"
    owner = row.get("owner", "").strip()
    owner = next((p for p in partners() if p.lower() == owner.lower()), owner)
    themes = tuple(_lookup(t, vocab.labels()["themes"]) for t in row.get("themes", "").replace(",", ";").split(";")
                   if t.strip())
    return PointForm(
        text=row.get("text", ""), raised_by=_lookup(row.get("raised_by", ""), vocab.RAISED_BY),
        ward=_lookup(row.get("ward", ""), dict(wards())), themes=themes, action=row.get("action", ""),
        owner=owner, due_on=_date(row.get("due_date", "")),
        status=_lookup(row.get("status", ""), vocab.STATUSES) or "open", outcome=row.get("outcome", ""),
        publishable=publishable in YES, public_summary=row.get("public_summary", ""),
    ), errors


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
            form, errors = _form(row)
            try:
                values = check_point(form)
            except PointError as exc:
                errors = {**exc.errors, **errors}
            if errors:
                reasons = "; ".join(f"{FIELD_LABELS.get(k, k)}: {m}" for k, m in errors.items())
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
