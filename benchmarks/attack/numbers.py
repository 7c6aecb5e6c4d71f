"""Issue 12, items 1-7 (numbers shown to the executive and the public; privacy promises), re-checked
against a served instance over HTTP. Self-contained: httpx and the standard library only.

Each check takes a target with `base_url`, `admin_email`, `admin_password` and
`consultation_slug` (and, if the admin uses two-step sign-in, optionally `admin_totp_secret`) and
returns None when the item holds, or a short description of what still fails. A check that cannot
run (say, the admin cannot sign in) says "not checked: ..." rather than passing.

Some checks leave traces, as a resident would: items 5 and 7 send one response through the JSON
API to the target consultation when it is open, then delete it with its own receipt code.
"""

from __future__ import annotations

from contextlib import closing
import html
import re
from typing import Callable
from urllib.parse import urlencode

import httpx

from . import web

RECEIPT = re.compile(r"\b[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}\b")
FEWER = "fewer than 10"


# -- helpers -----------------------------------------------------------------------------------------


def _post_form(client: httpx.Client, path: str, data: dict, token_from: str) -> httpx.Response:
    return web.post_form(client, path, data, page=token_from)


def _signed_in(target) -> tuple[httpx.Client | None, str]:
    """A client of its own (the caller closes it) on the run's admin session (web.admin_session),
    able to read officer pages; or None and why not."""
    try:
        session = web.admin_session(target)
    except web.Unchecked as exc:
        return None, str(exc)
    client = web.client(target)
    client.cookies = session.cookies
    probe = client.get("/officer/summaries")
    if probe.status_code != 200:
        return None, f"the admin cannot read /officer/summaries ({probe.status_code}; two-step set-up pending?)"
    return client, ""


def _cells(table_html: str) -> list[tuple[str, list[str]]]:
    rows = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table_html, re.S):
        th = re.search(r"<th[^>]*>(.*?)</th>", row, re.S)
        tds = [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", td))).strip()
               for td in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        if th and tds:
            rows.append((html.unescape(re.sub(r"<[^>]+>", "", th.group(1))).strip(), tds))
    return rows


def _number(text: str) -> int | None:
    text = text.replace(",", "").strip()
    return int(text) if text.isdigit() else None


def _lying_cells(counts: list[str], total: int) -> bool:
    """In a distribution that adds up to `total`, cells reading "fewer than 10" must together hold
    what the shown cells leave: if they cannot (9 each at most), one claims a number it does not hold."""
    shown = sum(n for n in (_number(c) for c in counts) if n is not None)
    fewer = sum(1 for c in counts if c == FEWER)
    hidden_other = sum(1 for c in counts if _number(c) is None and c != FEWER)
    return fewer and not hidden_other and shown + 9 * fewer < total


def _published(client: httpx.Client) -> list[str]:
    listed = client.get("/api/consultations")
    if listed.status_code != 200:
        return []
    return [c["slug"] for c in listed.json() if c.get("status") == "published"]


def _send_response(client: httpx.Client, slug: str, about: dict) -> str | None:
    return web.send_response(client, slug, about)


def _erase(client: httpx.Client, receipt: str) -> None:
    _post_form(client, "/delete-my-response", {"receipt": receipt}, "/delete-my-response")


# -- the checks ---------------------------------------------------------------------------------------


def check_secondary_suppression(target) -> str | None:
    """1. No "fewer than 10" for a count that is 10 or more (a cell hidden to protect another says [c])."""
    problems = []
    with web.client(target) as public:
        for slug in _published(public):
            page = public.get(f"/consultations/{slug}").text
            total = re.search(r"([\d,]+) responses? (?:were|was) received", page)
            if not total:
                continue
            for table in re.findall(r'<table[^>]*id="results-question-\d+".*?</table>', page, re.S):
                if "(people could choose more than one)" in table:
                    continue
                if _lying_cells([cells[0] for _, cells in _cells(table)], _number(total.group(1)) or 0):
                    problems.append(f"/consultations/{slug} says '{FEWER}' of a count of 10 or more")
                    break
            if "[c]" in page and "not itself a small number" not in page:
                problems.append(f"/consultations/{slug} shows [c] without its footnote")
    client, why = _signed_in(target)
    if client is None:
        return "; ".join(problems + [f"not checked on 'Who we heard from': {why}"])
    with closing(client):
        ids = set(re.findall(r"/officer/summaries/consultations/(\d+)", client.get("/officer/summaries").text))
        for cid in sorted(ids):
            page = client.get(f"/officer/summaries/consultations/{cid}").text
            people = re.search(r'id="stat-about-you">([\d,]+)<', page)
            if not people:
                continue
            for table in re.findall(r'<table[^>]*id="table-equality-[^"]+".*?</table>', page, re.S):
                if _lying_cells([cells[0] for _, cells in _cells(table)], _number(people.group(1)) or 0):
                    problems.append(f"'Who we heard from' of consultation {cid} says '{FEWER}' of 10 or more")
                    break
    return "; ".join(problems) or None


def check_voice_dates(target) -> str | None:
    """2. Voices carry the date their response or meeting came in: the trend spans more than one month."""
    client, why = _signed_in(target)
    if client is None:
        return f"not checked: {why}"
    with closing(client):
        review = client.get("/api/summaries/priorities")
        if review.status_code != 200:
            return f"/api/summaries/priorities answered {review.status_code}"
        trend = review.json()["total"]["trend"]
        busy = [n for n in trend if n]
        if sum(busy) >= 20 and len(busy) < 2:
            return f"all {sum(busy)} voices of the last 12 months fall in one month"
    return None


def check_closed_respond_count(target) -> str | None:
    """3. A closed or published consultation's /respond shows its page with the true count."""
    with web.client(target) as client:
        for slug in _published(client):
            own = re.search(r"([\d,]+) responses? (?:were|was) received", client.get(f"/consultations/{slug}").text)
            respond = client.get(f"/consultations/{slug}/respond")
            if respond.status_code >= 500:
                return f"/consultations/{slug}/respond answered {respond.status_code}"
            said = re.search(r"([\d,]+) responses? (?:were|was) received", respond.text)
            if own and (not said or said.group(1) != own.group(1)):
                return (f"/consultations/{slug}/respond says {said.group(1) if said else 'nothing'} responses were "
                        f"received; the consultation's page says {own.group(1)}")
    return None


BAD_PERIODS = ({"to": "9999-12-31"}, {"from": "0001-01-01"}, {"from": "garbage"},
               {"from": "2024-05-01", "to": "2024-04-01"})


def check_invalid_periods(target) -> str | None:
    """4. Invalid periods get a clear error (a page's error summary, or 400), never a 500."""
    client, why = _signed_in(target)
    if client is None:
        return f"not checked: {why}"
    failures = []
    with closing(client):
        for query in BAD_PERIODS:
            q = urlencode(query)
            for path in ("/officer/summaries/priorities", "/officer/summaries/report"):
                got = client.get(f"{path}?{q}")
                if got.status_code != 200 or "govuk-error-summary" not in got.text:
                    failures.append(f"{path}?{q} answered {got.status_code} without an error summary")
            for path in ("/officer/summaries/report.docx", "/api/summaries/priorities", "/api/summaries/emerging",
                         "/api/summaries/voices"):
                got = client.get(f"{path}?{q}")
                if got.status_code != 400:
                    failures.append(f"{path}?{q} answered {got.status_code}, not 400")
    return "; ".join(failures[:4]) or None


def check_equality_not_found_from_receipt(target) -> str | None:
    """5. 'About you' answers cannot be found from a receipt: subject access does not hold them, and the
    residents' deletion page says honestly what happens to them."""
    with web.client(target) as public:
        erase_page = public.get("/delete-my-response").text
        if "About you" in erase_page and "any 'About you' answers you gave with it" in html.unescape(erase_page):
            return "/delete-my-response promises to delete 'About you' answers, which cannot be found from a receipt"
        receipt = _send_response(public, target.consultation_slug, {"age_band": "75-plus", "religion": "jewish"})
        if receipt is None:
            return "not checked: the target consultation did not take a response through the API"
        try:
            client, why = _signed_in(target)
            if client is None:
                return f"not checked: {why}"
            with closing(client):
                held = _post_form(client, "/officer/privacy/access", {"receipt": receipt, "reference": "attack"},
                                  "/officer/privacy/access")
                if held.status_code != 200:
                    return f"not checked: subject access answered {held.status_code}"
                if "75-plus" in held.text or "jewish" in held.text:
                    return "equality answers were found from a receipt code (they are linked to the response)"
        finally:
            _erase(public, receipt)
    return None


def check_no_receipts_in_exports(target) -> str | None:
    """6. Officers' responses.csv (and the summary exports) list no receipt codes."""
    client, why = _signed_in(target)
    if client is None:
        return f"not checked: {why}"
    with closing(client):
        csv_text = client.get(f"/api/consultations/{target.consultation_slug}/responses.csv")
        if csv_text.status_code != 200:
            return f"not checked: responses.csv answered {csv_text.status_code}"
        header = csv_text.text.splitlines()[0] if csv_text.text else ""
        if "receipt" in header.lower() or RECEIPT.search(csv_text.text):
            return "responses.csv lists receipt codes"
        voices = client.get("/officer/summaries/voices.csv")
        if RECEIPT.search(voices.text):
            return "voices.csv holds something shaped like a receipt code"
    return None


def check_subject_access_never_joins(target) -> str | None:
    """7. Subject access returns the answers for a receipt, never joined to equality answers, and
    holds no receipt code (in the file or its name)."""
    with web.client(target) as public:
        receipt = _send_response(public, target.consultation_slug, {"sex": "prefer-not", "ethnicity": "white-roma"})
        if receipt is None:
            return "not checked: the target consultation did not take a response through the API"
        try:
            client, why = _signed_in(target)
            if client is None:
                return f"not checked: {why}"
            with closing(client):
                held = _post_form(client, "/officer/privacy/access", {"receipt": receipt, "reference": "attack"},
                                  "/officer/privacy/access")
                if held.status_code != 200:
                    return f"not checked: subject access answered {held.status_code}"
                if "white-roma" in held.text:
                    return "the subject access export joins equality answers to the response"
                if receipt in held.text or receipt.replace("-", "") in held.headers.get("content-disposition", ""):
                    return "the subject access export carries the receipt code"
                if "A check from the attack script" not in held.text and '"answers"' not in held.text:
                    return "the subject access export does not hold the resident's answers"
        finally:
            _erase(public, receipt)
    return None


CHECKS: list[tuple[str, Callable[[object], str | None]]] = [
    ("12.1 secondary suppression says [c], never 'fewer than 10' of a large count", check_secondary_suppression),
    ("12.2 voices carry the date their response came in", check_voice_dates),
    ("12.3 a closed consultation's /respond shows the true count", check_closed_respond_count),
    ("12.4 invalid periods get a clear error, never a 500", check_invalid_periods),
    ("12.5 'About you' answers cannot be found from a receipt", check_equality_not_found_from_receipt),
    ("12.6 no receipt codes in officers' exports", check_no_receipts_in_exports),
    ("12.7 subject access never joins equality answers", check_subject_access_never_joins),
]
