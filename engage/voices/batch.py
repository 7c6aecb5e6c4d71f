"""Re-analysing every voice: the pure pipeline on every core, database writes in the parent.

Voices are read in id order, a window at a time, analysed in worker processes in batches, and
each batch's results are written in one transaction. Stopping part-way leaves every voice either
as it was or fully re-analysed; running again simply redoes everything.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

from engage.analysis.framework_model import Framework
from engage.analysis.learned import bundle_at
from engage.analysis.pipeline import Analysis, analyse
from engage.analysis.tagger import Tagger

_tagger: Tagger | None = None


def _init_worker(framework: Framework, examples: tuple[tuple[str, str], ...], model_folder: str | None) -> None:
    global _tagger
    _tagger = Tagger(framework, examples, bundle=bundle_at(model_folder) if model_folder else None)


def analyse_texts(texts: list[str]) -> list[Analysis]:
    """Runs in a worker: pure, no database."""
    assert _tagger is not None
    return [analyse(text, tagger=_tagger) for text in texts]


async def analyse_all(*, batch_size: int = 100, workers: int | None = None,
                      on_total: Callable[[int], None] | None = None,
                      on_batch: Callable[[int], None] | None = None) -> int:
    """Re-analyse every voice with the current framework, confirmed examples and model; how many."""
    # Here, not at the top: the spawned workers import this module, and need none of the database side.
    from engage.voices.services import ROW_COLUMNS, analysed_text, store_results
    from engage.voices.tables import Voice
    from engage.voices.tagging import tagging_context

    context = await tagging_context()
    total = await Voice.count()
    if on_total:
        on_total(total)
    workers = max(1, workers or os.cpu_count() or 1)
    window = batch_size * workers
    done, last_id = 0, 0
    loop = asyncio.get_running_loop()
    # spawn: the workers start clean, sharing no database connection or event loop with the parent.
    with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_init_worker,
                             initargs=(context.framework, context.examples, context.model_folder)) as pool:
        while True:
            rows = await Voice.select(*ROW_COLUMNS).where(Voice.id > last_id).order_by(Voice.id).limit(window).run()
            if not rows:
                break
            last_id = rows[-1]["id"]
            batches = [rows[i:i + batch_size] for i in range(0, len(rows), batch_size)]
            futures = [loop.run_in_executor(pool, analyse_texts, [analysed_text(r) for r in b]) for b in batches]
            for batch, future in zip(batches, futures):
                results = await future
                await store_results(list(zip(batch, results)), context.entry_ids)
                done += len(batch)
                if on_batch:
                    on_batch(len(batch))
    return done
