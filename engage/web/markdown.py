"""Officer-written Markdown rendered safely: raw HTML off in the parser, then sanitised."""

from __future__ import annotations

import nh3
from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4", "blockquote", "code", "pre", "hr"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}


def render_markdown(text: str | None) -> Markup:
    html = _md.render(text or "")
    # Headings start at h2: the page's own title is the only h1.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)
