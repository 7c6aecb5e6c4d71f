"""`engage retrain-analysis` through the command line (click's CliRunner) on both engines: a
handful of officers' decisions, made through the review queue, change what the analysis says
about a new text once the retrained model is stored; a dry run prints the gain and stores nothing."""

from __future__ import annotations

import asyncio
import datetime as dt
import pickle

import pytest

from click.testing import CliRunner

from tests.support import post_form, sign_in

# Caretakers' notes of fact. The shipped model reads them as negative (and flags some as a possible
# concern); officers read them as neutral and clear the flags. Written for this test, so the
# corpus has not seen them; by the hash split 5 are learned from and 3 held out.
DECIDED = [
    "The bins behind the flats on Mere Road were left out again for the whole weekend",
    "Bins behind the flats on Vulcan Road were left out again over the weekend",
    "Again the bins behind the Gipsy Lane flats were left out all weekend",
    "The communal bins behind the Saffron Lane flats were left out again this weekend",
    "Bins behind our flats on Catherine Street left out again all weekend",
    "The bins behind the flats off Belgrave Gate were left out again the whole weekend",
    "Once more the bins behind the flats on Uppingham Road were left out over the weekend",
    "The bins behind the Braunstone flats were left out again for the weekend",
]
PROBE = "The bins behind the flats on Narborough Road were left out again all weekend"


async def record(text: str, source_id: int) -> int:
    from engage.voices.services import record_voice

    return await record_voice(source="feedback_point", source_id=source_id, text=text, channel="meeting",
                              occurred_at=dt.datetime.now(dt.timezone.utc))


async def get_voice(voice_id: int) -> dict:
    from engage.voices.services import get_voice as get

    return await get(voice_id)


async def sentiment_of(voice_id: int) -> str:
    return (await get_voice(voice_id))["sentiment"]


async def invoke(*args: str, url: str):
    """Run the command as a person would, in its own thread (it runs its own event loop)."""
    from engage import db
    from engage.cli import main

    engine = db.current_engine()
    try:
        return await asyncio.to_thread(CliRunner().invoke, main, ["retrain-analysis", *args],
                                       env={"ENGAGE_DATABASE_URL": url}, catch_exceptions=False)
    finally:
        db.use_engine(engine)  # the command bound the tables to its own engine


@pytest.fixture
def small_corpus(monkeypatch):
    """A quarter of the corpus, picked by id: the command trains the same way on it, in a quarter of
    the time (training on all of it took a minute or more per run on two busy cores)."""
    from engage.analysis import corpus

    whole = corpus.load_corpus()
    monkeypatch.setattr(corpus, "load_corpus", lambda *a, **k: [r for i, r in enumerate(whole) if i % 4 == 0])


@pytest.fixture(scope="module")
def trained_once():
    """engage.analysis.training.train run once for each set of arguments in this module, its model
    handed back afresh (unpickled) at every call as if trained again. On each engine the dry run and
    the real run train on exactly the same records (the corpus's quarter and the same 8 decisions read
    back from the database), so two trainings of ~10 s of CPU are one; the engines' records differ
    (their ids), so each engine trains its own. The key is every argument's repr (each record's id,
    text and labels, the framework, the meta), so decisions read back any differently are trained on
    for real. Training is deterministic (tests/unit/analysis/test_training.py
    ::test_retraining_is_deterministic), so the model is the one training would make again."""
    from engage.analysis import training

    original = training.train
    made: dict[str, bytes] = {}

    def train(records, framework=None, **kwargs):
        records = list(records)
        key = repr((records, framework, sorted(kwargs.items())))
        if key not in made:
            made[key] = pickle.dumps(original(records, framework, **kwargs))
        return pickle.loads(made[key])

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(training, "train", train)
        yield


@pytest.mark.usefixtures("trained_once")
async def test_officers_decisions_retrain_the_analysis_and_every_worker_uses_it(client, database_url, small_corpus):
    from engage.voices.tables import AnalysisModel

    before_probe = await record(PROBE, 999)
    assert await sentiment_of(before_probe) == "negative"  # what the shipped model says
    ids = [await record(text, i) for i, text in enumerate(DECIDED)]
    await sign_in(client, "officer")
    for vid in ids:
        if (await get_voice(vid))["safeguarding"]:
            cleared = await post_form(client, f"/officer/voices/{vid}/safeguarding/clear",
                                      {"reason": "Bins left out: nobody at risk"})
            assert cleared.status_code == 303
        done = await post_form(client, f"/officer/voices/{vid}/sentiment", {"sentiment": "neutral"})
        assert done.status_code == 303
        assert (await post_form(client, f"/officer/voices/{vid}/reviewed", {})).status_code == 303

    dry = await invoke("--dry-run", url=database_url)
    assert dry.exit_code == 0, dry.output
    assert "Officers' decisions: 8 voices" in dry.output and "->" in dry.output
    assert "corpus dev split" in dry.output and "sentiment macro-F1" in dry.output
    assert "Dry run" in dry.output and await AnalysisModel.count() == 0
    assert await sentiment_of(await record(PROBE, 1000)) == "negative"  # nothing stored, nothing changed

    real = await invoke(url=database_url)
    assert real.exit_code == 0, real.output
    assert "Stored as analysis model" in real.output and await AnalysisModel.count() == 1
    stored = await AnalysisModel.select(AnalysisModel.decisions, AnalysisModel.figures).output(load_json=True).first()
    assert stored["decisions"] == 8 and "corpus dev split" in stored["figures"]
    # The next save, in this worker or any other, tags with the retrained model.
    assert await sentiment_of(await record(PROBE, 1001)) == "neutral"
    # Officers' own decisions survive a re-analysis with the new model.
    from engage.voices.services import reanalyse

    await reanalyse(ids)
    assert {await sentiment_of(v) for v in ids} == {"neutral"}
    assert {(await get_voice(v))["safeguarding_status"] for v in ids} <= {"", "cleared"}


async def test_retraining_with_no_decisions_says_what_to_do_first(client, database_url):
    from engage.voices.tables import AnalysisModel

    await record(PROBE, 1)
    result = await invoke(url=database_url)
    assert result.exit_code == 1 and "No officers' decisions to learn from yet" in result.output
    assert "Traceback" not in result.output and await AnalysisModel.count() == 0
