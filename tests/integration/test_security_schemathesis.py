"""schemathesis against the OpenAPI document, in process: no 5xx, responses match the schema.

Bounded: a few examples per operation and no deadline, so it stays fast; the data it sends
is random, so it runs against records that exist (an open consultation) as well as guesses.
"""

from __future__ import annotations

import asyncio

import pytest

schemathesis = pytest.importorskip("schemathesis")

MAX_EXAMPLES = 12


def _run(app, token: str) -> list[str]:
    from hypothesis import HealthCheck, given, settings
    from schemathesis.checks import not_a_server_error
    from schemathesis.specs.openapi.checks import (
        content_type_conformance,
        response_schema_conformance,
        status_code_conformance,
    )

    schema = schemathesis.openapi.from_asgi("/schema/openapi.json", app)
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    failures, operations = [], 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith("/api/"):
            continue
        operations += 1

        @settings(max_examples=MAX_EXAMPLES, deadline=None, database=None, derandomize=True,
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def check(case):
            # As a script with an officer's token would call it: guards pass, so the handlers are tested.
            case.call_and_validate(checks=checks, headers={"Authorization": f"Bearer {token}"})

        try:
            check()
        except (Exception, BaseExceptionGroup) as exc:  # noqa: BLE001 - collect every operation's failures
            failures.append(f"{operation.method.upper()} {operation.path}: {str(exc)[:1500]}")
    assert operations >= 3, "the OpenAPI document lists too few API operations"
    return failures


async def test_the_api_keeps_to_its_openapi_document(app):
    from tests.support import make_consultation

    await make_consultation("open-one", status="open", kinds=["short_text", "single_choice", "rating"])
    await make_consultation("draft-one", status="draft", kinds=["short_text"])
    from engage.auth import services as accounts
    from tests.support import make_user

    user = await make_user("admin")
    token = await accounts.create_api_token(user["id"], "schemathesis")
    failures = await asyncio.to_thread(_run, app, token)
    assert not failures, "\n\n".join(failures)
