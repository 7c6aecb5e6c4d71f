"""Issue 12, item 5: "About you" answers cannot be joined back to responses, even by someone holding
the database and ENGAGE_SECRET_KEY; and no receipt code is stored anywhere.

The attacker here has every row of both tables, the key, and every value the app could derive
from it (receipt codes worked out from submission keys, their hashes, the old receipt-keyed
erasure hash). Residents answer through the real form; each gives a distinct combination of
equality answers, so the test knows which row is whose and can score the attacker's guesses."""

from __future__ import annotations

import hashlib
import hmac
import itertools

from tests.support import SECRET_KEY, make_consultation, post_form

RESIDENTS = 40


def _markers() -> list[dict[str, str]]:
    from surveys.about_you import QUESTIONS

    options = {q.field: [v for v, _ in q.options if v != "prefer-not"] for q in QUESTIONS}
    combos = itertools.product(options["age_band"], options["sex"], options["ethnicity"])
    return [{"age_band": a, "sex": s, "ethnicity": d} for a, s, d in itertools.islice(combos, RESIDENTS)]


async def _rows(sql: str) -> list[dict]:
    from engage.db import current_engine

    return [dict(r) for r in await current_engine().run_ddl(sql)]


def _derived(secret: str, response: dict, receipts: set[str]) -> set[str]:
    """Everything an attacker with the key can work out from a response row, and more: even the
    receipts themselves, which the database cannot give back."""
    from surveys.responses import receipt_hash

    worked = set()
    for receipt in receipts:
        worked |= {receipt, receipt_hash(secret, receipt), hashlib.sha256(receipt.encode()).hexdigest(),
                   hmac.new(secret.encode(), receipt.encode(), hashlib.sha256).hexdigest()}  # the old erasure key
    return {str(response["id"]), response["submission_key"], response["receipt_hash"], *worked}


async def _physical_order(table: str) -> list[dict]:
    """The table as the storage keeps it: SQLite's rowid, PostgreSQL's transaction id and row position."""
    from engage.db import is_sqlite

    if is_sqlite():
        return await _rows(f"SELECT * FROM {table} ORDER BY rowid")
    return await _rows(f"SELECT * FROM {table} ORDER BY xmin::text::bigint, ctid")


async def _answer(client) -> tuple[dict, list[dict], set[str]]:
    """Forty residents answer; their equality markers, and the receipt codes they were given."""
    from surveys.public import RECEIPT_COOKIE

    c, (short,) = await make_consultation("unlinkable", kinds=["short_text"])
    markers = _markers()
    receipts = set()
    for i, marker in enumerate(markers):
        sent = await post_form(client, f"/consultations/{c['slug']}/respond",
                               {f"q{short['id']}": f"resident {i}", **{f"about-{k}": v for k, v in marker.items()}})
        assert sent.status_code == 303, sent.text
        receipts.add(sent.cookies[RECEIPT_COOKIE])
    assert len(receipts) == len(markers)
    return c, markers, receipts


async def _truth() -> dict[str, int]:
    """Which resident (by their written answer) each equality combination belongs to."""
    answers = await _rows("SELECT r.id AS response, a.text AS text FROM surveys_answer a "
                          "JOIN surveys_response r ON r.id = a.response")
    return {row["response"]: int(row["text"].split()[-1]) for row in answers}


def _key(row: dict) -> tuple:
    return (row.get("age_band"), row.get("sex"), row.get("ethnicity"))


async def _order_attack(markers: list[dict]) -> int:
    """Line both tables up in storage order and count how many equality rows land on their own response."""
    truth = await _truth()
    responses = await _physical_order("surveys_response")
    equality = await _physical_order("surveys_about_you")
    by_marker = {_key(m): i for i, m in enumerate(markers)}
    return sum(1 for r, e in zip(responses, equality) if truth[r["id"]] == by_marker[_key(e)])


async def test_no_receipt_is_stored_and_no_equality_value_can_be_derived_from_a_response(client):
    c, markers, receipts = await _answer(client)
    responses = await _rows("SELECT * FROM surveys_response")
    equality = await _rows("SELECT * FROM surveys_about_you")
    assert len(responses) == len(equality) == RESIDENTS

    # No plain receipt anywhere in the database: the codes the residents were given are nowhere.
    everything = str(responses) + str(equality) + str(await _rows("SELECT * FROM surveys_answer"))
    assert not [code for code in receipts if code in everything]
    # Nor can the key work them out again from what a response row keeps.
    from surveys.responses import receipt_for

    assert not {receipt_for(SECRET_KEY, r["submission_key"]) for r in responses} & receipts

    # Nothing in an equality row matches anything the key can derive from any response.
    derived = set().union(*(_derived(SECRET_KEY, r, receipts) for r in responses))
    # (The consultation id is the same in every row, so it tells nothing apart.)
    shared = {k for row in equality for k, v in row.items() if k != "consultation" and str(v) in derived}
    assert not shared, shared
    # The only columns the two tables have in common are the row id (unrelated: a UUID against an
    # integer) and the consultation, the same for every row; dates are months, not days or times.
    assert set(equality[0]) & set(responses[0]) <= {"id", "consultation"}
    assert all(str(row["submitted_month"]).endswith("-01") or "-01 " in str(row["submitted_month"])
               for row in equality)


async def test_storage_order_cannot_join_equality_answers_to_responses(client):
    """Lined up in the order the storage keeps them, equality rows land on their own response no
    more often than chance (one in forty each): SQLite rows get random rowids at once, and the
    daily mix (`engage retention`) rewrites PostgreSQL's in a random order in one transaction."""
    from engage.privacy.retention import apply_retention

    _, markers, _ = await _answer(client)
    await apply_retention()
    matches = await _order_attack(markers)
    # By chance about 1 of 40 matches; 10 or more happens with probability below 1e-7.
    assert matches < 10, f"{matches} of {RESIDENTS} equality rows joined to their response by storage order"
