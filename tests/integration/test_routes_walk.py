"""Walk every route the app serves: CSRF, roles, guessed ids, and GETs that change nothing.

Routes are discovered from the app itself (app.routes), never listed by hand, so a page
added later is covered by construction. A route the walk cannot exercise (an unknown guard,
a path parameter it cannot fill) fails with a message naming the route and what to add.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import re
from html.parser import HTMLParser
from urllib.parse import urlencode
from dataclasses import dataclass, field

import pytest
from litestar.routes import HTTPRoute
from litestar.testing import AsyncTestClient

from engage import background
from engage.auth.csrf import CSRF_COOKIE
from engage.jobs.queue import JobQueue
from engage.auth.sessions import COOKIE_NAME as SESSION_COOKIE
from engage.auth.roles import ADMIN, EXECUTIVE, OFFICER, ROLES
from tests.support import make_consultation, post_form, sign_in

NUL = "\x00"

SAFE = {"GET"}
SKIPPED_METHODS = {"HEAD", "OPTIONS"}  # HEAD mirrors GET; OPTIONS is Litestar's own
# The one documented way to change data without a CSRF token: the anonymous JSON API for
# responses (no cookies, no session; see its OpenAPI description).
DOCUMENTED_CSRF_EXEMPT = {("POST", "/api/consultations/{slug:str}/responses")}
MISSING_INT = 987654321
MISSING_SLUG = "no-such-record-here"
# Tables whose rows change on any request by design (sessions, counters): left out of the
# "no GET changes data" comparison.
VOLATILE_TABLES = {"engage_stored_value", "engage_stored_counter"}
# Append-only by design: the audit trail records who downloaded an export (a read worth
# recording). A table is left out only by a prefix listed here, with its reason. (The summaries'
# rollups are not: a page that finds them behind the voices asks for a refresh job and writes nothing.)
NOT_DATA_PREFIXES = ("engage_audit_event",)
MISSING_JOB = "00000000-0000-4000-8000-000000000000"
PARAM = re.compile(r"{(\w+):(\w+)}")


@dataclass(frozen=True)
class RouteCase:
    path: str
    method: str
    handler_name: str
    params: tuple[tuple[str, str], ...]  # (name, type)
    roles: frozenset[str] | None  # None: anyone; else the roles the guards let through
    csrf_exempt: bool
    static: bool

    @property
    def label(self) -> str:
        return f"{self.method} {self.path} ({self.handler_name})"

    @property
    def is_api(self) -> bool:
        return self.path.startswith("/api/")


class UncoveredRoute(AssertionError):
    pass


def required_roles(handler) -> frozenset[str] | None:
    roles: frozenset[str] | None = None
    for guard in handler.resolve_guards():
        fn = getattr(guard, "func", guard)
        allowed = getattr(fn, "roles", None)
        if allowed is None:
            raise UncoveredRoute(
                f"{handler.handler_name} has a guard the route walk does not know ({fn!r}): use the guards in "
                "engage/auth/guards.py, or give the guard a .roles attribute naming the roles it lets through")
        roles = frozenset(allowed) if roles is None else roles & frozenset(allowed)
    return roles


def discover(app) -> list[RouteCase]:
    cases = []
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            for method in sorted(set(handler.http_methods) - SKIPPED_METHODS):
                cases.append(RouteCase(
                    path=route.path, method=method, handler_name=handler.handler_name,
                    params=tuple((m.group(1), m.group(2)) for m in PARAM.finditer(route.path)),
                    roles=required_roles(handler), csrf_exempt=bool(handler.opt.get("exclude_from_csrf")),
                    static=route.path.startswith("/static/") or route.path.startswith("/schema"),
                ))
    assert cases, "no routes discovered"
    return cases


def fill(case: RouteCase, values: dict[str, object]) -> str:
    def sub(m):
        if m.group(1) not in values:
            raise UncoveredRoute(f"{case.label}: no value for path parameter {m.group(1)!r}; "
                                 "teach World.values() in tests/integration/test_routes_walk.py about it")
        return str(values[m.group(1)])

    return PARAM.sub(sub, case.path)


@functools.cache  # asked for every route's every parameter: piccolo's Finder imports the apps' modules each call
def _table_for_param(name: str):
    """consultation_id -> Consultation, question_id -> Question, token_id -> ApiToken, ..."""
    from engage.db import all_tables

    stem = name[:-3] if name.endswith("_id") else name
    tables = all_tables()
    for t in tables:
        if t.__name__.lower() == stem.replace("_", ""):
            return t
    for t in tables:
        if t._meta.tablename.endswith("_" + stem):
            return t
    return None


@dataclass
class World:
    """Two of everything, so ids can be guessed across owners and parents."""

    app: object
    clients: dict[str, AsyncTestClient] = field(default_factory=dict)
    users: dict[str, dict] = field(default_factory=dict)
    a: dict = field(default_factory=dict)
    b: dict = field(default_factory=dict)
    qa: list = field(default_factory=list)
    qb: list = field(default_factory=list)
    receipt: str = ""
    job_id: str = ""

    async def build(self, consultation_kwargs: dict | None = None) -> "World":
        from engage.auth import services as accounts
        from surveys.responses import check_submission, store_submission

        for role in (ADMIN, OFFICER, EXECUTIVE):
            client = AsyncTestClient(app=self.app, base_url="http://testserver.local")
            await client.__aenter__()
            client.follow_redirects = False
            self.clients[role] = client
            self.users[role] = await sign_in(client, role)
        anon = AsyncTestClient(app=self.app, base_url="http://testserver.local")
        await anon.__aenter__()
        anon.follow_redirects = False
        self.clients["anonymous"] = anon
        kwargs = consultation_kwargs or {}
        self.a, self.qa = await make_consultation("walk-a", status="open", **kwargs)
        self.b, self.qb = await make_consultation("walk-b", status="draft", **kwargs)
        await accounts.create_api_token(self.users[ADMIN]["id"], "admin script")
        await accounts.create_api_token(self.users[OFFICER]["id"], "officer script")
        raw = {f"q{q['id']}": ["Some words"] for q in self.qa if q["kind"] == "short_text"}
        checked = check_submission(self.qa, raw, {"age_band": "25-34"})
        assert not checked.errors, checked.errors
        self.receipt, _ = await store_submission(self.a["id"], checked, submission_key="walk",
                                                 secret=self.app.state.settings.secret_key)
        await self.seed_generic()
        return self

    async def close(self) -> None:
        for client in reversed(list(self.clients.values())):  # the reverse of opening, as nested blocks would
            await client.__aexit__(None, None, None)
        await empty_every_table()


    async def values(self, kind: str) -> dict[str, object]:
        """Path values: "existing" records, or "missing" ones."""
        from engage.auth.tables import ApiToken

        if kind == "missing":
            return {"consultation_id": MISSING_INT, "question_id": MISSING_INT, "token_id": MISSING_INT,
                    "user_id": MISSING_INT, "slug": MISSING_SLUG, "file_path": "no/such/file.css",
                    "path": "no-such-schema", "job_id": MISSING_JOB, "code": "xx", "key": "no-such-kept-work",
                    "digest": "0" * 64, **{f"{n}_id": MISSING_INT for n in ("meeting", "voice", "entry",
                                                                                  "point", "action", "period",
                                                                                  "message")}}
        token = await ApiToken.select(ApiToken.id).where(ApiToken.user == self.users[ADMIN]["id"]).first()
        values = {"consultation_id": self.a["id"], "question_id": self.qa[0]["id"], "token_id": token["id"],
                  "user_id": self.users[OFFICER]["id"], "slug": self.a["slug"], "file_path": "css/engage.css",
                  "path": "openapi.json", "job_id": self.job_id, "code": "ur",  # a language code
                  "key": "no-such-kept-work",  # kept work is per browser: no walker's browser has any
                  "digest": await self.picture_digest()}  # an Easy Read picture
        return values

    async def picture_digest(self) -> str:
        from surveys.easy_read_images import by_digest, clean, save
        from tests.support import png

        image = clean(png())
        if await by_digest(image.digest) is None:
            await save(self.a["id"], self.qa[0]["id"], image, "A picture", False, None)
        return image.digest

    async def existing_for(self, case: RouteCase) -> dict[str, object]:
        """Real records for every path parameter, a child always under the parent the path names."""
        values = await self.values("existing")
        earlier: list[tuple[str, object]] = []
        for name, kind in case.params:
            if kind == "int" and (name not in values or earlier):
                table = _table_for_param(name)
                if table is None:
                    if name in values:
                        continue
                    raise UncoveredRoute(f"{case.label}: cannot tell which table {name!r} names; "
                                         "teach World.values() in tests/integration/test_routes_walk.py about it")
                pk = table._meta.primary_key
                query = table.select(pk)
                for parent, parent_table in earlier:
                    for fk in table._meta.foreign_key_columns:
                        if fk._foreign_key_meta.resolved_references is parent_table:
                            query = query.where(fk == values[parent])
                row = await query.order_by(pk).first()
                if row is None:
                    raise UncoveredRoute(f"{case.label}: no {name} record to visit; seed one in World.build() "
                                         "in tests/integration/test_routes_walk.py")
                values[name] = row[pk._meta.name]
            if kind == "int":
                earlier.append((name, _table_for_param(name)))
        return values

    async def seed_generic(self, text: str = "Walk record") -> None:
        """Two rows in every table a path parameter names, for tables the specific seeds above
        do not fill (areas added later are visited without editing this file)."""
        names = {name for case in discover(self.app) for name, kind in case.params if kind == "int"}
        for name in sorted(names):
            table = _table_for_param(name)
            if table is not None:
                await ensure_rows(table, 2, text)


async def empty_every_table() -> None:
    """Children before parents, whatever order the tables are registered in, so the next
    test's clean-up (which deletes table by table on SQLite) meets no foreign key."""
    from engage.db import all_tables

    pending = list(all_tables())
    for _ in range(len(pending) + 1):
        failed = []
        for table in pending:
            try:
                await table.delete(force=True).run()
            except Exception:  # noqa: BLE001 - a parent still referenced: try again after its children
                failed.append(table)
        if not failed:
            return
        pending = failed
    raise AssertionError(f"could not empty {[t._meta.tablename for t in pending]}")

FREE_TEXT = {"title", "summary", "background", "notes", "text", "hint", "venue", "organisations", "action",
             "outcome", "public_summary", "name", "redacted", "description", "label"}


async def ensure_rows(table, count: int, text: str, depth: int = 0) -> None:
    """Insert rows made of column defaults (free text set to `text`) until the table has `count`;
    each foreign key points at a row of its table, spread across them."""
    import datetime as dt
    import secrets

    from piccolo.columns import JSON, Date, ForeignKey, Text, Timestamptz, Varchar

    have = await table.count()
    for n in range(have, count):
        values = {}
        for col in table._meta.columns:
            meta = col._meta
            if meta.primary_key:
                continue
            if isinstance(col, ForeignKey):
                ref = col._foreign_key_meta.resolved_references
                if depth < 4:
                    await ensure_rows(ref, 2, text, depth + 1)
                rows = await ref.select(ref._meta.primary_key).order_by(ref._meta.primary_key).run()
                if rows:
                    values[meta.name] = rows[n % len(rows)][ref._meta.primary_key._meta.name]
            elif isinstance(col, (Varchar, Text)):
                if meta.unique:
                    values[meta.name] = "walk-" + secrets.token_hex(6)
                elif meta.name in FREE_TEXT:
                    values[meta.name] = text[: getattr(col, "length", None) or len(text)]
            elif isinstance(col, Timestamptz) and not meta.null:
                values[meta.name] = dt.datetime.now(dt.timezone.utc)
            elif isinstance(col, Date) and not meta.null:
                values[meta.name] = dt.date.today()
            elif isinstance(col, JSON) and not meta.null and meta.name.endswith("s"):
                values[meta.name] = "[]"
        await table.insert(table(**values)).run()


async def csrf_for(client) -> str:
    if not client.cookies.get(CSRF_COOKIE):
        await client.get("/accessibility")
    return client.cookies.get(CSRF_COOKIE)


class Failed:
    """What send() returns when the app raised instead of answering (shown as status 599)."""

    def __init__(self, exc: BaseException):
        self.status_code, self.text, self.headers = 599, f"{type(exc).__name__}: {exc}", {}


async def send(client, case: RouteCase, url: str, *, token: str | None = "auto", **kwargs):
    """One request as the route's method; unsafe methods carry the page's CSRF token unless told."""
    try:
        return await _send(client, case, url, token=token, **kwargs)
    except Exception as exc:  # noqa: BLE001 - a response that fails part-way (streamed downloads)
        return Failed(exc)


async def _send(client, case: RouteCase, url: str, *, token: str | None = "auto", **kwargs):
    if case.method in SAFE:
        return await client.get(url, **kwargs)
    if token == "auto":
        if case.is_api and case.csrf_exempt:
            return await client.request(case.method, url, json={}, **kwargs)
        if case.method == "POST":
            return await post_form(client, url, {}, **kwargs)
        token = await csrf_for(client)
    headers = {"x-csrftoken": token} if token else {}
    return await client.request(case.method, url, headers=headers, **kwargs)


@pytest.fixture
async def world(app, settings, tmp_path):
    # The walk runs with a real queue (a file of its own), as in production: a page that finds work
    # to do asks for a job and writes nothing. (In the suite's immediate mode the job would run inside
    # the request, and a GET that finds the summaries' rollups behind would refresh them.)
    queue = JobQueue(dataclasses.replace(settings, jobs_immediate=False,
                                         jobs_url=f"sqlite:///{tmp_path / 'jobs.sqlite'}"))
    before = app.state.jobs, background.current()
    app.state.jobs = queue
    background.install(queue.request)
    try:
        w = await World(app).build()
        w.job_id = queue.enqueue("summaries.refresh")
        yield w
        await w.close()
    finally:
        app.state.jobs = before[0]
        background.install(before[1])
        queue.close()


def _uncovered(problems: list[str]) -> None:
    if problems:
        pytest.fail("Routes not covered or failing:\n  " + "\n  ".join(problems), pytrace=False)


def test_every_officer_route_is_guarded_and_the_walk_knows_every_guard(tmp_path):
    from engage.app import create_app
    from engage.settings import Settings

    app = create_app(Settings(env="test", database_url=f"sqlite:///{tmp_path / 'unused.sqlite'}"))
    problems = []
    try:
        cases = discover(app)
    except UncoveredRoute as exc:
        pytest.fail(str(exc), pytrace=False)
    for case in cases:
        if case.path.startswith("/officer") and case.roles is None:
            problems.append(f"{case.label}: an officer page with no role guard")
        if case.csrf_exempt and (case.method, case.path) not in DOCUMENTED_CSRF_EXEMPT:
            problems.append(f"{case.label}: exempt from CSRF but not a documented exemption")
    _uncovered(problems)


async def check_csrf(app, world) -> list[str]:
    """Each unsafe method refuses a missing or foreign CSRF token."""
    admin = world.clients[ADMIN]
    foreign = await csrf_for(world.clients["anonymous"])  # a real token, issued to someone else
    assert foreign and foreign != await csrf_for(admin)
    problems, checked = [], 0
    for case in discover(app):
        if case.method in SAFE or case.static:
            continue
        if case.csrf_exempt:
            assert (case.method, case.path) in DOCUMENTED_CSRF_EXEMPT
            continue
        try:
            url = fill(case, await world.existing_for(case))
        except UncoveredRoute as exc:
            problems.append(str(exc))
            continue
        for label, token in (("no token", None), ("a foreign token", foreign)):
            response = await send(admin, case, url, token=token)
            if response.status_code != 403:
                problems.append(f"{case.label} with {label}: {response.status_code}, expected 403")
            elif not case.is_api and "security check" not in response.text:
                problems.append(f"{case.label} with {label}: 403 but not the CSRF page")
            # And as a form field, the way a forged cross-site form would send it.
            if token and case.method == "POST":
                response = await admin.post(url, data={"_csrf_token": token})
                if response.status_code != 403:
                    problems.append(f"{case.label} with {label} in the form: {response.status_code}")
        # The attacker's own cookie and token pair, planted in the victim's browser (a cookie set
        # from a neighbouring subdomain, say): the token must be bound to the victim's session.
        planted = {"cookie": f"{SESSION_COOKIE}={admin.cookies.get(SESSION_COOKIE)}; {CSRF_COOKIE}={foreign}"}
        response = await admin.request(case.method, url, headers={**planted, "x-csrftoken": foreign})
        if response.status_code != 403:
            problems.append(f"{case.label} with a planted cookie and token pair: {response.status_code}, expected 403")
        if case.method == "POST":
            response = await admin.post(url, data={"_csrf_token": foreign}, headers=planted)
            if response.status_code != 403:
                problems.append(f"{case.label} with a planted pair in the form: {response.status_code}, expected 403")
        checked += 1
    assert checked >= 10, f"only {checked} unsafe routes walked: discovery is broken"
    # A bearer token skips the check only when no cookies come with it (a browser always sends them).
    response = await admin.post("/officer/account/tokens", data={"name": "x"},
                                headers={"Authorization": "Bearer eng_not-a-real-token"})
    if response.status_code != 403:
        problems.append(f"a bearer request carrying the session cookie skipped CSRF: {response.status_code}")
    return problems


async def check_roles(app, world) -> list[str]:
    """Each officer route refuses residents (sign-in) and lower roles (403)."""
    problems, checked = [], 0
    for case in discover(app):
        if case.roles is None:
            continue
        try:
            url = fill(case, await world.existing_for(case))
        except UncoveredRoute as exc:
            problems.append(str(exc))
            continue
        response = await send(world.clients["anonymous"], case, url)
        if case.is_api:
            if response.status_code != 401:
                problems.append(f"{case.label} as a resident: {response.status_code}, expected 401")
        elif response.status_code != 303 or not response.headers.get("location", "").startswith("/login"):
            problems.append(f"{case.label} as a resident: {response.status_code} "
                            f"{response.headers.get('location')}, expected 303 to /login")
        for role in ROLES:
            if role in case.roles:
                continue
            response = await send(world.clients[role], case, url)
            if response.status_code != 403:
                problems.append(f"{case.label} as {role}: {response.status_code}, expected 403")
        checked += 1
    assert checked >= 10
    return problems


async def check_guessed_ids(app, world) -> list[str]:
    """Guessed ids of missing records, or of another parent's or account's, are refused."""
    from engage.auth.tables import ApiToken, User
    from engage.db import all_tables

    admin, anonymous = world.clients[ADMIN], world.clients["anonymous"]
    missing = await world.values("missing")
    problems, checked = [], 0
    for case in discover(app):
        if not case.params or case.path.startswith("/schema"):
            continue
        client = admin if case.roles is not None else anonymous
        try:
            url = fill(case, missing)
        except UncoveredRoute as exc:
            problems.append(str(exc))
            continue
        existing = await world.existing_for(case)
        response = await send(client, case, url)
        if response.status_code in (400, 422) and case.method not in SAFE:
            # The body was refused before the record was looked up; fine only if a real record's
            # address gets the same answer (otherwise the status would reveal which ids exist).
            same = await send(client, case, fill(case, existing))
            if same.status_code != response.status_code:
                problems.append(f"{case.label}: {response.status_code} for a missing id but {same.status_code} "
                                "for a real one")
        elif response.status_code != 404:
            problems.append(f"{case.label} with ids that do not exist ({url}): {response.status_code}")
        checked += 1

        # A record that belongs to another parent named earlier in the same path.
        names = [n for n, kind in case.params if kind == "int"]
        for i, child in enumerate(names[1:], start=1):
            child_table = _table_for_param(child)
            for parent in names[:i]:
                parent_table = _table_for_param(parent)
                fks = [c for c in child_table._meta.foreign_key_columns
                       if parent_table is not None and c._foreign_key_meta.resolved_references is parent_table]
                if not fks:
                    continue
                fk = fks[0]
                pk = child_table._meta.primary_key
                row = await child_table.select(pk, fk).where(fk != existing[parent]).first()
                if row is None:
                    problems.append(f"{case.label}: no {child} under another {parent} to guess; seed one in World.build()")
                    continue
                guessed = fill(case, {**existing, child: row[pk._meta.name]})
                response = await send(client, case, guessed)
                if response.status_code != 404:
                    problems.append(f"{case.label} with a {child} of another {parent} ({guessed}): "
                                    f"{response.status_code}, expected 404")
        # A record that belongs to another account (tokens, and anything else keyed to a user).
        for name in names:
            table = _table_for_param(name)
            if table is None or table is User:
                continue
            owner = [c for c in table._meta.foreign_key_columns
                     if c._foreign_key_meta.resolved_references is User]
            if not owner or case.roles is None:
                continue
            pk = table._meta.primary_key
            row = await table.select(pk).where(owner[0] != world.users[ADMIN]["id"]).first()
            if row is None:
                problems.append(f"{case.label}: no {name} of another account to guess; seed one in World.build()")
                continue
            guessed = fill(case, {**existing, name: row[pk._meta.name]})
            before = await _snapshot(all_tables())
            response = await send(client, case, guessed)
            if response.status_code != 404 or await _snapshot(all_tables()) != before:
                problems.append(f"{case.label} with another account's {name}: {response.status_code}, expected 404")
    # Drafts are not there for residents, whatever the guessed slug.
    for case in discover(app):
        if case.roles is None and ("slug", "str") in case.params and case.method in SAFE and not case.is_api:
            response = await anonymous.get(fill(case, {"slug": world.b["slug"]}))
            if response.status_code != 404:
                problems.append(f"{case.label} for a draft's slug: {response.status_code}, expected 404")
    assert ApiToken  # both accounts hold tokens (World.build)
    assert checked >= 5
    return problems


async def _snapshot(tables) -> dict[str, tuple[int, str]]:
    """Each table's row count and a checksum of its rows in primary-key order."""
    out = {}
    for table in tables:
        name = table._meta.tablename
        if name in VOLATILE_TABLES or name.startswith(NOT_DATA_PREFIXES):
            continue
        pk = table._meta.primary_key
        rows = await table.select().order_by(pk).run()
        digest = hashlib.md5(repr(rows).encode()).hexdigest()
        out[name] = (len(rows), digest)
    return out


async def check_gets_change_nothing(app, world) -> list[str]:
    """Every GET, as an admin and as a resident, leaves every table as it was."""
    from engage.db import all_tables

    tables = all_tables()
    problems, urls = [], []
    for case in discover(app):
        if case.method not in SAFE:
            continue
        try:
            urls.append((case, fill(case, await world.existing_for(case))))
        except UncoveredRoute as exc:
            problems.append(str(exc))
    assert len(urls) >= 10

    async def visit(case, url) -> None:
        for who in (ADMIN, "anonymous"):
            try:
                response = await world.clients[who].get(url)
            except Exception as exc:  # noqa: BLE001 - a page that fails while streaming
                problems.append(f"{case.label} as {who}: {type(exc).__name__} while answering")
                continue
            if response.status_code >= 500:
                problems.append(f"{case.label} as {who}: {response.status_code}")

    # One snapshot either side of the whole walk; only when they differ, walk again route by
    # route to name the culprit (a snapshot per request would make the walk slow).
    before = await _snapshot(tables)
    for case, url in urls:
        await visit(case, url)
    after = await _snapshot(tables)
    if after != before:
        for case, url in urls:
            start = await _snapshot(tables)
            await visit(case, url)
            end = await _snapshot(tables)
            changed = [t for t in start if start[t] != end.get(t)]
            if changed:
                problems.append(f"{case.label} changed {', '.join(changed)}")
        if not any("changed" in p for p in problems):
            problems.append("the GET walk changed " + ", ".join(t for t in before if before[t] != after.get(t)))
    return problems


async def check_titles_distinct(app, world) -> list[str]:
    """Every page an admin can open has a title of its own: no two routes share one (WCAG 2.4.2)."""
    problems, by_title = [], {}
    for case in discover(app):
        if case.method not in SAFE or case.static:
            continue
        try:
            url = fill(case, await world.existing_for(case))
        except UncoveredRoute:
            continue  # named by check_gets_change_nothing
        response = await world.clients[ADMIN].get(url)
        if response.status_code != 200 or not response.headers.get("content-type", "").startswith("text/html"):
            continue
        found = re.search(r"<title>(.*?)</title>", response.text, re.S)
        if found:
            by_title.setdefault(" ".join(found.group(1).split()), set()).add(case.path)
    for title, paths in sorted(by_title.items()):
        if len(paths) > 1:
            problems.append(f"{title!r} is the title of {', '.join(sorted(paths))}")
    return problems


class _Forms(HTMLParser):
    """Each POST form on a page: its action and its fields as (name, value, takes free text),
    with a valid value for each choice (the first option, radio or checkbox)."""

    TEXT_TYPES = {"text", "email", "password", "search", "tel", "url", ""}

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[tuple[str, list[tuple[str, str, bool]]]] = []
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("method", "").lower() == "post":
            self.forms.append((a.get("action", ""), []))
            return
        if not self.forms:
            return
        fields, name = self.forms[-1][1], a.get("name", "")
        seen = any(n == name for n, _, _ in fields)
        if tag == "select":
            self._select = name if name and not seen else None
        elif tag == "option":
            if self._select and a.get("value"):
                fields.append((self._select, a["value"], False))
                self._select = None
        elif not name or seen:
            return
        elif tag == "textarea":
            fields.append((name, "", True))
        elif tag == "input":
            kind = a.get("type", "").lower()
            sample = SAMPLES.get(a.get("autocomplete", "")) or SAMPLES.get(kind)
            # A formatted field (a postcode, an email address) gets its NUL only in the pass
            # that puts NUL everywhere: elsewhere it would just make the form invalid.
            fields.append((name, a.get("value", "") or sample or "", kind in self.TEXT_TYPES and not sample))


# Values a field's own markup asks for, so that the rest of the form is valid and the NUL reaches
# the database the way a person's answer would.
SAMPLES = {"postal-code": "LE2 1AB", "email": "walk@example.org", "username": "walk@example.org",
           "datetime-local": "2024-03-05T18:30", "date": "2024-03-05", "number": "3"}


def nul_values(fields: list[tuple[str, str, bool]], everywhere: bool) -> list[tuple[str, str]]:
    """The form as a person would fill it, with NUL inside each free-text value (or every value)."""
    out = []
    for name, value, free_text in fields:
        if free_text:
            value = value or "Walk words"
            value = value[:1] + NUL + value[1:]
        elif everywhere:
            value += NUL
        out.append((name, value))
    return out


# Destructive routes go last, so the NUL walk still reaches everything else signed in.
DESTRUCTIVE = re.compile(r"logout|sign-out|delete|deactivate|erase|revoke|archive|close|reset|disable")


def query_names(app) -> list[str]:
    """Every query parameter a handler reads: declared ones from signatures, and the names the
    code reads from request.query_params (or a filters mapping) found in the source."""
    import pathlib

    names = {"q", "page", "next"}
    for case_route in app.routes:
        for handler in getattr(case_route, "route_handlers", []):
            for name, param in handler.parsed_fn_signature.parameters.items():
                kwarg = getattr(param, "kwarg_definition", None)
                if getattr(kwarg, "query", None):
                    names.add(kwarg.query)
    root = pathlib.Path(__file__).resolve().parents[2]
    pattern = re.compile(r'(?:query_params|query)\.get\(\s*"(\w+)"|query_params\["(\w+)"\]|'
                         r'QueryParameter\(name="(\w+)"|(\w+): FromQuery')
    for folder in ("engage", "surveys"):
        for source in (root / folder).rglob("*.py"):
            for match in pattern.finditer(source.read_text()):
                names.update(g for g in match.groups() if g)
    return sorted(names)


async def check_nul_everywhere(app, world) -> list[str]:
    """NUL characters in every form field, JSON body and query parameter get an answer, never a 500."""
    admin, anonymous = world.clients[ADMIN], world.clients["anonymous"]
    problems, pages = [], []
    names = query_names(app)
    # Each GET page with every query parameter the code reads set to text holding NUL.
    for case in discover(app):
        if case.method not in SAFE or case.static:
            continue
        url = fill(case, await world.existing_for(case))
        client = admin if case.roles is not None else anonymous
        response = await send(client, case, url + "?" + urlencode({n: f"2024-01-01{NUL}x" for n in names}))
        if response.status_code >= 500:
            problems.append(f"{case.label} with NUL in its query: {response.status_code} {response.text[:120]}")
        plain = await send(client, case, url)
        if plain.status_code == 200 and "text/html" in plain.headers.get("content-type", ""):
            pages.append((url, plain.text))
    forms: dict[str, list[tuple[str, str, bool]]] = {}
    for page_url, html in pages:
        parser = _Forms()
        parser.feed(html)
        for action, fields in parser.forms:  # a form without an action posts to its own page
            forms.setdefault((action or page_url).split("?")[0], fields)
    # Each unsafe route, as its form is filled in (or with a guess), NUL in the free text; then
    # NUL in every field.
    cases = [c for c in discover(app) if c.method not in SAFE and not c.static]
    # Residents' routes first, while the open consultation is still open; destructive ones last.
    cases.sort(key=lambda c: (c.roles is not None, bool(DESTRUCTIVE.search(c.path))))
    walked = 0
    for case in cases:
        url = fill(case, await world.existing_for(case))
        client = admin if case.roles is not None else anonymous
        fields = [f for f in forms.get(url, []) if f[0] != "_csrf_token"] or [
            ("name", "", True), ("text", "", True), ("email", "x@example.org", True), ("receipt", "ABCD-EFGH-JKMN", True)]
        for everywhere in (False, True):
            values = nul_values(fields, everywhere)
            if case.is_api:
                body = dict(values)
                if case.csrf_exempt:
                    body = {"answers": {str(q["id"]): f"Words{NUL}" for q in world.qa if q["kind"] == "short_text"}}
                response = await _json_with_nul(client, case, url, body)
            elif case.method == "POST":
                response = await post_form(client, url, values)
            else:
                response = await send(client, case, url)
            if isinstance(response, Failed) or response.status_code >= 500:
                problems.append(f"{case.label} with NUL in its {'fields' if everywhere else 'free text'}: "
                                f"{response.status_code} {response.text[:160]}")
                break
        walked += 1
    assert walked >= 20, f"only {walked} unsafe routes walked with NUL"
    return problems


async def _json_with_nul(client, case: RouteCase, url: str, body: dict):
    token = await csrf_for(client)
    try:
        return await client.request(case.method, url, content=json.dumps(body),
                                    headers={"content-type": "application/json", "x-csrftoken": token})
    except Exception as exc:  # noqa: BLE001
        return Failed(exc)


async def test_walk_every_route(app, world):
    """One walk (one set of accounts and records) per engine, every check reported together."""
    report = []
    for check in (check_gets_change_nothing, check_csrf, check_roles, check_guessed_ids, check_nul_everywhere,
                  check_titles_distinct):
        problems = await check(app, world)
        if problems:
            report.append(f"{check.__doc__}\n    " + "\n    ".join(problems))
    if report:
        pytest.fail("Routes not covered or failing:\n" + "\n".join(report), pytrace=False)
