"""Residents' pages ready before a worker takes requests: the first resident to a fresh worker
waits no longer than the hundredth.

A fresh worker otherwise compiles each template on first use and reads each open consultation
and its questions on the first request for it (surveys.open_forms); under a burst every resident
that worker was serving waited for both. The app runs this at start-up, bounded in time: with the
database silent the worker still starts, and reads on first use instead.
"""

from __future__ import annotations

import logging

from engage.bounded import within
from engage.framework import vocabulary
from engage.web.templating import environment
from surveys import open_forms
from surveys.public import answer_fields

log = logging.getLogger("engage.warm")
READ_SECONDS = 2.0
TEMPLATES = ("public/home.html", "public/consultation.html", "public/respond.html", "public/thank_you.html",
             "public/_answer_fields.html")


async def _read_open_forms() -> int:
    await vocabulary.load()  # the blank form lists the wards ("About you")
    groups = await open_forms.public_list()
    for c in groups.get("open", []):
        form = await open_forms.form_for(c["slug"], open_forms.MAX_AGE_SECONDS)
        if form is not None:
            answer_fields(form.consultation, form.questions, {}, {})  # the blank form, rendered once
    return len(groups.get("open", []))


async def warm_up_residents_pages() -> None:
    env = environment()
    for name in TEMPLATES:
        env.get_template(name)
    _, problem = await within(_read_open_forms(), READ_SECONDS)
    if problem:
        log.warning("residents' pages warm-up skipped the open consultations: %s", problem)
