"""Load the analysis before a worker takes requests.

The first analysis in a process loads TextBlob's lexicons and builds the taggers (about a
second of CPU on the event loop); done lazily, the first resident to send free text to a fresh
worker waited for it, and so did everyone else that worker was serving. The app runs this at
start-up, which ends before the worker accepts connections.
"""

from __future__ import annotations

import logging

from engage.analysis import pipeline
from engage.bounded import within
from engage.voices.tagging import tagging_context

log = logging.getLogger("engage.warm")
FRAMEWORK_READ_SECONDS = 2.0
SAMPLE = "The street lights on Melton Road are broken and I feel unsafe walking home after dark."


async def warm_up_analysis() -> None:
    pipeline.warm_up()
    # The framework comes from the database. Bounded, and not awaited past the bound: with the
    # database gone silent a worker still starting would otherwise sit in start-up, where it
    # cannot act on SIGTERM, until the connection gave up a minute later.
    context, problem = await within(tagging_context(), FRAMEWORK_READ_SECONDS)
    if problem:
        # No framework yet, or no database: the framework's tagger is built on first use instead.
        log.warning("analysis warm-up skipped the framework tagger: %s", problem)
        return
    pipeline.analyse(SAMPLE, tagger=context.tagger)
