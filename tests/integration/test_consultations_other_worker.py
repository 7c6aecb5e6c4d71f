"""An officer's change made through another worker (a separate process with its own app and its
own memory, sharing the database) shows on this worker's residents' pages at once, and answers
are checked against it: surveys.open_forms checks the consultation's revision itself, so nobody
has to call it back."""

from __future__ import annotations

import contextlib
import json
import re
import subprocess
import sys
from pathlib import Path

from tests.support import PASSWORD, make_consultation, make_user, post_form

ROOT = Path(__file__).resolve().parents[2]

# Run in the other process: its own app, kept for the test; for each line of JSON it reads (a list of
# (path, form) pairs) it sends those forms and prints their status codes on a line of their own.
OTHER_WORKER = """
import asyncio, json, sys
from litestar.testing import AsyncTestClient
from engage.app import create_app
from engage.settings import Settings
from tests.support import SECRET_KEY, post_form

async def main(url):
    app = create_app(Settings(env="test", secret_key=SECRET_KEY, database_url=url, database_pool_size=0))
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as client:
        client.follow_redirects = False
        while line := await asyncio.to_thread(sys.stdin.readline):
            statuses = [(await post_form(client, path, data)).status_code for path, data in json.loads(line)]
            print("statuses", json.dumps(statuses), flush=True)

asyncio.run(main(sys.argv[1]))
"""


@contextlib.contextmanager
def another_worker(settings, tmp_path: Path):
    """A worker of its own (started once: start-up is most of its cost); call it with forms to send."""
    log = tmp_path / "other-worker.log"
    with open(log, "w") as errors:
        process = subprocess.Popen([sys.executable, "-c", OTHER_WORKER, settings.database_url], cwd=ROOT, text=True,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=errors)

    def send(*posts: tuple[str, dict]) -> list[int]:
        process.stdin.write(json.dumps(posts) + "\n")
        process.stdin.flush()
        while line := process.stdout.readline():
            if line.startswith("statuses "):
                return json.loads(line.removeprefix("statuses "))
        raise AssertionError(f"the other worker stopped:\n{log.read_text()}")

    try:
        yield send
    finally:
        process.stdin.close()
        try:
            assert process.wait(timeout=120) == 0, log.read_text()
        finally:
            process.kill()
            process.wait()


async def answer(client, c: dict, data: dict):
    return await post_form(client, f"/consultations/{c['slug']}/respond", data, follow_redirects=False)


async def test_a_change_made_through_another_worker_shows_here_at_once(client, settings, tmp_path):
    from surveys.tables import Response

    officer = await make_user("officer")
    c, (q,) = await make_consultation(slug="other-worker", kinds=["single_choice"])
    assert "Pick one" in (await client.get(f"/consultations/{c['slug']}/respond")).text  # this worker keeps it
    assert c["title"] in (await client.get("/")).text
    alpha, bravo, charlie = (o["id"] for o in q["options"])

    with another_worker(settings, tmp_path) as other_worker:
        assert other_worker(("/login", {"email": officer["email"], "password": PASSWORD}), (
            f"/officer/consultations/{c['id']}/questions/{q['id']}/edit",
            {"kind": "single_choice", "text": "Pick the one that matters most", "hint": "", "required": "no",
             f"option-{alpha}": "Alpha", f"option-{bravo}": "Bravo", f"option-{charlie}": "Charlie",
             "new_options": "Delta", "allow_other": "yes"})) == [303, 303]

        form = (await client.get(f"/consultations/{c['slug']}/respond")).text
        assert "Pick the one that matters most" in form and "Pick one (optional)" not in form
        delta = re.search(rf'name="q{q["id"]}" type="radio" value="([^"]+)"[^>]*>\s*<label[^>]*>\s*Delta', form)
        assert delta
        assert (await answer(client, c, {f"q{q['id']}": delta.group(1)})).status_code == 303

        assert other_worker((f"/officer/consultations/{c['id']}/status", {"action": "close"})) == [303]

        assert c["title"] not in (await client.get("/")).text  # no longer listed as open
        refused = await answer(client, c, {f"q{q['id']}": delta.group(1)})
        assert refused.status_code == 409 and "no longer taking responses" in refused.text
        assert await Response.count() == 1
