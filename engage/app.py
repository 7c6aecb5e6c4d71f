"""The application factory: one app for residents, officers and executives."""

from __future__ import annotations

import gc
import logging
from typing import Any

from litestar import Litestar, Request
from litestar.config.compression import CompressionConfig
from litestar.datastructures import State
from litestar.di import Provide
from litestar.middleware import DefineMiddleware
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, YamlRenderPlugin
from litestar.plugins.htmx import HTMXRequest
from litestar.static_files import create_static_files_router

from engage import background, db
from engage.auth.cookies import Cookies
from engage.auth.csrf import EngageCSRFMiddleware
from engage.auth.middleware import AuthMiddleware
from engage.auth.sessions import SessionPolicy, session_clock
from engage.auth.throttle import LoginThrottle, ThrottleRule
from engage.framework import services as framework
from engage.framework import vocabulary
from engage.jobs.queue import JobQueue
from engage.jobs.worker import Worker, analyses_here, runs_in_process
from engage.routes import route_handlers
from engage.security.proxies import ProxyHeadersMiddleware, TrustedProxies
from engage.settings import ROOT, Settings
from engage.store.backends import make_store
from engage.voices.services import move_tags
from engage.voices.warm import warm_up_analysis
from engage.web.client_limits import ClientLimits
from engage.web.dependencies import Submitting
from engage.web.errors import exception_handlers
from engage.web.head import answer_head_as_get
from engage.web.headers import NO_COMPRESSION, make_security_headers_hook
from engage.web.input_guard import InputGuard
from engage.web.templating import add_globals
from surveys.readability import reading_age, warning_age
from surveys.translations import options_for, ui
from surveys.warm import warm_up_residents_pages

log = logging.getLogger("engage")


# What handlers ask for by name (engage.web.dependencies), each read from this app's state when a
# handler asks: the state stays the one place an app keeps them (a test may swap the job queue).
PROVIDED = ("settings", "store", "throttle", "cookie_names", "session_policy", "limits", "jobs")


def _from_state(name: str):
    def provide(state: State) -> Any:
        return getattr(state, name)

    return provide


# Young objects collected after this many allocations (CPython's default is 700): a submission
# allocates a few thousand, so the default ran a collection several times per request.
GC_GEN0_THRESHOLD = 20_000


def settle_heap() -> None:
    """Once a worker is warm: what it loaded so far (modules, templates, the kept consultations)
    lives as long as the process, so it moves out of the collector's sight (gc.freeze) and later
    full collections scan only what requests made; young collections run less often. Fewer and
    shorter collector pauses, which were the latency tail of a burst."""
    gc.collect()
    gc.freeze()
    _, gen1, gen2 = gc.get_threshold()
    gc.set_threshold(GC_GEN0_THRESHOLD, gen1, gen2)


def _submitting(request: Request) -> Submitting:
    # The request's app's state as it is: a `state` parameter is handed over as a dict and made into
    # a new State on every call (Litestar's signature model), a few per cent of a submission's CPU.
    state = request.app.state
    return Submitting(state.settings, state.store, state.limits)


def create_app(settings: Settings | None = None, *, engine=None) -> Litestar:
    settings = settings or Settings.from_env()
    engine = engine or db.make_engine(settings.database_url)
    db.use_engine(engine)
    store = make_store(settings.redis_url)
    # Background work (engage.jobs): every layer asks for it through engage.background.
    jobs = JobQueue(settings)
    background.install(jobs.request)
    # A lower layer tells a higher one through a hook registered here, never an upward import.
    framework.on_merge_move_tags(move_tags)
    # options_for: a question's choices, translated when the page is; ui: the pages' shared words in
    # the page's language; reading_age: the builder's plain-language check.
    add_globals(options_for=options_for, ward_name=vocabulary.ward_name, ui=ui, reading_age=reading_age,
                reading_age_warning=warning_age)
    cookies = Cookies(secure=settings.secure_cookies)
    session_policy = SessionPolicy(
        idle_seconds=round(settings.session_idle_minutes * 60),
        absolute_seconds=settings.session_absolute_hours * 3600,
        clock=session_clock(settings.test_session_clock),  # real time unless a test server moves it on
    )
    throttle = LoginThrottle(
        store,
        settings.secret_key,
        per_account=ThrottleRule(settings.login_attempts_per_account, settings.login_window_seconds),
        per_client=ThrottleRule(settings.login_attempts_per_client, settings.login_window_seconds),
    )

    async def on_startup(app: Litestar) -> None:
        await db.start(engine, settings.database_pool_size)
        if analyses_here(settings):
            await warm_up_analysis()
        await warm_up_residents_pages()
        settle_heap()

    async def load_vocabulary(request: Request) -> None:
        # Input is checked against the current revision of the framework, whichever worker an admin
        # changed it through; a page may label with a copy a second or two old. The health check and
        # static files use none of it, and must answer (503, a file) when the database does not.
        if request.url.path == "/health" or request.url.path.startswith("/static/"):
            return None
        reading = request.method in ("GET", "HEAD", "OPTIONS")
        # A handler marked ANSWERS_OPT checks the vocabulary itself, and only when the answers it takes
        # depend on it (vocabulary.load_for_answers): most submissions name no ward, and the
        # check is a query on every one.
        fresh = not reading and not request.route_handler.opt.get(vocabulary.ANSWERS_OPT)
        try:
            await vocabulary.load(max_age=0 if fresh else vocabulary.PAGE_AGE_SECONDS)
        except Exception:
            if not reading:
                raise  # input is never checked against a copy that may be stale (503 when the database is down)
            # A page reads the copy kept, or answers 503 from its own query: one that needs no
            # database (deleting a response by receipt) still works while it is down.
            log.warning("could not read the vocabulary; the page goes on without a fresh copy")

    async def on_shutdown(app: Litestar) -> None:
        await db.stop(engine)
        if hasattr(store, "close"):
            await store.close()
        jobs.close()

    app = Litestar(
        route_handlers=[
            *route_handlers(),
            create_static_files_router(path="/static", directories=[ROOT / "static"], include_in_schema=False,
                                       cache_control=None),
        ],
        middleware=[
            # First, so every limit and log below sees the real client address.
            DefineMiddleware(ProxyHeadersMiddleware, trusted=TrustedProxies.of(settings.trusted_proxies)),
            InputGuard,  # then NUL is taken out before CSRF and every handler read input
            DefineMiddleware(EngageCSRFMiddleware, secret=settings.secret_key, cookie_names=cookies),
            AuthMiddleware(store, session_policy, cookies),
        ],
        dependencies={**{name: Provide(_from_state(name), sync_to_thread=False) for name in PROVIDED},
                      "submitting": Provide(_submitting, sync_to_thread=False)},
        exception_handlers=exception_handlers,
        before_request=load_vocabulary,
        request_class=HTMXRequest,  # request.htmx: what htmx says about the request, read by Litestar's own plugin
        before_send=[make_security_headers_hook(hsts=True)],
        on_startup=[on_startup],
        on_shutdown=[on_shutdown],
        openapi_config=OpenAPIConfig(
            title="engage API",
            version="1.0.0",
            description="Open consultations, their questions, anonymous responses, and officer exports.",
            path="/schema",
            # JSON and YAML only: a docs UI would pull scripts from a CDN, which the CSP forbids.
            render_plugins=[JsonRenderPlugin(path=["/", "/openapi.json"]), YamlRenderPlugin(path="/openapi.yaml")],
        ),
        compression_config=CompressionConfig(backend="gzip", minimum_size=1024, exclude_opt_key=NO_COMPRESSION),
        debug=settings.debug,
        logging_config=None,
    )
    app.asgi_handler = answer_head_as_get(app.asgi_handler)
    app.state.update(settings=settings, store=store, jobs=jobs, cookie_names=cookies, session_policy=session_policy,
                     throttle=throttle, limits=ClientLimits(store, settings.secret_key))
    logging.getLogger("engage").setLevel(logging.INFO)
    return app


def serve_app() -> Litestar:
    """The app `engage serve` runs: engage's app plus, on a SQLite queue, a job worker in the process
    (engage.jobs.worker)."""
    settings = Settings.from_env()
    app = create_app(settings)
    if not runs_in_process(settings):
        return app
    holder: dict[str, Worker] = {}

    async def start_worker(app: Litestar) -> None:
        holder["worker"] = Worker(settings, engine=db.current_engine(), in_process=True)
        holder["worker"].start()

    async def stop_worker(app: Litestar) -> None:
        if "worker" in holder:
            holder.pop("worker").stop()

    app.on_startup.append(start_worker)
    app.on_shutdown.insert(0, stop_worker)
    return app
