"""The labelled corpus: splits fixed by the hash rule, and a shipped model that matches it."""

import json

from engage.analysis import corpus
from engage.analysis.learned import SHIPPED_DIR


def test_splits_file_matches_the_hash_rule():
    """splits.tsv is what the rule gives for every record: nobody moved a text between splits.
    (After adding corpus lines, `engage train-analysis` rewrites it.)"""
    records = corpus.load_corpus()
    assert records, "the corpus is empty"
    assert corpus.SPLITS_FILE.read_text(encoding="utf-8") == corpus.splits_table(records)


def test_split_depends_only_on_the_normalised_text():
    text = "Drug dealing outside the Co-op on Narborough Road every night"
    assert corpus.split_of(text) == corpus.split_of("  drug dealing outside the CO-OP on\nNarborough Road every night ")
    # Roughly 70/15/15 over many texts, and a new salt deals differently.
    splits = [corpus.split_of(f"voice number {i}") for i in range(3000)]
    assert 0.66 < splits.count("train") / 3000 < 0.74
    assert 0.12 < splits.count("test") / 3000 < 0.18
    assert [corpus.split_of(f"voice number {i}", salt="other") for i in range(50)] != splits[:50]


def test_ids_are_unique_and_labels_known():
    from engage.analysis.framework_model import default_framework

    records = corpus.load_corpus()
    ids = [r.id for r in records]
    assert len(ids) == len(set(ids))
    slugs = {e.slug for e in default_framework().entries}
    for r in corpus.training_records(records):
        assert set(r.labels) <= slugs, r.id
        assert r.sentiment in ("negative", "neutral", "positive"), r.id
        assert all(p in r.text for p in r.pii), r.id


def test_second_framework_parts_never_train_the_slp_models(tmp_path):
    (tmp_path / "residents.jsonl").write_text(json.dumps({"id": "res-1", "text": "Dealers on the corner"}) + "\n")
    (tmp_path / "second-framework.jsonl").write_text(json.dumps({"id": "fw2-1", "text": "Speeding on the A6"}) + "\n")
    (tmp_path / "languages.jsonl").write_text(
        "\ufeff" + json.dumps({"id": "lang-1", "text": "Dilerzy na rogu", "language": "pl"}) + "\n")
    records = corpus.load_corpus(tmp_path)
    assert [r.id for r in records] == ["lang-1", "res-1", "fw2-1"]
    assert [r.id for r in corpus.training_records(records)] == ["res-1"]
    before = corpus.corpus_hash(tmp_path)
    (tmp_path / "second-framework.jsonl").write_text("")
    assert corpus.corpus_hash(tmp_path) == before  # the second framework's texts are not in the fingerprint
    (tmp_path / "residents.jsonl").write_text(json.dumps({"id": "res-1", "text": "Dealers on the corner!"}) + "\n")
    assert corpus.corpus_hash(tmp_path) != before


def test_shipped_model_was_trained_on_this_corpus():
    """A corpus change without `engage train-analysis` leaves a stale model: this fails until retrained."""
    manifest = json.loads((SHIPPED_DIR / "manifest.json").read_text())
    assert manifest["meta"]["corpus_hash"] == corpus.corpus_hash()


def test_shipped_model_reads_text_as_it_was_trained_to():
    """Tokenising or feature extraction changed under the shipped model: retrain it."""
    from engage.analysis.learned import shipped_bundle
    from engage.analysis.training import probe_features

    bundle = shipped_bundle()
    assert bundle.meta["probe_features"] == probe_features(bundle.featuriser)
