"""One Jinja environment for every page.

Each page is one template; the fragment an htmx request gets is a named block of the
same template (contact-app style), so there is one source of markup for both.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from typing import Any

from jinja2 import (
    BytecodeCache,
    ChoiceLoader,
    Environment,
    FileSystemBytecodeCache,
    FileSystemLoader,
    PackageLoader,
    PrefixLoader,
    select_autoescape,
)
from litestar import Request, Response
from litestar.utils.scope.state import ScopeState
from markupsafe import Markup

from engage import user_cache
from engage.audit.display import detail_value
from engage.settings import ROOT
from engage.times import LONDON, to_local_input
from engage.web import htmx
from engage.web.markdown import render_markdown

SERVICE_NAME = "Safer Leicester Partnership"



def _local(value: dt.datetime | None, fmt: str = "%-d %B %Y, %-I:%M%p") -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        value = dt.datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.timezone.utc)
    text = value.astimezone(LONDON).strftime(fmt)
    return text.replace("AM", "am").replace("PM", "pm")


def _local_date(value: dt.datetime | dt.date | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return _local(value, "%-d %B %Y")
    return value.strftime("%-d %B %Y")


def _ward_label(slug: str | None) -> str:
    """A ward's name for a slug ("spinney-hills" -> "Spinney Hills"); a slug no ward has is shown as stored."""
    ward_name = _added_globals.get("ward_name")  # the framework's, added by the app factory (add_globals)
    return (ward_name(slug) if ward_name else None) or ("Outside Leicester" if slug == "outside" else (slug or ""))


# Pages outside the menu that belong to one of its sections.
NAV_ALIASES = {"/officer/actions": "/officer/meetings", "/officer/privacy": "/officer/privacy/erase"}


def _nav_section(path: str | None, hrefs: list[str]) -> str | None:
    """The menu item a page belongs to: the longest menu address the page's address starts with."""
    path = path or ""
    for prefix, section in NAV_ALIASES.items():
        if path == prefix or path.startswith(prefix + "/"):
            path = section
    # The dashboard (/officer) is the root of every officer address: it is current only on itself.
    matches = [h for h in hrefs if path == h or (h != "/officer" and path.startswith(h.rstrip("/") + "/"))]
    return max(matches, key=len) if matches else None


def _input_datetime(value: dt.datetime | None) -> str:
    """The value a datetime-local input wants, in London time."""
    return to_local_input(value)


def _compiled_templates() -> BytecodeCache | None:
    """Templates compiled by an earlier process, kept in the user cache (engage.user_cache): a worker
    compiles the residents' pages and the shared macros at start-up (warm-up), half a second of CPU
    each time. Jinja keeps each one under its name with its source's checksum, and its own and
    Python's version, so an edited template or an upgrade compiles afresh."""
    folder = user_cache.folder("templates")
    return FileSystemBytecodeCache(str(folder)) if folder is not None else None


@lru_cache(maxsize=1)
def environment() -> Environment:
    env = Environment(
        loader=ChoiceLoader(
            [
                FileSystemLoader(str(ROOT / "templates")),
                PrefixLoader({"govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja", "templates")}),
            ]
        ),
        autoescape=select_autoescape(default=True, default_for_string=True),
        extensions=["jinja2.ext.do"],
        trim_blocks=True,
        lstrip_blocks=True,
        # Templates ship with the code: checking every file's modification time on each render
        # (macros import macros, so dozens per form) cost a fifth of a form page. Restart to reload.
        auto_reload=False,
        bytecode_cache=_compiled_templates(),
    )
    env.filters["local"] = _local
    env.filters["local_date"] = _local_date
    env.filters["input_datetime"] = _input_datetime
    env.filters["ward_label"] = _ward_label
    env.filters["audit_value"] = detail_value
    env.globals["error_for"] = error_for
    env.globals["nav_section"] = _nav_section
    env.globals["default_service_name"] = SERVICE_NAME
    env.globals["markdown"] = render_markdown
    env.globals["dict"] = dict
    env.globals.update(_added_globals)
    _add_macro_globals(env)  # after every global: the macros are rendered with what exists now
    return env


_added_globals: dict[str, Any] = {}


def add_globals(**values: Any) -> None:
    """Names every template may use that an area above the web shell provides (the app factory
    adds them: surveys' `options_for`), so the shell imports no area."""
    if any(_added_globals.get(name) is not value for name, value in values.items()):
        _added_globals.update(values)
        environment.cache_clear()  # the shared macros must see them: build the environment again


# GOV.UK components and engage's shared macros, as globals: a block rendered on its own for
# htmx skips the template's top-level imports, so the macros it calls must be global. Templates
# therefore call them without importing them.
GOVUK_COMPONENTS = {
    "govukBackLink": "back-link", "govukButton": "button", "govukCharacterCount": "character-count",
    "govukCheckboxes": "checkboxes", "govukDateInput": "date-input", "govukDetails": "details",
    "govukErrorSummary": "error-summary", "govukFieldset": "fieldset", "govukFileUpload": "file-upload",
    "govukInput": "input", "govukInsetText": "inset-text", "govukNotificationBanner": "notification-banner",
    "govukPagination": "pagination", "govukPanel": "panel", "govukPasswordInput": "password-input",
    "govukRadios": "radios", "govukSelect": "select", "govukSummaryList": "summary-list", "govukTable": "table",
    "govukTag": "tag", "govukTextarea": "textarea", "govukWarningText": "warning-text",
}
# In this order: a macro file may use the macros of the files before it (questions.html calls measure_field).
ENGAGE_MACROS = {"macros/errors.html": ("error_summary",), "macros/measure_questions.html": ("measure_field",),
                 "macros/questions.html": ("question_field", "about_you_fields"),
                 "macros/charts.html": ("draw_chart",), "macros/tables.html": ("export_table", "pager")}


def _add_macro_globals(env: Environment) -> None:
    for name, folder in GOVUK_COMPONENTS.items():
        env.globals[name] = getattr(env.get_template(f"govuk_frontend_jinja/components/{folder}/macro.html").module, name)
    for path, names in ENGAGE_MACROS.items():
        module = env.get_template(path).module
        for name in names:
            env.globals[name] = getattr(module, name)


def error_for(errors: dict | None, name: str) -> dict | None:
    """The errorMessage parameter GOV.UK components want, or None."""
    if errors and errors.get(name):
        return {"text": errors[name]}
    return None


def base_context(request: Request | None) -> dict[str, Any]:
    if request is None:
        return {"request": None, "user": None, "csrf_token": "", "csrf_input": ""}
    token = ScopeState.from_scope(request.scope).csrf_token
    token = token if isinstance(token, str) else ""
    return {
        "request": request,
        "user": request.scope.get("state", {}).get("user"),
        "csrf_token": token,
        "csrf_input": Markup('<input type="hidden" name="_csrf_token" value="{}">').format(token),
        "is_htmx": bool(getattr(request, "htmx", False)),  # HTMXRequest (engage.app)
        "path": request.url.path,
        **_session_timeout(request),
    }


def _session_timeout(request: Request) -> dict[str, Any]:
    """When a signed-in officer's session ends if nothing happens (for auth/_session_timeout.html)."""
    ends = request.scope.get("state", {}).get("session_ends_at")
    if not ends:
        return {}
    at = dt.datetime.fromtimestamp(ends, dt.timezone.utc)
    policy = request.scope["state"]["session_policy"]  # put there by engage.auth.middleware
    return {"session_ends_in": max(0, int(ends - policy.clock())), "session_ends_iso": at.isoformat(),
            "session_ends_text": _local(at, "%-I:%M%p"), "session_idle": policy.idle_seconds,
            "session_warn_before": policy.warn_before, "session_renew_after": policy.renew_after}


def render_html(template: str, context: dict[str, Any], block: str | None = None) -> str:
    """The whole template, or one block of it; a template without that block renders whole."""
    tmpl = environment().get_template(template)
    if block is None:
        return tmpl.render(context)
    ctx = tmpl.new_context(context)
    if block not in tmpl.blocks:
        # A block the page inherits (every page's "main" is base.html's): run the page as a whole
        # first, which runs its top-level imports and stacks the layout's blocks under its own,
        # then render the block, which calls the page's "content". Without this such a page was
        # sent whole to htmx, and swapped into itself.
        for _ in tmpl.root_render_func(ctx):
            pass
        if block not in ctx.blocks:
            return tmpl.render(context)
    return "".join(ctx.blocks[block][0](ctx))


def page_title(template: str, context: dict[str, Any]) -> str:
    """The page's <title> text: its title block and the service's name."""
    tmpl = environment().get_template(template)
    if "title" not in tmpl.blocks:
        return ""
    text = " ".join("".join(tmpl.blocks["title"](tmpl.new_context(context))).split())
    return f"{text} – {context.get('service_name') or SERVICE_NAME}" if text else ""


def render(
    request: Request | None,
    template: str,
    context: dict[str, Any] | None = None,
    *,
    status_code: int = 200,
    block: str | None = None,
    headers: dict[str, str] | None = None,
) -> Response:
    """Render a page, or one named block of it.

    An htmx request (not a boosted link) gets the page's "main" block unless the handler
    names another block, so every page answers htmx and plain requests alike.
    """
    full = {**base_context(request), **(context or {})}
    details = getattr(request, "htmx", None)  # HTMXRequest (engage.app); none without a request
    if block is None and details and not details.boosted:
        block = "main"
    html = render_html(template, full, block=block)
    all_headers = {**htmx.VARY, **(headers or {})}
    if block == "main" and full.get("is_htmx"):
        # The whole page's content without its <title>: send the page's title (with "Error: " when
        # it has one) for engage.js to set, so the title says what a full page load would have said.
        # (A smaller fragment stays on the same page: engage.js only adds or drops "Error: ".)
        title = page_title(template, full)
        if title:
            all_headers.update(htmx.title_after_swap(title))
    return Response(content=html, media_type="text/html", status_code=status_code, headers=all_headers)
