"""Duplicating a consultation as a new draft (the annual priority review repeats every year): its
details, its questions (new ids, the same options and skip logic) and its plan, never its responses or decision."""

from __future__ import annotations

from engage.db import transaction
from engage.times import now
from surveys.conditions import rule
from surveys.consultations import get, slug_taken
from surveys.loop_tables import ConsultationPlan
from surveys.tables import Consultation, Question, new_revision
from surveys.easy_read_images import copy_images
from surveys.translations import copy_translations

COPIED = ("title", "summary", "background", "priorities", "ask_about_you", "retention_days")
QUESTION_COPIED = ("position", "kind", "text", "hint", "required", "options", "allow_other", "max_length", "settings")
PLAN_COPIED = ("purpose", "open_to_change", "not_open_to_change", "how_used", "equality_link", "equality_summary",
               "wards")


async def free_slug(slug: str) -> str:
    base = f"{slug[:70]}-copy"
    candidate, n = base, 1
    while await slug_taken(candidate):
        n += 1
        candidate = f"{base}-{n}"
    return candidate


async def duplicate(c: dict, user_id: int | None) -> dict:
    """A draft copy of `c`, with no dates (a new round has new ones); the new row."""
    slug = await free_slug(c["slug"])
    async with transaction():
        values = {k: c[k] for k in COPIED}
        values["title"] = f"{c['title']} (copy)"[:200]
        rows = await Consultation.insert(Consultation(
            **values, slug=slug, status="draft", created_by=user_id, created_at=now(), updated_at=now(),
            revision=new_revision())).returning(Consultation.id).run()
        new_id = rows[0]["id"]
        questions = await Question.select().output(load_json=True).where(Question.consultation == c["id"]).run()
        question_ids = {}
        for q in questions:
            made = await Question.insert(Question(consultation=new_id, **{k: q[k] for k in QUESTION_COPIED})).returning(
                Question.id).run()
            question_ids[q["id"]] = made[0]["id"]
        for q in questions:  # skip logic points at the copies of its questions (surveys.conditions)
            condition = rule(q)
            if condition and condition["question"] in question_ids:
                await Question.update({Question.show_when: {**condition, "question": question_ids[condition["question"]]}}
                                      ).where(Question.id == question_ids[q["id"]]).run()
        plan = await ConsultationPlan.select().output(load_json=True).where(
            ConsultationPlan.consultation == c["id"]).first()
        if plan:
            # The decision date and any reason for a short run belong to the old round.
            await ConsultationPlan.insert(ConsultationPlan(consultation=new_id, updated_at=now(),
                                                           **{k: plan[k] for k in PLAN_COPIED})).run()
        await copy_translations(c["id"], new_id, question_ids)  # surveys.translations
        await copy_images(c["id"], new_id, question_ids)
    return await get(new_id)
