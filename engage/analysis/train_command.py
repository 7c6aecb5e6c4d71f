"""`engage train-analysis`: rebuild the shipped models from the labelled corpus, one command."""

from __future__ import annotations

from pathlib import Path

import click

from . import corpus, learned


@click.command("train-analysis")
@click.option("--corpus", "corpus_dir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              default=None, help="Folder of labelled *.jsonl parts (default: the repository's corpus).")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where to write the model (default: the shipped model inside the package).")
@click.option("--no-refit", is_flag=True,
              help="Keep the model fitted on train alone (to measure and tune on dev); not for shipping.")
def train_analysis_command(corpus_dir: Path | None, out_dir: Path | None, no_refit: bool) -> None:
    """Retrain the shipped analysis models from the labelled corpus (deterministic).

    Rewrites the corpus's splits.tsv from the hash rule, fits on the train split, chooses
    regularisation and thresholds on the dev split and prints the dev figures, then refits the
    model on train and dev together with those choices (the model saved). The test split is not
    read.
    """
    # Here, not at the top: scikit-learn and SciPy take a second to import, and every `engage`
    # command (serve, worker, migrate) loads this module to list it.
    from . import training

    corpus_dir = corpus_dir or corpus.CORPUS_DIR
    out_dir = out_dir or learned.SHIPPED_DIR
    fingerprint = corpus.corpus_hash(corpus_dir)  # before reading, so a file growing meanwhile shows as stale
    try:
        corpus.write_splits(corpus_dir)
        records = corpus.training_records(corpus.load_corpus(corpus_dir))
    except corpus.CorpusError as exc:
        raise click.ClickException(str(exc)) from None
    train_set = corpus.in_split(records, "train")
    dev_set = corpus.in_split(records, "dev")
    click.echo(f"corpus {corpus_dir}: {len(train_set)} train, {len(dev_set)} dev texts")
    if no_refit and out_dir == learned.SHIPPED_DIR:
        raise click.UsageError("--no-refit is for measuring on dev: give --out DIR (the shipped model is refitted)")
    bundle = training.train(train_set, dev=dev_set, refit=not no_refit, log=click.echo,
                            meta={"corpus_hash": fingerprint})
    bundle.save(out_dir)
    if no_refit:
        click.echo(f"saved to {out_dir} (fitted on train alone)")
        figures = {k: v for k, v in training.evaluate(bundle, dev_set).items() if isinstance(v, float)}
    else:
        click.echo(f"saved to {out_dir} (refitted on train and dev: measure it on the test split)")
        figures = bundle.meta.get("dev_figures", {})
    click.echo("dev figures (train-only fit): " + ", ".join(f"{k} {v:.3f}" for k, v in figures.items()))
