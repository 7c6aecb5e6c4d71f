"""The framework's rules: seeding, reading, editing for the annual review, export and import.

Every change is audited and bumps the period's `revision`, so each process's cached tagger
(engage.voices.tagging) rebuilds on its next use. Entries are never deleted: a merged or retired
entry keeps its row (and the tags that history gave it point at it, or at its merge target).
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import re
import uuid
from pathlib import Path
from typing import Any, Awaitable, Callable

import yaml

from engage.analysis.framework_model import (
    Framework,
    FrameworkError,
    framework_from_dict,
)
from engage.analysis.zero_shot import tagging_gaps
from engage.audit import services as audit
from engage.db import transaction
from engage.framework.tables import FrameworkEntry, PlanPeriod
from engage.times import now
from engage.validation import FieldErrors, bounded_text

SEED_FILE = Path(__file__).resolve().parents[1] / "analysis" / "data" / "slp-2021-2024.yaml"
KINDS = {"priority": "Strategic priority", "theme": "Delivery theme", "topic": "Topic",
         "cross_cutting": "Cross-cutting theme"}
PARENT_KIND = {"theme": "priority", "topic": "theme"}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
KNOWN_KEYS = {"plan", "priorities", "cross_cutting"}
MAX_IMPORT_BYTES = 2_000_000
NAME_LIMIT = 200  # characters in an entry's or a period's name


class FrameworkEditError(FieldErrors):
    """A change the rules refuse; `errors` maps form fields to messages."""


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", (text or "").lower().replace("&", "and")).strip("-")[:80]


# What a merge does to the tags that point at the merged entry. The voices own the tags and sit
# above the framework, so the app factory (engage.app) registers their mover here: no upward import.
TagMover = Callable[[int, int], Awaitable[dict[str, int]]]
_tag_mover: TagMover | None = None


def on_merge_move_tags(mover: TagMover | None) -> None:
    """Register what moves tags from a merged entry to its target, inside the merge's transaction."""
    global _tag_mover
    _tag_mover = mover


def _revision() -> str:
    return uuid.uuid4().hex


# -- seeding ----------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def _parsed_seed() -> dict:
    # Parsing the file took most of a second in pure Python: read it once per process, with
    # libyaml's parser where PyYAML has it.
    return yaml.load(SEED_FILE.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))


def seed_data() -> dict:
    """The seed framework file (a copy: importing it must not change the kept one)."""
    return copy.deepcopy(_parsed_seed())


async def ensure_seeded() -> None:
    """Load the seed framework when no period exists yet (idempotent; cheap when seeded)."""
    if await PlanPeriod.exists().where(PlanPeriod.id.is_not_null()):
        return
    try:
        await import_framework(seed_data(), actor=None, seeding=True)
    except Exception as exc:  # another worker seeded first: fine
        if not await PlanPeriod.exists().where(PlanPeriod.id.is_not_null()):
            raise exc


# -- reading ----------------------------------------------------------------------------------


async def current_period() -> dict:
    await ensure_seeded()
    row = await PlanPeriod.select().output(load_json=True).where(PlanPeriod.status == "current").order_by(
        PlanPeriod.id, ascending=False).first()
    if row is None:  # every period archived by hand: the newest is current
        row = await PlanPeriod.select().output(load_json=True).order_by(PlanPeriod.id, ascending=False).first()
    return row


async def periods() -> list[dict]:
    await ensure_seeded()
    return await PlanPeriod.select().output(load_json=True).order_by(PlanPeriod.id, ascending=False).run()


async def get_period(period_id: int) -> dict | None:
    return await PlanPeriod.select().output(load_json=True).where(PlanPeriod.id == period_id).first()


async def entries(period_id: int, *, active_only: bool = False) -> list[dict]:
    query = FrameworkEntry.select().output(load_json=True).where(FrameworkEntry.period == period_id)
    if active_only:
        query = query.where(FrameworkEntry.retired_at.is_null())
    return await query.order_by(FrameworkEntry.position).order_by(FrameworkEntry.id).run()


async def get_entry(entry_id: int) -> dict | None:
    return await FrameworkEntry.select().output(load_json=True).where(FrameworkEntry.id == entry_id).first()


def tree(rows: list[dict]) -> dict[str, Any]:
    """Entries arranged for display: priorities with their themes (and topics), then cross-cutting."""
    children: dict[int | None, list[dict]] = {}
    for r in rows:
        children.setdefault(r["parent_id"], []).append(r)
    priorities = [
        {**p, "themes": [{**t, "topics": children.get(t["id"], [])} for t in children.get(p["id"], [])
                         if t["kind"] == "theme"]}
        for p in rows if p["kind"] == "priority"
    ]
    return {"priorities": priorities, "cross_cutting": [r for r in rows if r["kind"] == "cross_cutting"]}


def to_dict(period: dict, rows: list[dict]) -> dict[str, Any]:
    """The export shape: the framework YAML the analysis loader reads (active entries only)."""
    active = [r for r in rows if r["retired_at"] is None]
    by_parent: dict[int | None, list[dict]] = {}
    for r in active:
        by_parent.setdefault(r["parent_id"], []).append(r)

    def entry(r: dict) -> dict[str, Any]:
        out: dict[str, Any] = {"slug": r["slug"], "name": r["name"]}
        topics = [t["slug"] for t in by_parent.get(r["id"], []) if t["kind"] == "topic"]
        if topics:
            out["topics"] = topics
        if r["scope"]:
            out["scope"] = r["scope"]
        if r["phrases"]:
            out["phrases"] = dict(r["phrases"])
        if r["examples"]:
            out["examples"] = list(r["examples"])
        # Entries merged into this one: the tagger lets what it learned for them count here.
        absorbed = [x["slug"] for x in rows if x.get("merged_into") == r["id"]]
        if absorbed:
            out["absorbs"] = absorbed
        return out

    data: dict[str, Any] = {"plan": period["name"]}
    extra = dict(period.get("extra") or {})
    wards, partners = extra.pop("wards", None), extra.pop("partners", None)
    if period.get("starts_on") or period.get("ends_on"):
        data["period"] = {k: v for k, v in (("start", period["starts_on"]), ("end", period["ends_on"])) if v}
    data.update(extra)
    data["priorities"] = [
        {"slug": p["slug"], **({"number": p["number"]} if p["number"] is not None else {}), "name": p["name"],
         "themes": [entry(t) for t in by_parent.get(p["id"], []) if t["kind"] == "theme"]}
        for p in active if p["kind"] == "priority"
    ]
    data["cross_cutting"] = [entry(c) for c in active if c["kind"] == "cross_cutting"]
    if wards is not None:
        data["wards"] = wards
    if partners is not None:
        data["partners"] = partners
    return data


async def export_dict(period_id: int | None = None) -> dict[str, Any]:
    period = await get_period(period_id) if period_id else await current_period()
    if period is None:
        raise LookupError(period_id)
    return to_dict(period, await entries(period["id"]))


def dump_yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


async def export_yaml(period_id: int | None = None) -> str:
    return dump_yaml(await export_dict(period_id))


async def analysis_framework(period_id: int | None = None) -> Framework:
    """The framework as the pure tagger wants it (active entries of the period)."""
    return framework_from_dict(await export_dict(period_id))


async def tagging_warnings(period_id: int) -> list[dict[str, Any]]:
    """Active themes the tagger has nothing to tag with (no scope, phrases or examples, or only
    words it does not know), each with its entry id so the page can link to it."""
    framework = await analysis_framework(period_id)
    ids = {r["slug"]: r["id"] for r in await entries(period_id, active_only=True)}
    return [{"entry_id": ids.get(gap.slug), "slug": gap.slug, "name": gap.name, "problem": gap.problem}
            for gap in tagging_gaps(framework)]


# -- import -----------------------------------------------------------------------------------


def check_framework_data(data: Any) -> list[str]:
    """Every problem with a framework file, in words an admin can act on (empty when fine)."""
    if not isinstance(data, dict):
        return ["The file must be a YAML mapping with plan, priorities and cross_cutting"]
    errors: list[str] = []
    if not str(data.get("plan") or "").strip():
        errors.append("Give the plan a name (plan: ...)")
    priorities = data.get("priorities")
    if not isinstance(priorities, list) or not priorities:
        errors.append("List at least one priority under priorities:")
        priorities = []
    cross = data.get("cross_cutting") or []
    if not isinstance(cross, list):
        errors.append("cross_cutting must be a list")
        cross = []
    seen: dict[str, str] = {}

    def check_slug(raw: Any, where: str) -> None:
        slug = str(raw.get("slug") or "") if isinstance(raw, dict) else ""
        if not slug:
            errors.append(f"{where}: each entry needs a slug")
            return
        if not SLUG_RE.match(slug) or len(slug) > 80:
            errors.append(f"{where} {slug!r}: a slug is lower-case letters, numbers and hyphens")
        if slug in seen:
            errors.append(f"{where} {slug!r}: the slug is already used by a {seen[slug]}")
        seen[slug] = where
        if len(str(raw.get("name") or "")) > 200:
            errors.append(f"{where} {slug!r}: the name is longer than 200 characters")

    for i, p in enumerate(priorities, 1):
        check_slug(p, f"Priority {i}")
        if isinstance(p, dict):
            themes = p.get("themes") or []
            if not isinstance(themes, list):
                errors.append(f"Priority {p.get('slug')!r}: themes must be a list")
                continue
            for t in themes:
                check_slug(t, "Delivery theme")
                if isinstance(t, dict) and not isinstance(t.get("topics") or [], list):
                    errors.append(f"Delivery theme {t.get('slug')!r}: topics must be a list of slugs")
    for c in cross:
        check_slug(c, "Cross-cutting theme")
    if not errors:
        try:
            framework_from_dict(data)
        except FrameworkError as exc:
            errors.append(str(exc))
    return errors


def _holds_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_holds_nul(k) or _holds_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_holds_nul(v) for v in value)
    return False


def parse_framework_yaml(text: str) -> tuple[dict | None, list[str]]:
    if len(text.encode("utf-8", "replace")) > MAX_IMPORT_BYTES:
        return None, ["The file is larger than 2 MB"]
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or "it could not be read"
        return None, [f"The file is not valid YAML{where}: {problem}"]
    if _holds_nul(data):  # a "\0" escape: PostgreSQL cannot store it
        return None, ["The file contains a NUL character (written \\0 in YAML); remove it and import again"]
    errors = check_framework_data(data)
    return (data if not errors else None), errors


async def _unique_period_slug(base: str) -> str:
    base = slugify(base) or "plan"
    slug, n = base, 2
    while await PlanPeriod.exists().where(PlanPeriod.slug == slug):
        slug, n = f"{base}-{n}"[:80], n + 1
    return slug


def _date(value: Any) -> dt.date | None:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


async def import_framework(data: dict, actor: Any | None, *, seeding: bool = False) -> int:
    """Store a (checked) framework as a new current period; earlier periods are archived, not changed."""
    errors = check_framework_data(data)
    if errors:
        raise FrameworkEditError({"file": e for e in errors[:1]} | {f"file-{i}": e for i, e in enumerate(errors[1:])})
    extra = {k: v for k, v in data.items() if k not in KNOWN_KEYS}
    period_info = extra.get("period") if isinstance(extra.get("period"), dict) else {}
    if isinstance(extra.get("period"), dict) and set(extra["period"]) <= {"start", "end"} \
            and all(_date(v) for v in extra["period"].values()):
        extra.pop("period")  # kept as starts_on / ends_on, and written back on export
    extra = _jsonable(extra)
    if not seeding:
        await ensure_seeded()  # the seed's wards and partners, when this is the first plan imported
    async with transaction():
        # Wards and partners are the partnership's, not the plan's: a file without them keeps the
        # current period's, so meetings and consultations never lose their lists.
        previous = await PlanPeriod.select(PlanPeriod.extra).output(load_json=True).where(
            PlanPeriod.status == "current").order_by(PlanPeriod.id, ascending=False).first()
        for key in ("wards", "partners"):
            if key not in extra and previous and (previous["extra"] or {}).get(key):
                extra[key] = previous["extra"][key]
        await PlanPeriod.update({PlanPeriod.status: "archived"}).where(PlanPeriod.status == "current").run()
        rows = await PlanPeriod.insert(PlanPeriod(
            slug=await _unique_period_slug(str(data["plan"])), name=str(data["plan"])[:200],
            starts_on=_date(period_info.get("start")), ends_on=_date(period_info.get("end")), status="current",
            extra=extra, revision=_revision(), created_at=now(),
        )).returning(PlanPeriod.id).run()
        period_id = rows[0]["id"]
        # Entries go in a level at a time (priorities and cross-cutting themes, then delivery themes,
        # then topics): a handful of statements instead of one round trip per entry. Positions keep
        # the file's order; slugs are unique within a period (check_framework_data), so parents are
        # found by slug.
        order: list[tuple[int, str, dict, str | None]] = []  # (level, kind, raw entry, parent's slug)
        for p in data.get("priorities") or []:
            order.append((0, "priority", p, None))
            for t in p.get("themes") or []:
                order.append((1, "theme", t, str(p["slug"])))
                for topic in t.get("topics") or []:
                    order.append((2, "topic", {"slug": str(topic), "name": str(topic).replace("-", " ").capitalize()},
                                  str(t["slug"])))
        for c in data.get("cross_cutting") or []:
            order.append((0, "cross_cutting", c, None))
        ids: dict[str, int] = {}
        for level in (0, 1, 2):
            rows = [_new_entry(period_id, kind, raw, ids.get(parent) if parent else None, position)
                    for position, (at, kind, raw, parent) in enumerate(order, start=1) if at == level]
            for chunk in range(0, len(rows), 50):  # SQLite allows so many values in one statement
                await FrameworkEntry.insert(*rows[chunk:chunk + 50]).run()
            if level < 2:
                ids = {r["slug"]: r["id"] for r in await FrameworkEntry.select(FrameworkEntry.id, FrameworkEntry.slug)
                       .where((FrameworkEntry.period == period_id) & (FrameworkEntry.kind != "topic")).run()}
        await audit.record(actor, "seed" if seeding else "import", "framework-period", period_id,
                           {"plan": str(data["plan"])})
    return period_id


def _new_entry(period_id: int, kind: str, raw: dict, parent_id: int | None, position: int) -> FrameworkEntry:
    phrases = raw.get("phrases") or {}
    if isinstance(phrases, list):
        merged: dict[str, float] = {}
        for item in phrases:
            if isinstance(item, dict):
                merged.update({str(k): float(v if v is not None else 1.0) for k, v in item.items()})
            else:
                merged[str(item)] = 1.0
        phrases = merged
    return FrameworkEntry(
        period=period_id, kind=kind, slug=str(raw["slug"]), name=str(raw.get("name") or raw["slug"])[:200],
        number=raw.get("number") if isinstance(raw.get("number"), int) else None, parent_id=parent_id,
        position=position, scope=str(raw.get("scope") or ""),
        phrases={str(k): float(v if v is not None else 1.0) for k, v in phrases.items()},
        examples=[str(e) for e in raw.get("examples") or []], created_at=now(), updated_at=now(),
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value


# -- editing for the annual review ------------------------------------------------------------


async def _touch(period_id: int) -> None:
    await PlanPeriod.update({PlanPeriod.revision: _revision()}).where(PlanPeriod.id == period_id).run()


async def _slug_taken(period_id: int, slug: str, except_id: int | None = None) -> bool:
    query = FrameworkEntry.exists().where((FrameworkEntry.period == period_id) & (FrameworkEntry.slug == slug))
    if except_id:
        query = query.where(FrameworkEntry.id != except_id)
    return await query


def parse_phrases(text: str) -> tuple[dict[str, float], str | None]:
    """'knife crime: 2' per line (weight optional, 1 by default)."""
    out: dict[str, float] = {}
    for n, line in enumerate((text or "").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        phrase, _, weight = line.rpartition(":") if ":" in line else (line, "", "1")
        try:
            value = float(weight.strip() or 1)
        except ValueError:
            return out, f"Line {n}: write a phrase, or a phrase, a colon and a weight such as 'knife crime: 2'"
        if not phrase.strip():
            return out, f"Line {n}: the phrase is empty"
        out[phrase.strip().lower()] = value
    return out, None


def phrases_text(phrases: dict[str, float]) -> str:
    return "\n".join(f"{p}: {w:g}" for p, w in (phrases or {}).items())


async def add_entry(period_id: int, *, kind: str, name: str, slug: str = "", parent_id: int | None = None,
                    scope: str = "", phrases: str = "", actor: Any = None) -> int:
    errors: dict[str, str] = {}
    if kind not in KINDS:
        errors["kind"] = "Choose what kind of entry this is"
    name = bounded_text(errors, "name", name, NAME_LIMIT, "Name", missing="Enter a name")
    slug = (slug or "").strip() or slugify(name)
    if not SLUG_RE.match(slug) or len(slug) > 80:
        errors["slug"] = "Slug must be lower-case letters, numbers and hyphens"
    elif await _slug_taken(period_id, slug):
        errors["slug"] = "Another entry in this plan already uses that slug"
    parent = await get_entry(parent_id) if parent_id else None
    if kind in PARENT_KIND:
        if parent is None or parent["period"] != period_id or parent["kind"] != PARENT_KIND[kind] \
                or parent["retired_at"] is not None:
            errors["parent_id"] = f"Choose the {KINDS[PARENT_KIND[kind]].lower()} this belongs under"
    parsed, phrase_error = parse_phrases(phrases)
    if phrase_error:
        errors["phrases"] = phrase_error
    if errors:
        raise FrameworkEditError(errors)
    async with transaction():
        last = await FrameworkEntry.select(FrameworkEntry.position).where(
            FrameworkEntry.period == period_id).order_by(FrameworkEntry.position, ascending=False).first()
        rows = await FrameworkEntry.insert(FrameworkEntry(
            period=period_id, kind=kind, slug=slug, name=name, parent_id=parent["id"] if parent and kind in PARENT_KIND
            else None, position=(last["position"] if last else 0) + 1, scope=scope.strip(), phrases=parsed,
            examples=[], created_at=now(), updated_at=now(),
        )).returning(FrameworkEntry.id).run()
        await _touch(period_id)
        await audit.record(actor, "add", "framework-entry", rows[0]["id"], {"kind": kind, "slug": slug, "name": name})
    return rows[0]["id"]


async def edit_entry(entry: dict, *, name: str, scope: str, phrases: str, actor: Any = None) -> None:
    """Rename or re-describe an entry; its slug and id (so every tag) stay the same."""
    errors: dict[str, str] = {}
    name = bounded_text(errors, "name", name, NAME_LIMIT, "Name", missing="Enter a name")
    parsed, phrase_error = parse_phrases(phrases)
    if phrase_error:
        errors["phrases"] = phrase_error
    if errors:
        raise FrameworkEditError(errors)
    async with transaction():
        await FrameworkEntry.update({FrameworkEntry.name: name, FrameworkEntry.scope: (scope or "").strip(),
                                     FrameworkEntry.phrases: parsed, FrameworkEntry.updated_at: now()}).where(
            FrameworkEntry.id == entry["id"]).run()
        await _touch(entry["period"])
        await audit.record(actor, "edit", "framework-entry", entry["id"], {
            "name": [entry["name"], name], "scope_changed": entry["scope"] != (scope or "").strip(),
            "phrases_changed": entry["phrases"] != parsed})


async def retire_entry(entry: dict, *, actor: Any = None) -> None:
    if entry["retired_at"] is not None:
        raise FrameworkEditError({"entry": "This entry is already retired"})
    live_children = await FrameworkEntry.count().where(
        (FrameworkEntry.parent_id == entry["id"]) & FrameworkEntry.retired_at.is_null()
        & (FrameworkEntry.kind != "topic"))
    if live_children:
        raise FrameworkEditError({"entry": "Retire or merge the delivery themes under this priority first"})
    async with transaction():
        await FrameworkEntry.update({FrameworkEntry.retired_at: now(), FrameworkEntry.updated_at: now()}).where(
            FrameworkEntry.id == entry["id"]).run()
        await _touch(entry["period"])
        await audit.record(actor, "retire", "framework-entry", entry["id"], {"slug": entry["slug"]})


async def merge_entries(source: dict, target_id: int | None, *, actor: Any = None) -> None:
    """Fold `source` into `target`: its tags, phrases, examples and children move; it is retired
    with merged_into set. Officers' decisions move too, unless they already judged the target."""
    target = await get_entry(target_id) if target_id else None
    if target is None or target["id"] == source["id"] or target["period"] != source["period"] \
            or target["kind"] != source["kind"] or target["retired_at"] is not None:
        raise FrameworkEditError({"target": "Choose another current entry of the same kind to merge into"})
    if source["retired_at"] is not None:
        raise FrameworkEditError({"target": "This entry is already retired"})
    if _tag_mover is None:  # merging without moving the tags would strand them on a retired entry
        raise RuntimeError("no tag mover registered: engage.app registers the voices' one")
    phrases = dict(source["phrases"] or {})
    phrases.update(target["phrases"] or {})  # the target's own weights win
    examples = list(target["examples"] or []) + [e for e in source["examples"] or [] if e not in target["examples"]]
    async with transaction():
        moved = await _tag_mover(source["id"], target["id"])
        await FrameworkEntry.update({FrameworkEntry.parent_id: target["id"]}).where(
            FrameworkEntry.parent_id == source["id"]).run()
        await FrameworkEntry.update({FrameworkEntry.phrases: phrases, FrameworkEntry.examples: examples,
                                     FrameworkEntry.updated_at: now()}).where(
            FrameworkEntry.id == target["id"]).run()
        await FrameworkEntry.update({FrameworkEntry.retired_at: now(), FrameworkEntry.merged_into: target["id"],
                                     FrameworkEntry.updated_at: now()}).where(
            FrameworkEntry.id == source["id"]).run()
        await _touch(source["period"])
        await audit.record(actor, "merge", "framework-entry", source["id"],
                           {"from": source["slug"], "into": target["slug"], "into_id": target["id"], **moved})


async def start_period_from(period: dict, *, name: str, actor: Any = None) -> int:
    """A new current period holding a copy of `period`'s current entries (copied_from links them)."""
    errors: dict[str, str] = {}
    name = bounded_text(errors, "name", name, NAME_LIMIT, "Name", missing="Enter a name for the new plan period")
    if errors:
        raise FrameworkEditError(errors)
    rows = await entries(period["id"], active_only=True)
    async with transaction():
        await PlanPeriod.update({PlanPeriod.status: "archived"}).where(PlanPeriod.status == "current").run()
        new = await PlanPeriod.insert(PlanPeriod(
            slug=await _unique_period_slug(name), name=name, status="current", extra=period["extra"] or {},
            copied_from=period["id"], revision=_revision(), created_at=now(),
        )).returning(PlanPeriod.id).run()
        new_id = new[0]["id"]
        ids: dict[int, int] = {}
        for r in rows:  # parents come before children (position order from import/add)
            created = await FrameworkEntry.insert(FrameworkEntry(
                period=new_id, kind=r["kind"], slug=r["slug"], name=r["name"], number=r["number"],
                parent_id=ids.get(r["parent_id"]) if r["parent_id"] else None, position=r["position"],
                scope=r["scope"], phrases=r["phrases"], examples=r["examples"], copied_from=r["id"],
                created_at=now(), updated_at=now(),
            )).returning(FrameworkEntry.id).run()
            ids[r["id"]] = created[0]["id"]
        await audit.record(actor, "start-period", "framework-period", new_id,
                           {"name": name, "copied_from": period["id"], "entries": len(ids)})
    return new_id
