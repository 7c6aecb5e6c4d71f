"""htmx's response headers, spelt once, by Litestar's htmx plugin (litestar.plugins.htmx).

Requests are read through `request.htmx` (the app's request class is HTMXRequest, engage.app):
`bool(request.htmx)`, `.boosted`, `.target`, `.current_url`, `.history_restore_request`. A
handler that answers with a fragment sends `VARY`, so a cache never gives a whole page to htmx or
a fragment to a browser; the rest are for the few answers that steer htmx.
"""

from __future__ import annotations

import json

from litestar.plugins.htmx import HTMXHeaders, HtmxHeaderType, _utils

VARY = {"Vary": HTMXHeaders.REQUEST.value}


def _plain(headers: dict) -> dict[str, str]:
    # The plugin gives some names as its HTMXHeaders enum: send each as the header's own name.
    return {getattr(name, "value", name): value for name, value in headers.items()}


def swap_whole_main() -> dict[str, str]:
    """Put this answer in place of the page's whole <main>, not the fragment htmx asked for (a form's
    errors, or an error page, are outside the fragment)."""
    return _plain(_utils.get_headers(HtmxHeaderType(re_target="#main-content", re_swap="outerHTML")))


def replace_url(url: str) -> dict[str, str]:
    """Show this address in the address bar, as a full page load would have."""
    return _plain(_utils.get_headers(HtmxHeaderType(replace_url=url)))


def client_redirect(url: str) -> dict[str, str]:
    """Load this address as a whole page: htmx would follow a plain redirect inside the fragment."""
    return {name: value for name, value in _plain(_utils.get_redirect_header(url)).items() if name != "Location"}


def title_after_swap(title: str) -> dict[str, str]:
    """The page title for engage.js to set once the new <main> is in place."""
    # json.dumps, not the plugin's encoder: it escapes every non-ASCII character, as a header needs.
    return {HTMXHeaders.TRIGGER_AFTER_SWAP.value: json.dumps({"engage:title": title})}
