"""Officer-entered text (titles, consultation background, questions, meeting notes, anything
free-text) cannot inject script on any page that shows it, for any role or for residents."""

from __future__ import annotations

from html.parser import HTMLParser

from tests.integration.test_routes_walk import FREE_TEXT, World, discover, fill, send
from tests.support import post_form

PAYLOAD = ("<script>alert(1)</script><img src=x onerror=alert(2)>[click](javascript:alert(3)) "
           "<a href=\"javascript:alert(4)\">y</a>\"'><svg onload=alert(5)> {{7*7}} ${7*7}")
MARKDOWN = "## Heading\n\n" + PAYLOAD + "\n\n[link](javascript:alert(6)) <iframe src=//evil.example></iframe>"


class ScriptFinder(HTMLParser):
    def __init__(self):
        super().__init__()
        self.problems: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            src = attrs.get("src") or ""
            if not src.startswith("/static/"):
                self.problems.append(f"<script> not from /static: {attrs}")
            self._in_script = True
        if tag in {"iframe", "object", "embed"}:  # inline <svg> icons and charts are the templates' own
            self.problems.append(f"<{tag}> in the page")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=...> event handler")
            if name in {"href", "src", "action", "formaction", "xlink:href"} and value:
                if value.strip().lower().replace("\t", "").replace("\n", "").startswith(("javascript:", "data:text")):
                    self.problems.append(f"<{tag} {name}={value!r}>")

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script and data.strip():
            self.problems.append(f"inline script: {data[:60]!r}")


def script_problems(html: str) -> list[str]:
    finder = ScriptFinder()
    finder.feed(html)
    return finder.problems + (["template expression evaluated (49)"] if ">49<" in html else [])


async def _fill_free_text_everywhere(payload: str) -> None:
    """Every free-text column of every row gets the payload: meeting notes, titles, voices..."""
    from piccolo.columns import Text, Varchar

    from engage.db import all_tables

    for table in all_tables():
        if table._meta.tablename.startswith("engage_stored"):
            continue
        cols = [c for c in table._meta.columns if isinstance(c, (Varchar, Text)) and c._meta.name in FREE_TEXT
                and not c._meta.unique]
        for col in cols:
            limit = getattr(col, "length", None) or len(payload)
            await table.update({col: payload[:limit]}, force=True).run()


async def test_officer_text_is_inert_on_every_page(app):
    from surveys.tables import Consultation, Question

    world = await World(app).build()
    try:
        officer = world.clients["officer"]
        # Through the builder, as an officer would type it.
        created = await post_form(officer, "/officer/consultations/new", {
            "title": PAYLOAD[:190], "slug": "xss-check", "summary": PAYLOAD, "background": MARKDOWN,
            "retention_days": "365"})
        assert created.status_code == 303, created.text[:500]
        cid = int(created.headers["location"].rsplit("/", 1)[1])
        added = await post_form(officer, f"/officer/consultations/{cid}/questions/new", {
            "kind": "single_choice", "text": PAYLOAD[:190], "hint": PAYLOAD[:190],
            "new_options": "<script>alert(7)</script>\n<img src=x onerror=alert(8)>"})
        assert added.status_code == 303, added.text[:500]
        row = await Consultation.select(Consultation.background).where(Consultation.id == cid).first()
        assert "javascript:alert(3)" in row["background"]  # kept as typed: escaping happens on output
        # And straight into every other free-text column, as other areas and imports would store it.
        await _fill_free_text_everywhere(PAYLOAD)
        await Question.update({Question.options: [{"id": "o1", "label": PAYLOAD}]}, force=True).where(
            Question.kind == "single_choice").run()
        await Consultation.update({Consultation.background: MARKDOWN}, force=True).run()
        await Consultation.update({Consultation.status: "open"}).where(Consultation.id == cid).run()

        problems, pages = [], 0
        for case in discover(app):
            if case.method != "GET" or case.static:
                continue
            url = fill(case, await world.existing_for(case))
            urls = {url}
            if "consultation_id" in dict(case.params):
                urls.add(fill(case, {**await world.existing_for(case), "consultation_id": cid}))
            if "slug" in dict(case.params):
                urls.add(fill(case, {**await world.existing_for(case), "slug": "xss-check"}))
            for u in urls:
                for who in ("anonymous", "executive", "officer", "admin"):
                    response = await send(world.clients[who], case, u)
                    kind = response.headers.get("content-type", "")
                    if "text/html" in kind:
                        pages += 1
                        problems += [f"{case.label} {u} as {who}: {p}" for p in script_problems(response.text)]
                    elif response.status_code < 400 and "<script>alert" in response.text:
                        assert "html" not in kind
        assert pages > 20
        assert not problems, "\n".join(sorted(set(problems)))
    finally:
        await world.close()


def test_the_checker_itself_catches_script():
    assert script_problems('<p><script>alert(1)</script></p>')
    assert script_problems('<img src=x onerror="alert(1)">')
    assert script_problems('<a href=" JavaScript:alert(1)">x</a>')
    assert not script_problems('<script src="/static/js/engage.js" type="module"></script><p>&lt;script&gt;</p>')
