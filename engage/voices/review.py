"""The officers' review queue as a worklist: filters, the order voices come in, "save and next",
bulk confirmation of machine tags for a filtered set, and who has taken which voice.

The list is one SQL query (the same on SQLite and PostgreSQL) so the filters, the order (concerns,
possible concerns, the rest; newest first) and "the next voice" all agree. No web imports.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any
from urllib.parse import urlencode

from engage.audit import services as audit
from engage.db import transaction
from engage.framework.vocabulary import ward_name
from engage.times import now
from engage.voices.services import EFFECTIVE_TAGS_SQL, language_label, tag_choices
from engage.voices.tables import MachineTag, TagDecision, Voice

VIEWS = {"queue": "To review", "flagged": "Safeguarding", "not-analysed": "Not analysed", "reviewed": "Reviewed"}
FLAGS = {"": "Any", "concern": "Safeguarding concern", "possible": "Possible concern", "none": "No flag"}
ASSIGNED = {"": "Anyone", "me": "Assigned to me", "nobody": "Not assigned"}
UNRESOLVED = "(v.safeguarding = TRUE AND v.safeguarding_status NOT IN ('actioned', 'cleared'))"
VIEW_SQL = {
    "queue": f"({UNRESOLVED} OR v.reviewed_at IS NULL)",
    "flagged": UNRESOLVED,
    "reviewed": "v.reviewed_at IS NOT NULL",
    "not-analysed": "v.analysed = FALSE",
}
FLAG_SQL = {
    "concern": f"({UNRESOLVED} AND v.safeguarding_level = 'concern')",
    "possible": f"({UNRESOLVED} AND v.safeguarding_level <> 'concern')",
    "none": f"NOT {UNRESOLVED}",
}
# Most urgent first, then newest: the order of the list and of "save and next".
ORDER_SQL = (f"CASE WHEN {UNRESOLVED} AND v.safeguarding_level = 'concern' THEN 0 WHEN {UNRESOLVED} THEN 1 "
             f"ELSE 2 END, v.occurred_at DESC, v.id DESC")
# A voice bulk confirmation may touch: analysed, no open safeguarding flag, not yet reviewed.
ORDINARY_SQL = f"(v.analysed = TRUE AND NOT {UNRESOLVED} AND v.reviewed_at IS NULL)"


@dataclass(frozen=True)
class Filters:
    """What the officer narrowed the queue to. Every field is a plain string from the query."""

    view: str = "queue"
    consultation: str = ""
    ward: str = ""
    theme: str = ""
    flag: str = ""
    language: str = ""
    assigned: str = ""

    @classmethod
    def parse(cls, values: dict[str, Any]) -> "Filters":
        """Unknown or malformed values are dropped (the queue shows everything for that filter)."""
        def get(name: str) -> str:
            value = values.get(name, "")
            if isinstance(value, list):
                value = value[0] if value else ""
            return str(value or "").strip()[:60]

        view = get("view")
        consultation, theme = get("consultation"), get("theme")
        return cls(view=view if view in VIEWS else "queue",
                   consultation=consultation if consultation.isdigit() else "",
                   ward=get("ward"), theme=theme if theme.isdigit() else "",
                   flag=get("flag") if get("flag") in FLAGS else "",
                   language=get("language"), assigned=get("assigned") if get("assigned") in ASSIGNED else "")

    def query(self, **changes: str) -> str:
        """The filters as a query string (empty ones left out), for links; `changes` may change a
        filter or add another parameter (done=...)."""
        values = {f.name: getattr(self, f.name) for f in fields(self)} | changes
        return urlencode({k: v for k, v in values.items() if v and not (k == "view" and v == "queue")})

    @property
    def narrowed(self) -> bool:
        return any(getattr(self, f.name) for f in fields(self) if f.name != "view")


def _where(filters: Filters, user_id: int | None, extra: str = "") -> tuple[str, list]:
    clauses, args = [VIEW_SQL[filters.view]], []
    if filters.consultation:
        clauses.append("v.consultation_id = {}")
        args.append(int(filters.consultation))
    if filters.ward:
        clauses.append("v.ward = {}")
        args.append(filters.ward)
    if filters.theme:
        clauses.append(f"v.id IN (SELECT t.voice FROM ({EFFECTIVE_TAGS_SQL}) t WHERE t.entry = {{}})")
        args.append(int(filters.theme))
    if filters.flag:
        clauses.append(FLAG_SQL[filters.flag])
    if filters.language:
        clauses.append("v.language = {}")
        args.append(filters.language)
    if filters.assigned == "me":
        clauses.append("v.assigned_to = {}")
        args.append(user_id or -1)
    elif filters.assigned == "nobody":
        clauses.append("v.assigned_to IS NULL")
    if extra:
        clauses.append(extra)
    return " AND ".join(clauses), args


async def _ids(filters: Filters, user_id: int | None, extra: str = "", limit: int | None = None,
               offset: int = 0) -> list[int]:
    where, args = _where(filters, user_id, extra)
    page = ""
    if limit is not None:
        page = " LIMIT {} OFFSET {}"
        args = [*args, limit, offset]
    rows = await Voice.raw(f"SELECT v.id AS id FROM voices_voice v WHERE {where} ORDER BY {ORDER_SQL}{page}",
                           *args).run()
    return [r["id"] for r in rows]


async def count(filters: Filters, user_id: int | None, extra: str = "") -> int:
    where, args = _where(filters, user_id, extra)
    rows = await Voice.raw(f"SELECT COUNT(*) AS n FROM voices_voice v WHERE {where}", *args).run()
    return int(rows[0]["n"])


async def page(filters: Filters, user_id: int | None, limit: int, offset: int) -> tuple[list[dict], int]:
    """One page of the compact list, in queue order, and how many voices match in all."""
    ids = await _ids(filters, user_id, limit=limit, offset=offset)
    rows = await Voice.select().output(load_json=True).where(Voice.id.is_in(ids or [-1])).run()
    by_id = {r["id"]: r for r in rows}
    voices = [by_id[i] for i in ids if i in by_id]
    titles = await source_titles(voices)
    for v in voices:
        v["source_title"] = titles.get(v["id"], "")
        v["ward_name"] = ward_name(v["ward"]) or v["ward"] or ""
    return voices, await count(filters, user_id)


async def source_titles(voices: list[dict]) -> dict[int, str]:
    """Voice id -> the title of what it came from: the consultation's or the meeting's.

    Read by table name so the voices layer need not import the surveys or meetings code."""
    consultations = sorted({v["consultation_id"] for v in voices if v.get("consultation_id")})
    meetings = sorted({v["meeting_id"] for v in voices if v.get("meeting_id")})
    names: dict[tuple[str, int], str] = {}
    for kind, table, ids in (("c", "surveys_consultation", consultations), ("m", "meetings_meeting", meetings)):
        if ids:
            marks = ", ".join("{}" for _ in ids)
            for row in await Voice.raw(f"SELECT id, title FROM {table} WHERE id IN ({marks})", *ids).run():
                names[(kind, row["id"])] = row["title"]
    out = {}
    for v in voices:
        if v.get("meeting_id"):
            out[v["id"]] = names.get(("m", v["meeting_id"]), "")
        elif v.get("consultation_id"):
            out[v["id"]] = names.get(("c", v["consultation_id"]), "")
    return out


async def next_voice(filters: Filters, user_id: int | None, after: int, order: list[int] | None = None) -> int | None:
    """The voice to open after `after`: the next one in the filtered queue that nobody else has taken.

    `order` is the queue as it stood before `after` was saved (it may have left the list since)."""
    order = order if order is not None else await _ids(filters, user_id)
    taken = {r["id"] for r in await Voice.select(Voice.id).where(
        Voice.assigned_to.is_not_null() & (Voice.assigned_to != (user_id or -1))
        & Voice.id.is_in(order or [-1])).run()}
    start = order.index(after) + 1 if after in order else 0
    for vid in order[start:] + order[:start]:
        if vid != after and vid not in taken:
            return vid
    return None


async def queue_order(filters: Filters, user_id: int | None) -> list[int]:
    return await _ids(filters, user_id)


# -- choices for the filter form -----------------------------------------------------------------


async def filter_choices() -> dict[str, list[dict]]:
    """What each filter may be set to, from the voices there are (with titles, names and counts)."""
    consultations = await Voice.raw(
        "SELECT c.id AS id, c.title AS title, COUNT(*) AS n FROM voices_voice v "
        "JOIN surveys_consultation c ON c.id = v.consultation_id GROUP BY c.id, c.title ORDER BY c.title").run()
    wards = await Voice.raw("SELECT v.ward AS ward, COUNT(*) AS n FROM voices_voice v WHERE v.ward IS NOT NULL "
                            "GROUP BY v.ward").run()
    languages = await Voice.raw("SELECT language, COUNT(*) AS n FROM voices_voice GROUP BY language").run()

    return {
        "consultations": [{"value": str(r["id"]), "text": f"{r['title']} ({r['n']})"} for r in consultations],
        "wards": sorted(({"value": r["ward"], "text": f"{ward_name(r['ward']) or r['ward']} ({r['n']})"}
                         for r in wards), key=lambda w: w["text"]),
        "themes": [{"value": str(t["id"]), "text": t["name"]} for t in await tag_choices()],
        "languages": sorted(({"value": r["language"], "text": f"{language_label(r['language'])} ({r['n']})"}
                             for r in languages), key=lambda lang: (lang["value"] != "en", lang["text"])),
    }


# -- officer actions --------------------------------------------------------------------------------


class ReviewError(ValueError):
    """The review cannot be saved as sent; the message says why, for the form."""


async def save_review(voice: dict, decisions: dict[int, str], actor: Any) -> None:
    """One voice, reviewed in one go: a confirm or reject for each machine tag the officer looked at,
    then marked as reviewed. Tags left alone keep any earlier decision."""
    if voice["safeguarding"] and voice["safeguarding_status"] not in ("actioned", "cleared"):
        raise ReviewError("Record what was done about the safeguarding concern, or clear it, first")
    machine = {r["entry"] for r in await MachineTag.select(MachineTag.entry).where(
        MachineTag.voice == voice["id"]).run()}
    wanted = {entry: d for entry, d in decisions.items() if entry in machine and d in ("confirm", "reject")}
    at = now()
    async with transaction():
        if wanted:
            await TagDecision.delete().where((TagDecision.voice == voice["id"])
                                             & TagDecision.entry.is_in(list(wanted))).run()
            await TagDecision.insert(*[TagDecision(
                voice=voice["id"], entry=entry, decision=d, decided_by=getattr(actor, "id", None),
                decided_by_email=getattr(actor, "email", "") or "", decided_at=at) for entry, d in wanted.items()]).run()
        await Voice.update({Voice.reviewed_at: at, Voice.reviewed_by: getattr(actor, "id", None)}).where(
            Voice.id == voice["id"]).run()
        await audit.record(actor, "review", "voice", voice["id"],
                           {"confirmed": sorted(e for e, d in wanted.items() if d == "confirm"),
                            "rejected": sorted(e for e, d in wanted.items() if d == "reject")})


async def bulk_candidates(filters: Filters, user_id: int | None) -> int:
    """How many voices of the filtered set bulk confirmation would review."""
    return await count(filters, user_id, ORDINARY_SQL)


async def bulk_confirm(filters: Filters, actor: Any) -> tuple[int, int]:
    """Confirm every undecided machine tag on the ordinary voices of the filtered set, and mark those
    voices reviewed. Voices with an open safeguarding flag, not analysed or already reviewed are left
    for one-by-one review. Returns (voices reviewed, tags confirmed)."""
    user_id = getattr(actor, "id", None)
    ids = await _ids(filters, user_id, ORDINARY_SQL)
    if not ids:
        return 0, 0
    at = now()
    confirmed = 0
    async with transaction():
        for start in range(0, len(ids), 500):  # keeps each statement's parameters few
            chunk = ids[start:start + 500]
            decided = {(r["voice"], r["entry"]) for r in await TagDecision.select(
                TagDecision.voice, TagDecision.entry).where(TagDecision.voice.is_in(chunk)).run()}
            machine = await MachineTag.select(MachineTag.voice, MachineTag.entry).where(
                MachineTag.voice.is_in(chunk)).run()
            new = [TagDecision(voice=m["voice"], entry=m["entry"], decision="confirm", decided_by=user_id,
                               decided_by_email=getattr(actor, "email", "") or "", decided_at=at)
                   for m in machine if (m["voice"], m["entry"]) not in decided]
            if new:
                await TagDecision.insert(*new).run()
            confirmed += len(new)
            await Voice.update({Voice.reviewed_at: at, Voice.reviewed_by: user_id}).where(
                Voice.id.is_in(chunk)).run()
        await audit.record(actor, "bulk-confirm", "voice", f"{len(ids)} voices",
                           {"voice_ids": ids, "tags": confirmed, "filters": filters.query()})
    return len(ids), confirmed


async def assign(voice_ids: list[int], actor: Any | None) -> int:
    """Give voices to the officer (or to nobody, with actor None); how many changed."""
    if not voice_ids:
        return 0
    values = ({Voice.assigned_to: actor.id, Voice.assigned_to_email: actor.email} if actor is not None
              else {Voice.assigned_to: None, Voice.assigned_to_email: ""})
    async with transaction():
        for start in range(0, len(voice_ids), 500):
            await Voice.update(values).where(Voice.id.is_in(voice_ids[start:start + 500])).run()
    return len(voice_ids)


async def assign_filtered(filters: Filters, actor: Any) -> int:
    """Take every voice of the filtered set that nobody else has taken."""
    ids = await _ids(filters, actor.id, "(v.assigned_to IS NULL OR v.assigned_to = {})".replace("{}", str(int(actor.id))))
    return await assign(ids, actor)
