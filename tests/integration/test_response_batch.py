"""Responses arriving together share one statement on PostgreSQL (surveys.response_batch): each is
still stored exactly once, with its own answers, equality answers and analysis, and each caller gets
its own receipt or its own refusal."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from engage.db import is_sqlite
from surveys import response_batch, responses
from surveys.about_you_store import FIELDS
from surveys.kinds import Stored
from surveys.responses import CheckedSubmission, StaleForm, receipt_hash, store_submission
from surveys.tables import AboutYou, Answer, Response
from tests.support import make_consultation

SECRET = "batch-test-secret-" + "x" * 40


@pytest.fixture
def batch_sizes(monkeypatch) -> list[int]:
    """The size of every statement that stored more than one response (and did not fail)."""
    sizes: list[int] = []
    real = response_batch.insert_batch

    async def counted(writes):
        stored = await real(writes)
        sizes.append(len(writes))
        return stored

    monkeypatch.setattr(responses._GROUPED, "write_many", counted)
    return sizes


def submission(text_qid: int, choice_qid: int, n: int, *, about: bool, choice: str = "") -> CheckedSubmission:
    checked = CheckedSubmission()
    checked.answers[choice_qid] = Stored(rows=[(choice or ("yes" if n % 2 else "no"), None, None)])
    if n % 3:
        checked.answers[text_qid] = Stored(rows=[(None, None, f"Street lights out on road {n}")])
    if about:
        checked.about_you = {"age_band": "25-34", "ward": "castle"} if n % 2 else {"sex": "female"}
    return checked


async def answers_of(receipt: str) -> set[tuple]:
    response = await Response.select(Response.id).where(Response.receipt_hash == receipt_hash(SECRET, receipt)).first()
    rows = await Answer.select(Answer.question, Answer.choice, Answer.text).where(Answer.response == response["id"])
    return {(r["question"], r["choice"], r["text"]) for r in rows}


async def test_thirty_responses_at_once_each_keep_their_own_answers(app, batch_sizes, monkeypatch):
    from engage.voices.tables import PendingAnalysis

    async def not_yet() -> None:  # the analysis left queued, to count what was queued
        return None

    monkeypatch.setattr(responses, "request_analysis", not_yet)
    c, (text_q, choice_q) = await make_consultation("batched", kinds=["short_text", "single_choice"])
    sent = {n: submission(text_q["id"], choice_q["id"], n, about=n % 4 == 0) for n in range(30)}

    results = await asyncio.gather(*(
        store_submission(c["id"], checked, submission_key=f"key-{n}", secret=SECRET, revision=c["revision"])
        for n, checked in sent.items()))

    assert all(created for _, created in results)
    assert len({receipt for receipt, _ in results}) == 30
    for (receipt, _), (n, checked) in zip(results, sent.items()):
        expected = {(qid, choice, text) for qid, stored in checked.answers.items() for choice, _, text in stored.rows}
        assert await answers_of(receipt) == expected, n
    assert await Response.count() == 30
    assert await PendingAnalysis.count() == sum(1 for checked in sent.values() if checked.has_free_text)
    equality = await AboutYou.select(*[getattr(AboutYou, f) for f in FIELDS]).run()
    assert sorted(tuple(sorted((k, v) for k, v in row.items() if v)) for row in equality) == sorted(
        tuple(sorted(checked.about_you.items())) for checked in sent.values() if checked.about_you)
    if not is_sqlite():
        assert batch_sizes and max(batch_sizes) > 1, "thirty at once never shared a statement"


async def test_the_same_submission_twice_in_one_burst_is_stored_once(app, batch_sizes):
    c, (text_q, choice_q) = await make_consultation("batched-twice", kinds=["short_text", "single_choice"])
    # The same one has no written answer: two of it in one statement would then store its answers twice.
    burst = [("same", 3)] * 2 + [(f"other-{n}", n) for n in range(10)] + [("same", 3)] * 2

    results = await asyncio.gather(*(
        store_submission(c["id"], submission(text_q["id"], choice_q["id"], n, about=True), submission_key=key,
                         secret=SECRET, revision=c["revision"]) for key, n in burst))

    same = [result for (key, _), result in zip(burst, results) if key == "same"]
    assert len({receipt for receipt, _ in same}) == 1 and [created for _, created in same].count(True) == 1
    assert await Response.count() == 11
    assert await Answer.count() == 11 + sum(1 for _, n in burst[2:12] if n % 3)
    assert await AboutYou.count() == 11
    if not is_sqlite():
        assert batch_sizes and max(batch_sizes) > 1


async def send_burst(c: dict, text_q: dict, choice_q: dict, *odd: dict) -> list:
    """Eight good responses, then `odd` (keyword arguments for send), then eight more, all at once."""

    async def send(n: int, *, choice: str = "", revision: str = c["revision"], vocabulary: str = ""):
        checked = submission(text_q["id"], choice_q["id"], n, about=False, choice=choice)
        checked.vocabulary = vocabulary  # the framework revision a ward answer was checked against
        return await store_submission(c["id"], checked, submission_key=str(uuid.uuid4()), secret=SECRET,
                                      revision=revision)

    return await asyncio.gather(*(send(n) for n in range(8)), *(send(90 + i, **kw) for i, kw in enumerate(odd)),
                                *(send(n) for n in range(8, 16)), return_exceptions=True)


@pytest.mark.parametrize("stale", [{"revision": "an-older-revision"}, {"vocabulary": "1:an-older-framework"}])
async def test_answers_checked_against_an_older_revision_in_a_burst_are_refused_alone(app, batch_sizes, stale):
    c, (text_q, choice_q) = await make_consultation("batched-stale", kinds=["short_text", "single_choice"])

    results = await send_burst(c, text_q, choice_q, stale)

    assert isinstance(results[8], StaleForm)
    assert not [r for n, r in enumerate(results) if n != 8 and isinstance(r, BaseException)]
    assert await Response.count() == 16
    if not is_sqlite():
        assert batch_sizes and max(batch_sizes) > 1


async def test_one_bad_write_in_a_burst_fails_alone(app, batch_sizes):
    c, (text_q, choice_q) = await make_consultation("batched-bad", kinds=["short_text", "single_choice"])

    # Longer than PostgreSQL's column holds (SQLite takes it): only a bug past the checks could send it, and
    # only it may fail.
    results = await send_burst(c, text_q, choice_q, {"choice": "x" * 200})

    failures = [r for r in results if isinstance(r, BaseException)]
    if is_sqlite():
        assert not failures and await Response.count() == 17
    else:
        assert len(failures) == 1 and failures[0] is results[8], failures
        assert await Response.count() == 16
