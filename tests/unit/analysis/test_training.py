"""Training: reproducible from the corpus, stored as plain files, measurable, usable by the pipeline."""

import dataclasses
import json
import math
from collections import Counter

import numpy as np
import pytest

from engage.analysis import corpus, training
from engage.analysis.learned import ModelBundle
from engage.analysis.pipeline import analyse
from engage.analysis.tagger import Tagger


@pytest.fixture(scope="module")
def small():
    """A slice of the corpus's train and dev splits (the test split is never read here)."""
    records = corpus.training_records(corpus.load_corpus())
    train = corpus.in_split(records, "train")[:240]
    dev = corpus.in_split(records, "dev")[:80]
    return train, dev


@pytest.fixture(scope="module")
def bundle(small):
    train, dev = small
    return training.train(train, dev=dev)


def test_retraining_is_deterministic(small, bundle):
    train, dev = small
    again = training.train(train, dev=dev)
    assert again.labels == bundle.labels
    assert np.array_equal(again.weights, bundle.weights)
    assert again.thresholds == bundle.thresholds


_FEATURES_DIGEST = """
import hashlib
from engage.analysis import corpus, learned
featuriser = learned.shipped_bundle().featuriser
digest = hashlib.md5()
for record in corpus.in_split(corpus.training_records(corpus.load_corpus()), "train")[:800]:
    indices, values, _ = featuriser.vector(record.text)  # what training.matrix and every worker read
    digest.update(indices.tobytes() + values.tobytes())
print(digest.hexdigest())
"""


def test_features_are_the_same_in_every_process():
    """`engage train-analysis` and every worker featurise a text the same way whatever the process's
    string-hash seed: the same corpus gives the same model (a row's norm once summed in hash order)."""
    import os
    import subprocess
    import sys

    digests = {subprocess.run([sys.executable, "-c", _FEATURES_DIGEST], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": seed}).stdout.strip() for seed in ("1", "2")}
    assert len(digests) == 1 and "" not in digests


def test_a_vectors_word_ids_are_its_word_features_wherever_the_cache_stands():
    """The featuriser remembers each word's and word pair's id (-1 when not in the vocabulary): on a
    first reading and a second (from the cache), a text's word block is exactly the ids of
    word_features(), unknown words and pairs across punctuation included."""
    from engage.analysis import features, learned

    shipped = learned.shipped_bundle().featuriser
    featuriser = features.Featuriser(shipped.vocabulary, shipped.idf, shipped.framework)  # an empty cache
    texts = [r.text for r in corpus.load_corpus()[:400]] + ["zzqx police, police zzqx. drug dealing dealing", ""]
    for reading in ("first", "cached"):
        for text in texts:
            words = featuriser.signals(text).words
            expected = {featuriser.index[f] for f in features.word_features(words) if f in featuriser.index}
            assert featuriser._word_feature_ids(words) == expected, (reading, text[:60])
    assert -1 in featuriser._word_ids.values() and -1 in featuriser._pair_ids.values()


def test_refit_learns_dev_too_with_the_values_chosen_on_it(small, bundle):
    """`refit=True` (the shipped model): C and thresholds come from the train-only fit, measured on
    dev; then the model is fitted again on train and dev, so a word only dev uses is learned."""
    train, dev = small
    coined = [corpus.Record(id=f"coined-{i}", text=f"zorbulating again on the {place}, every night", part="test",
                            themes=("hate-crime",), sentiment="negative")
              for i, place in enumerate(("corner", "estate", "bus", "high street"))]
    selected = training.train(train, dev=[*dev, *coined])
    final = training.train(train, dev=[*dev, *coined], refit=True)
    assert "w:zorbulating" not in selected.featuriser.index
    assert "w:zorbulating" in final.featuriser.index
    probe = "zorbulating"
    assert final.predict(probe).tag_probabilities["hate-crime"] > selected.predict(probe).tag_probabilities["hate-crime"] + 0.2
    assert final.thresholds == selected.thresholds
    # Every value is kept but the possible-concern threshold, chosen again on out-of-part scores over
    # all the records the final model learns from.
    kept = {k: v for k, v in final.meta["params"].items() if k != "safeguarding_possible"}
    assert kept == {k: v for k, v in selected.meta["params"].items() if k != "safeguarding_possible"}
    assert final.meta["train_texts"] == len(train) + len(dev) + len(coined)
    before = training.evaluate(selected, [*dev, *coined])
    assert final.meta["dev_figures"]["theme_micro_f1"] == round(before["theme_micro_f1"], 4)
    assert training.train(train, dev=dev, refit=False).meta["train_texts"] == len(train)  # no refit: train only


def test_the_safeguarding_operating_point_is_chosen_without_reading_dev():
    """C and the possible-concern threshold come from out-of-part scores on the training records (each
    text scored by a model that never saw its corpus part): dev's labels do not move them, so the
    train-only model's dev figures are a clean estimate (dev had saturated when it took part)."""
    records = corpus.training_records(corpus.load_corpus())
    # The five largest parts of a tenth of train: each part is a fold of the out-of-part scores, and a
    # fold per part of all of them cost a minute of CPU here for the same question.
    sample = corpus.in_split(records, "train")[::10]
    largest = {part for part, _ in Counter(r.part for r in sample).most_common(5)}
    train = [r for r in sample if r.part in largest]
    dev = corpus.in_split(records, "dev")[::8]
    flipped = [dataclasses.replace(r, safeguarding=not r.safeguarding) for r in dev]
    assert len({r.part for r in train}) > 3 and sum(r.safeguarding for r in dev) > 5
    honest, misled = training.train(train, dev=dev), training.train(train, dev=flipped)
    assert honest.safeguarding_possible == misled.safeguarding_possible
    assert honest.meta["params"]["c_safeguarding"] == misled.meta["params"]["c_safeguarding"]
    assert training.SAFEGUARDING_FLOOR <= honest.safeguarding_possible <= 0.5


def test_bundle_round_trips_through_plain_files(bundle, tmp_path, small):
    bundle.save(tmp_path / "model")
    names = sorted(p.name for p in (tmp_path / "model").iterdir())
    assert names == ["framework.yaml", "manifest.json", "vocabulary.json", "weights.npz"]
    json.loads((tmp_path / "model" / "manifest.json").read_text())  # readable without engage
    bundle.save(tmp_path / "again")  # the same model is the same bytes
    for name in names:
        assert (tmp_path / "model" / name).read_bytes() == (tmp_path / "again" / name).read_bytes()
    loaded = ModelBundle.load(tmp_path / "model")
    _, dev = small
    for record in dev[:20]:
        a, b = bundle.predict(record.text), loaded.predict(record.text)
        assert a.sentiment == b.sentiment
        assert a.tag_probabilities == pytest.approx(b.tag_probabilities, abs=2e-3)


def test_evaluate_reports_the_figures(bundle, small):
    _, dev = small
    figures = training.evaluate(bundle, dev)
    for key in ("theme_micro_f1", "cross_cutting_micro_f1", "sentiment_macro_f1", "safeguarding_recall",
                "safeguarding_precision", "safeguarding_concern_recall"):
        assert 0.0 <= figures[key] <= 1.0
    assert figures["texts"] == len(dev)
    assert figures["theme_micro_f1"] > 0.3  # learned something even from a small slice


def test_pipeline_uses_a_retrained_bundle(bundle):
    """An officers' retrained model stored by the app is used instead of the shipped one."""
    text = "Lads dealing weed from a car outside the school gates every afternoon, it's a disgrace"
    custom = analyse(text, tagger=Tagger(bundle=bundle))
    expected = bundle.predict(text)
    assert custom.polarity == expected.polarity
    assert custom.sentiment == expected.sentiment
    assert set(custom.themes) | set(custom.cross_cutting) >= set(bundle.tags(expected))
    assert analyse(text).polarity != custom.polarity  # the shipped model says something else


def test_train_without_records_is_a_clear_error():
    with pytest.raises(ValueError, match="no training records"):
        training.train([])


def test_train_command_builds_a_model_from_a_corpus_folder(tmp_path):
    """`engage train-analysis --corpus DIR --out DIR` on a small corpus: splits written, model saved."""
    from click.testing import CliRunner

    from engage.analysis.train_command import train_analysis_command

    source = tmp_path / "corpus"
    source.mkdir()
    for path in corpus.corpus_files():
        if path.name in ("residents.jsonl", "safeguarding.jsonl"):
            (source / path.name).write_text("".join(path.read_text(encoding="utf-8").splitlines(True)[:150]),
                                            encoding="utf-8")
    result = CliRunner().invoke(train_analysis_command, ["--corpus", str(source), "--out", str(tmp_path / "model")])
    assert result.exit_code == 0, result.output
    assert "dev figures" in result.output
    assert (source / "splits.tsv").read_text() == corpus.splits_table(corpus.load_corpus(source))
    bundle = ModelBundle.load(tmp_path / "model")
    assert bundle.meta["corpus_hash"] == corpus.corpus_hash(source)
    assert bundle.predict("My ex keeps turning up at my flat and threatening me").sentiment in (
        "negative", "neutral", "positive")


def test_possible_concern_threshold_reaches_recall_while_precision_allows():
    gold = np.array([True] * 10 + [False] * 10)
    rules = np.zeros(20, dtype=bool)
    # Disclosures well apart from the rest: the recall goal is reached, at a high threshold.
    apart = np.array([0.9] * 10 + [0.05] * 10)
    assert 0.5 > training._possible_threshold(apart, rules, gold) > 0.3
    # The last disclosures only reachable by flagging every other text: precision would fall to
    # 0.5, so the threshold stops where precision is still at least 0.7.
    mixed = np.array([0.9] * 8 + [0.1] * 2 + [0.95] * 2 + [0.1] * 8)
    threshold = training._possible_threshold(mixed, rules, gold)
    flagged = mixed >= threshold
    assert (flagged & gold).sum() / flagged.sum() >= 0.7
    assert (flagged & gold).sum() == 8
    # Recall past any goal while precision allows: the last two of 200 disclosures, far below the
    # rest but above every other text, are reached too (a recall goal of 0.99 stopped at 198).
    many = np.array([True] * 200 + [False] * 50)
    spread = np.array([0.9] * 198 + [0.3] * 2 + [0.01] * 50)
    assert training._possible_threshold(spread, np.zeros(250, dtype=bool), many) < 0.3


def test_out_of_fold_scores_each_text_by_a_model_that_did_not_see_it():
    from scipy.sparse import csr_matrix

    # One feature per text: a model that saw a text would recognise it; one that did not cannot.
    x = csr_matrix(np.eye(40))
    y = np.array([1, 0] * 20)
    scores = training._out_of_fold(x, y, 16.0, n_sparse=40)
    assert np.allclose(scores, scores[0], atol=0.1)  # no text's own label leaks into its score


def test_only_the_safeguarding_head_reads_the_rules_partial_evidence(bundle):
    # Themes and sentiment keep the features they were tuned with; the rules' partial evidence
    # (RULE_PART_NAMES) carries weight for safeguarding alone.
    names = bundle.featuriser.vocabulary + bundle.featuriser.dense
    rows = [i for i, name in enumerate(names) if name in training.SAFEGUARDING_ONLY]
    assert len(rows) == len(training.SAFEGUARDING_ONLY)
    assert not bundle.weights[rows, :-1].any()
    assert bundle.weights[rows, -1].any()


def test_safeguarding_head_weighs_telling_words_and_reads_the_plain_features():
    """A word that only disclosures use is scaled up, one used everywhere is scaled little;
    the scaling is folded into the weights, so scoring the plain vector gives the fitted model's answer."""
    from scipy.sparse import csr_matrix

    # Columns: "telling" (in every positive), "common" (in every text), one signal column.
    x = csr_matrix(np.array([[1, 1, 0.5]] * 6 + [[0, 1, 0.5]] * 6, dtype=float))
    y = np.array([1] * 6 + [0] * 6)
    scale = training.nb_scale(x, y, n_sparse=2)
    assert scale[0] > scale[1] + 0.5 and scale[1] >= training.NB_FLOOR and scale[2] == 1.0
    w, b = training._fit_nb(x, y, 4.0, n_sparse=2)
    scores = x @ w + b
    assert (scores[:6] > 0).all() and (scores[6:] < 0).all()


def test_a_flag_is_counted_the_same_way_everywhere_it_is_reported():
    # Selection, evaluate() and the benchmark all count through training.flag_figures.
    seen = training.flag_figures([True, True, False, False, True], np.array([True, False, True, False, True]))
    assert (seen.found, seen.false_alarms, seen.missed) == (2, 1, 1)
    assert seen.recall == pytest.approx(2 / 3) and seen.precision == pytest.approx(2 / 3)
    nothing = training.flag_figures([False, False], [False, False])
    assert (nothing.recall, nothing.precision, nothing.found) == (0.0, 0.0, 0)


def test_safeguarding_c_is_chosen_recall_first_counted_up_to_the_goal_then_precision():
    def seen(found: int, precision: float) -> training.FlagFigures:
        return training.FlagFigures(found / 100, precision, found, 0, 100 - found)

    needed = math.ceil(training.SAFEGUARDING_RECALL_GOAL * 100)
    # A C short of the goal loses to one that reaches it, however precise.
    assert training.choose_safeguarding_c({4.0: seen(needed - 1, 0.95), 16.0: seen(needed, 0.72)}, 100) == 16.0
    # Past the goal, more disclosures do not count: the more precise C wins.
    assert training.choose_safeguarding_c({16.0: seen(needed, 0.80), 32.0: seen(100, 0.74)}, 100) == 16.0
    # Found and precision alike: the smaller C (the stronger regularisation).
    assert training.choose_safeguarding_c({32.0: seen(needed, 0.8), 4.0: seen(needed, 0.8)}, 100) == 4.0


def test_model_concern_is_as_precise_as_the_rules():
    gold = np.array([True] * 10 + [False] * 10)
    rules = np.array([True] * 4 + [False] * 6 + [True] + [False] * 9)  # the rules: 4 of 5 right (0.8)
    # Without a rule: 6 disclosures at 0.7, 3 others at 0.5 and 0.3, the rest low.
    probs = np.array([0.9] * 4 + [0.7] * 6 + [0.9] + [0.5] * 2 + [0.3] + [0.05] * 6)
    # At 0.3 or 0.5 the model's own flags are 6 of 9 or 6 of 8; at 0.55 6 of 6 (as sure as the rules).
    assert training._concern_threshold(probs, rules, gold) == 0.55
