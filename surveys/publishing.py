"""Publishing a consultation's results: what will be hidden, and the reason when there are few
responses (fewer than ENGAGE_MIN_PUBLISHED_RESPONSES). Every publication is recorded. No web imports."""

from __future__ import annotations

from dataclasses import dataclass

from engage.summaries.published import published_results
from engage.times import now
from surveys import consultations as cons
from surveys.loop_tables import Publication
from surveys.responses import count_for


@dataclass
class PublishPreview:
    responses: int
    cells: int  # counts residents would see
    suppressed: int  # of which hidden ("fewer than 10" or "[c]")
    minimum: int

    @property
    def below_minimum(self) -> bool:
        return self.responses < self.minimum


async def preview(c: dict, minimum: int) -> PublishPreview:
    responses = await count_for(c["id"])
    results = await published_results(c, responses)
    cells = [cell for q in results.questions for _, cell, _ in q.rows]
    cells += [t.comments for t in results.themes] + [results.comments]
    return PublishPreview(responses, len(cells), sum(1 for cell in cells if cell.suppressed), minimum)


async def publish(c: dict, user_id: int | None, confirmed: bool, reason: str,
                  minimum: int) -> tuple[dict, dict[str, str], PublishPreview]:
    """Publish the results; (row, errors by field, preview). Nothing changes when there are errors."""
    shown = await preview(c, minimum)
    errors: dict[str, str] = {}
    reason = (reason or "").strip()
    if shown.below_minimum and not reason:
        errors["reason"] = (f"There are fewer than {minimum} responses: say why the results should be published "
                            "anyway")
    elif len(reason) > 2000:
        errors["reason"] = "Reason must be 2,000 characters or fewer"
    if not confirmed:
        errors["confirm"] = "Confirm that the results may be published"
    if errors:
        return c, errors, shown
    updated, problem = await cons.change_status(c, "publish")
    if problem:
        return c, {"confirm": problem}, shown
    await Publication.insert(Publication(consultation=c["id"], published_at=now(), published_by=user_id,
                                         responses=shown.responses, suppressed_cells=shown.suppressed,
                                         low_response_reason=reason if shown.below_minimum else "")).run()
    return updated, {}, shown


async def latest_publication(consultation_id: int) -> dict | None:
    return await Publication.select().where(Publication.consultation == consultation_id).order_by(
        Publication.id, ascending=False).first()
