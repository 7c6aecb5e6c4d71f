"""Load the analysis before a worker takes requests.

The first analysis in a process loads TextBlob's lexicons and builds the taggers (about a
second of CPU on the event loop); done lazily, the first resident to send free text to a fresh
worker waited for it, and so did everyone else that worker was serving. The app runs this at
start-up, which ends before the worker accepts connections.
"""

from __future__ import annotations

import logging

from engage.analysis import pipeline
from engage.voices.tagging import tagging_context

log = logging.getLogger("engage.warm")
SAMPLE = "The street lights on Melton Road are broken and I feel unsafe walking home after dark."


async def warm_up_analysis() -> None:
    warm = getattr(pipeline, "warm_up", None)  # the analysis package's own, where it has one
    if warm is not None:
        warm()
    else:
        pipeline.analyse(SAMPLE)
    try:
        context = await tagging_context()  # the framework's tagger, as a saved voice uses it
        pipeline.analyse(SAMPLE, tagger=context.tagger)
    except Exception as exc:  # noqa: BLE001 - no framework yet, or no database: built on first use instead
        log.warning("analysis warm-up skipped the framework tagger: %s", type(exc).__name__)
