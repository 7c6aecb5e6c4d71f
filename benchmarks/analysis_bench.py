"""Measure the analysis engine on a split of the labelled corpus, beside two plain baselines.

    .venv/bin/python benchmarks/analysis_bench.py [--split test|dev] [--model DIR] [--repeat-to N] [--errors] [--json]
    .venv/bin/python benchmarks/analysis_bench.py --zero-shot-dev [--errors] [--third]

Reports, on the chosen split (default: test) of engage/analysis/corpus, with plain TextBlob
(polarity thresholds +-0.1) and a keyword baseline (framework names and phrases, any hit) measured
in the same run:
- theme micro-F1 and per-theme F1, cross-cutting micro-F1;
- sentiment macro-F1;
- safeguarding recall and precision (every flag, and the "concern" level alone; the rules alone
  as a third column);
- personal data removed: the share of labelled personal-data substrings absent from the redacted text;
- the second framework (corpus/frameworks/second.yaml, never tuned on): micro-F1 from names and
  scope notes only, and after 5 confirmed examples per entry, on all of second-framework.jsonl;
- language detection accuracy on the languages part of the split;
- texts per second on one core (in-process analyse(), one worker, CPU time);
- what a fresh worker pays: CPU seconds to import the analysis, resident MB after import and after warm_up().

With the test split, the same figures are also given for benchmarks/data/blind-slp.jsonl, written
by another writer who never saw the corpus (evaluation only: never train or tune on it).

`--errors` lists every wrong label, and is refused on the test split: tune on dev only.
`--also-without-part PART` also gives safeguarding recall and precision on the split without that
part's lines, so that a run after a new corpus part can be compared with the runs before it.

The shipped model is refitted on train and dev once its values are chosen (engage.analysis.training),
so on dev it scores text it has learned. To tune, measure a model fitted on train alone:

    .venv/bin/engage train-analysis --no-refit --out /tmp/selection
    .venv/bin/python benchmarks/analysis_bench.py --split dev --errors --model /tmp/selection

`--zero-shot-dev` measures only the development framework, the one to tune the zero-shot tagger
on (the second framework is never tuned on): the seeded SLP framework stripped to names and scope
notes, its slugs renamed so no learned model knows them, tagged through `Tagger` as a new plan is,
on the SLP corpus's train and dev splits (never test): micro-F1 from names and scope alone, and
with 5 confirmed examples per entry drawn from the train split (those texts not scored). With
`--errors` it lists the dev split's wrong tags. With `--third` it measures the third development
framework instead (benchmarks/data/third-framework.yaml: the SLP themes grouped differently and
described in new words, labels mapped from SLP's; third-framework.md).
"""

from __future__ import annotations

import argparse
import dataclasses
import itertools
import json
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("NLTK_DATA", "/nonexistent-nltk-data")  # nothing downloaded, nothing needed

from textblob.en.sentiments import PatternAnalyzer  # noqa: E402

from engage.analysis import corpus  # noqa: E402
from engage.analysis.framework_model import Framework, default_framework, load_framework  # noqa: E402
from engage.analysis.lexicon import FrameworkLexicon  # noqa: E402
from engage.analysis.language import detect  # noqa: E402
from engage.analysis.pipeline import analyse, default_tagger  # noqa: E402
from engage.analysis.safeguarding import check_safeguarding  # noqa: E402
from engage.analysis.learned import ModelBundle  # noqa: E402
from engage.analysis.tagger import Tagger  # noqa: E402
from engage.analysis.text import norm_tokens  # noqa: E402
from engage.analysis.training import f1, flag_figures, macro_f1, micro_f1  # noqa: E402

SECOND_FRAMEWORK = corpus.CORPUS_DIR / "frameworks" / "second.yaml"
THIRD_FRAMEWORK = ROOT / "benchmarks" / "data" / "third-framework.yaml"
BLIND = ROOT / "benchmarks" / "data" / "blind-slp.jsonl"
EXAMPLES_PER_ENTRY = 5
TARGETS = {"theme micro-F1": 0.85, "sentiment macro-F1": 0.75, "safeguarding recall": 0.97,
           "safeguarding precision": 0.7, "personal data removed": 0.97, "second framework, names and scope": 0.6,
           "texts per second per core": 1000}


def keyword_framework(framework: Framework, scope: bool = False) -> Framework:
    """Each entry's name and phrases (or, with `scope`, its name and scope-note items) as weight-1 phrases."""
    def bare(entry):
        words = [entry.name.lower()]
        if scope:
            words += [p.strip().lower() for p in entry.scope.replace(" and ", ", ").replace(";", ",").split(",")]
        else:
            words += [p for p, w in entry.phrases if w > 0]
        return dataclasses.replace(entry, phrases=tuple((w, 1.0) for w in dict.fromkeys(words) if w), examples=())
    return dataclasses.replace(framework, themes=tuple(bare(e) for e in framework.themes),
                               cross_cutting=tuple(bare(e) for e in framework.cross_cutting))


def keyword_tags(lexicon: FrameworkLexicon, text: str) -> set[str]:
    return set(lexicon.scores(norm_tokens(text)))


def names_and_scope(framework: Framework) -> Framework:
    """The framework as a partnership imports it: names and scope notes, no phrases or examples."""
    def strip(entry):
        return dataclasses.replace(entry, phrases=(), examples=())
    return dataclasses.replace(framework, themes=tuple(strip(e) for e in framework.themes),
                               cross_cutting=tuple(strip(e) for e in framework.cross_cutting))


def split_tags(framework: Framework, tags: set[str]) -> tuple[set[str], set[str]]:
    themes = {e.slug for e in framework.themes}
    return {t for t in tags if t in themes}, {t for t in tags if t not in themes}


def row(name: str, engine, textblob=None, keywords=None, target=None) -> str:
    def cell(v):
        return "" if v is None else f"{v:,.0f}" if v > 10 else f"{v:.3f}"
    goal = "" if target is None else (f">= {target:,}" if target > 10 else f">= {target}")
    return f"| {name} | {cell(engine)} | {cell(textblob)} | {cell(keywords)} | {goal} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=corpus.SPLITS[1:], default="test")
    parser.add_argument("--repeat-to", type=int, default=5000, help="texts in the throughput run, over 5 passes whose median is the figure")
    parser.add_argument("--errors", action="store_true", help="list wrong labels (dev split only)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    parser.add_argument("--model", type=Path, help="measure the model in this folder instead of the shipped one")
    parser.add_argument("--zero-shot-dev", action="store_true",
                        help="only the development framework (SLP names and scope, zero-shot) on train and dev")
    parser.add_argument("--third", action="store_true",
                        help="with --zero-shot-dev: the third development framework (benchmarks/data/third-framework.yaml)")
    parser.add_argument("--also-without-part", action="append", default=[], metavar="PART",
                        help="also give safeguarding on the split without this corpus part (repeatable): a new part "
                             "puts its own lines into the split, this keeps the figure comparable with earlier runs")
    parser.add_argument("--fresh-part", action="append", default=[], metavar="PART",
                        help="also give every figure on the split's lines of this corpus part only (repeatable): "
                             "for parts written after the split was last read, whose lines no one has seen scored")
    args = parser.parse_args()
    if args.zero_shot_dev:
        figures = zero_shot_dev(errors=args.errors, third=args.third)
        if args.json:
            args.json.write_text(json.dumps(figures, indent=1) + "\n")
        return
    if args.errors and args.split == "test":
        sys.exit("--errors is for the dev split: the test split is never read for errors")

    everything = corpus.load_corpus()
    slp = [r for r in everything if not corpus.is_second_framework(r)]
    framework = default_framework()
    tagger = Tagger(bundle=ModelBundle.load(args.model)) if args.model else default_tagger()
    learned_dev = "dev" in str(tagger.bundle.meta.get("refit_on", ""))
    if args.split == "dev" and learned_dev:
        print("NOTE: this model was refitted on train and dev, so these dev figures are on text it has learned.\n"
              "Tune with a train-only model: engage train-analysis --no-refit --out DIR, then --model DIR.\n"
              "Its selection model's dev figures: " + json.dumps(tagger.bundle.meta.get("dev_figures", {})) + "\n")
    split_records = corpus.in_split(slp, args.split)
    english = corpus.training_records(split_records)
    figures: dict[str, object] = {"split": args.split}
    out, figures["corpus"] = measure(f"Corpus {args.split} split", english, split_records, framework, tagger)
    if args.also_without_part:
        kept = [r.part not in args.also_without_part for r in english]
        seen = flag_figures([r.safeguarding for r, k in zip(english, kept) if k],
                            [a.safeguarding for a, k in zip(out, kept) if k])
        print(f"safeguarding without {', '.join(args.also_without_part)} ({sum(kept)} texts): recall {seen.recall:.3f}"
              f" precision {seen.precision:.3f} ({seen.found} found, {seen.false_alarms} false alarms, {seen.missed} missed)")
        figures["safeguarding_without_parts"] = {"parts": args.also_without_part, "texts": sum(kept),
                                                 "recall": seen.recall, "precision": seen.precision}

    if args.fresh_part:
        fresh = [r for r in split_records if r.part in args.fresh_part]
        fresh_english = corpus.training_records(fresh)
        fresh_out, fresh_figures = measure(
            f"Fresh parts only ({', '.join(args.fresh_part)}: {len(fresh)} texts of the {args.split} split)",
            fresh_english, fresh, framework, tagger)
        figures["fresh_parts"] = {"parts": args.fresh_part, "texts": len(fresh), **fresh_figures}
        print_per_label(framework, fresh_english, fresh_out)

    second = second_framework()
    if second:
        print(row("second framework, names and scope only", second["names_scope"], None, second["keywords"],
                  TARGETS["second framework, names and scope"]))
        print(row("second framework, + 5 confirmed examples per entry", second["with_examples"], None,
                  second["keywords"]))
        figures["second_framework"] = second
    speed, passes = throughput([r.text for r in english], args.repeat_to, tagger)
    print(row("texts per second per core (in-process, one worker; median of 5 passes)", speed, None, None,
              TARGETS["texts per second per core"]))
    print("  the passes: " + ", ".join(f"{rate:.0f}" for rate in passes))
    figures["texts_per_second"] = speed
    figures["texts_per_second_passes"] = passes
    weight = worker_weight()
    print(row("worker: CPU seconds to import the analysis", weight["import_cpu_s"]))
    print(row("worker: MB resident after importing the analysis", weight["import_mb"]))
    print(row("worker: MB resident after warm_up() (models, lexicons, language model)", weight["warm_mb"]))
    figures["worker_weight"] = weight
    print_per_label(framework, english, out)
    if args.errors:
        print_errors(english, out)

    if args.split == "test" and BLIND.exists():
        blind = corpus.read_file(BLIND)
        blind_english = corpus.training_records(blind)
        blind_out, figures["blind"] = measure("Blind set (benchmarks/data/blind-slp.jsonl, another writer; never tuned on)",
                                              blind_english, blind, framework, tagger)
        print_per_label(framework, blind_english, blind_out)
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n")


def measure(title: str, english, records, framework: Framework, tagger: Tagger):
    """Print and return the figures on one set: its English records for the models, all for
    redaction and language detection."""
    out = [analyse(r.text, tagger=tagger) for r in english]
    plain = PatternAnalyzer()

    def textblob_label(text: str) -> str:
        polarity = plain.analyze(text).polarity
        return "positive" if polarity > 0.1 else "negative" if polarity < -0.1 else "neutral"

    keyword_lexicon = FrameworkLexicon(keyword_framework(framework))
    kw = [split_tags(framework, keyword_tags(keyword_lexicon, r.text)) for r in english]
    gold_t = [set(r.themes) for r in english]
    gold_c = [set(r.cross_cutting) for r in english]
    gold_s = [r.sentiment for r in english]

    gold_sfg = [r.safeguarding for r in english]
    sfg = flag_figures(gold_sfg, [a.safeguarding for a in out])
    concern = flag_figures(gold_sfg, [a.safeguarding_level == "concern" for a in out])
    rules = flag_figures(gold_sfg, [check_safeguarding(r.text).flag for r in english])
    pii = [(p, analyse(r.text, tagger=tagger).redacted) for r in records if r.pii for p in r.pii]
    figures = {
        "texts": len(english),
        "theme_micro_f1": micro_f1(gold_t, [set(a.themes) for a in out]),
        "keyword_theme_micro_f1": micro_f1(gold_t, [t for t, _ in kw]),
        "cross_cutting_micro_f1": micro_f1(gold_c, [set(a.cross_cutting) for a in out]),
        "keyword_cross_cutting_micro_f1": micro_f1(gold_c, [c for _, c in kw]),
        "sentiment_macro_f1": macro_f1(gold_s, [a.sentiment for a in out]),
        "textblob_sentiment_macro_f1": macro_f1(gold_s, [textblob_label(r.text) for r in english]),
        "safeguarding_recall": sfg.recall, "safeguarding_precision": sfg.precision,
        "safeguarding_found_false_missed": (sfg.found, sfg.false_alarms, sfg.missed),
        "concern_recall": concern.recall, "concern_precision": concern.precision,
        "rules_recall": rules.recall, "rules_precision": rules.precision,
        "personal_data_removed": sum(1 for p, red in pii if p not in red) / max(len(pii), 1),
    }
    print(f"\n{title}: {len(english)} English texts, {sum(r.safeguarding for r in english)} safeguarding "
          f"disclosures, {len(pii)} personal-data strings\n")
    print("| measure | engine | plain TextBlob | keyword baseline | target |")
    print("|---|---|---|---|---|")
    print(row("theme micro-F1", figures["theme_micro_f1"], None, figures["keyword_theme_micro_f1"],
              TARGETS["theme micro-F1"]))
    print(row("cross-cutting micro-F1", figures["cross_cutting_micro_f1"], None,
              figures["keyword_cross_cutting_micro_f1"]))
    print(row("sentiment macro-F1", figures["sentiment_macro_f1"], figures["textblob_sentiment_macro_f1"], None,
              TARGETS["sentiment macro-F1"]))
    print(row("safeguarding recall (keyword column: the rules alone)", sfg.recall, None, rules.recall,
              TARGETS["safeguarding recall"]))
    print(row("safeguarding precision (keyword column: the rules alone)", sfg.precision, None, rules.precision,
              TARGETS["safeguarding precision"]))
    print(row('safeguarding recall, "concern" level alone', concern.recall))
    print(row('safeguarding precision, "concern" level alone', concern.precision))
    print(row("personal data removed", figures["personal_data_removed"], None, None, TARGETS["personal data removed"]))
    languages = [r for r in records if r.part in ("languages", "blind") and r.language]
    non_english = [r for r in languages if r.language != "en"]
    if non_english:
        accuracy = sum(detect(r.text).code == r.language for r in languages) / len(languages)
        print(row(f"language detection accuracy ({len(languages)} texts, {len(non_english)} not English)", accuracy))
        figures["language_accuracy"] = accuracy
    print(f"(safeguarding: {sfg.found} found, {sfg.false_alarms} false alarms, {sfg.missed} missed)")
    return out, figures


def print_per_label(framework: Framework, english, out) -> None:
    print("\nper-theme F1 (engine / keyword baseline, gold count):")
    lexicon = FrameworkLexicon(keyword_framework(framework))
    kw_all = [keyword_tags(lexicon, r.text) for r in english]
    for entry in framework.entries:
        slug = entry.slug
        gold = [slug in r.labels for r in english]
        pred = [slug in a.themes or slug in a.cross_cutting for a in out]
        base = [slug in k for k in kw_all]
        print(f"  {slug:32s} {_f1(gold, pred):.3f} / {_f1(gold, base):.3f}   ({sum(gold)})")


def _f1(gold, pred) -> float:
    return f1(sum(g and p for g, p in zip(gold, pred)), sum(p and not g for g, p in zip(gold, pred)),
              sum(g and not p for g, p in zip(gold, pred)))


def second_framework() -> dict | None:
    """Micro-F1 on the second framework's texts: names and scope only, then with 5 examples per entry."""
    examples_file = corpus.CORPUS_DIR / "second-framework-examples.jsonl"
    texts_file = corpus.CORPUS_DIR / "second-framework.jsonl"
    if not (SECOND_FRAMEWORK.exists() and texts_file.exists()):
        return None
    framework = names_and_scope(load_framework(SECOND_FRAMEWORK))
    records = corpus.read_file(texts_file)
    known = {e.slug for e in framework.entries}
    chosen: dict[str, list[str]] = defaultdict(list)
    if examples_file.exists():
        for r in corpus.read_file(examples_file):
            for slug in r.labels:
                if slug in known and len(chosen[slug]) < EXAMPLES_PER_ENTRY:
                    chosen[slug].append(r.text)
    examples = [(text, slug) for slug, texts in chosen.items() for text in texts]
    gold = [set(r.labels) for r in records]
    bare = Tagger(framework)
    taught = Tagger(framework, examples)
    lexicon = FrameworkLexicon(keyword_framework(framework, scope=True))
    return {
        "texts": len(records), "examples": len(examples),
        "names_scope": micro_f1(gold, [{t.slug for t in bare.tag(r.text)} for r in records]),
        "with_examples": micro_f1(gold, [{t.slug for t in taught.tag(r.text)} for r in records]),
        "keywords": micro_f1(gold, [keyword_tags(lexicon, r.text) for r in records]),
    }


def renamed(framework: Framework, prefix: str = "new-") -> Framework:
    """Names and scope only, every slug renamed so that no learned model knows the entries."""
    def strip(entry):
        return dataclasses.replace(entry, slug=prefix + entry.slug, phrases=(), examples=(), absorbs=())
    return dataclasses.replace(framework, themes=tuple(strip(e) for e in framework.themes),
                               cross_cutting=tuple(strip(e) for e in framework.cross_cutting))


def third_framework() -> tuple[Framework, dict[str, set[str]]]:
    """The third development framework, and SLP label -> its entries' slugs."""
    import yaml

    text = THIRD_FRAMEWORK.read_text("utf-8")
    mapping: dict[str, set[str]] = defaultdict(set)
    for slug, labels in yaml.safe_load(text)["slp_labels"].items():
        for label in labels:
            mapping[label].add(slug)
    return names_and_scope(load_framework(text)), dict(mapping)


def zero_shot_dev(errors: bool = False, prefix: str = "new-", third: bool = False) -> dict:
    """The development framework: SLP as names and scope notes, zero-shot, on train and dev (or,
    with `third`, the third development framework, its labels mapped from SLP's)."""
    framework = renamed(default_framework(), prefix)
    slp = corpus.training_records(corpus.load_corpus())
    if third:
        framework, mapping = third_framework()
        slp = [dataclasses.replace(r, themes=tuple(sorted({s for label in r.labels for s in mapping.get(label, ())})),
                                   cross_cutting=()) for r in slp]
        prefix = ""
    splits = {name: corpus.in_split(slp, name) for name in ("train", "dev")}
    splits["train+dev"] = splits["train"] + splits["dev"]
    chosen: dict[str, list[str]] = defaultdict(list)
    for r in sorted(splits["train"], key=lambda r: corpus.normalise(r.text)):  # fixed, order-independent
        for slug in r.labels:
            if len(chosen[slug]) < EXAMPLES_PER_ENTRY:
                chosen[slug].append(r.text)
    examples = [(text, prefix + slug) for slug, texts in sorted(chosen.items()) for text in texts]
    used = {text for text, _ in examples}
    taggers = {"names and scope": Tagger(framework), f"+ {EXAMPLES_PER_ENTRY} examples per entry": Tagger(framework, examples)}
    figures: dict[str, object] = {}
    print(f"\nDevelopment framework ({'third framework' if third else 'SLP names and scope, renamed'}, zero-shot); "
          f"{len(examples)} examples from train, not scored\n")
    print("| regime | split | texts | precision | recall | micro-F1 |")
    print("|---|---|---|---|---|---|")
    tagged: dict[str, dict[str, set[str]]] = {}
    for regime, tagger in taggers.items():
        tagged[regime] = {r.text: {t.slug for t in tagger.tag(r.text)} for r in splits["train+dev"]}
        for name, records in splits.items():
            records = [r for r in records if not (regime != "names and scope" and r.text in used)]
            gold = [{prefix + s for s in r.labels} for r in records]
            pred = [tagged[regime][r.text] for r in records]
            tp = sum(len(g & p) for g, p in zip(gold, pred))
            precision, recall = tp / max(sum(map(len, pred)), 1), tp / max(sum(map(len, gold)), 1)
            score = micro_f1(gold, pred)
            figures[f"{regime} / {name}"] = {"texts": len(records), "precision": precision, "recall": recall,
                                             "micro_f1": score}
            print(f"| {regime} | {name} | {len(records)} | {precision:.3f} | {recall:.3f} | {score:.3f} |")
    print("\nper-entry F1 on train+dev, names and scope (gold count):")
    records = splits["train+dev"]
    for entry in framework.entries:
        gold = [entry.slug[len(prefix):] in r.labels for r in records]
        pred = [entry.slug in tagged["names and scope"][r.text] for r in records]
        print(f"  {entry.slug:36s} {_f1(gold, pred):.3f}   ({sum(gold)})")
    if errors:
        print("\ndev errors, names and scope (gold -> predicted):")
        for r in splits["dev"]:
            gold, pred = {prefix + s for s in r.labels}, tagged["names and scope"][r.text]
            if gold != pred:
                print(f"  {r.id}: {r.text}\n      -[{','.join(sorted(gold - pred))}] +[{','.join(sorted(pred - gold))}]")
    return figures


def throughput(texts: list[str], total: int, tagger: Tagger, passes: int = 5) -> tuple[float, list[float]]:
    """Texts a second of CPU on one core: the median of `passes` passes of total/passes texts each,
    and every pass. A median, because this machine's speed moves by a fifth within seconds (one
    pass of the same texts has read 470 and 800); a single long pass takes whatever burst it meets."""
    batch = list(itertools.islice(itertools.cycle(texts), max(total // passes, 1)))  # the same texts each pass
    rates = []
    for _ in range(passes):
        start = time.process_time()
        for text in batch:
            analyse(text, tagger=tagger)
        rates.append(len(batch) / max(time.process_time() - start, 1e-9))
    return statistics.median(rates), rates


_WEIGHT = """
import json, sys, time
def mb():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) / 1024 for line in status if line.startswith("VmRSS"))
start = time.process_time()
from engage.analysis.pipeline import warm_up
seconds, imported = time.process_time() - start, mb()
warm_up()
heavy = sorted(m for m in ("sklearn", "scipy", "nltk") if m in sys.modules)
print(json.dumps({"import_cpu_s": seconds, "import_mb": imported, "warm_mb": mb(), "heavy_imports": heavy}))
"""


def worker_weight() -> dict:
    """What a fresh worker pays for the analysis: import time and resident memory (Linux)."""
    import subprocess

    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    out = subprocess.run([sys.executable, "-c", _WEIGHT], capture_output=True, text=True, check=True, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


def print_errors(records, out) -> None:
    print("\nerrors (gold -> predicted):")
    for r, a in zip(records, out):
        problems = []
        for key, pred in (("themes", a.themes), ("cross_cutting", a.cross_cutting)):
            gold = set(getattr(r, key))
            if gold != set(pred):
                problems.append(f"{key}: -[{','.join(sorted(gold - set(pred)))}] +[{','.join(sorted(set(pred) - gold))}]")
        if r.sentiment != a.sentiment:
            problems.append(f"sentiment: {r.sentiment} -> {a.sentiment} ({a.polarity:+.2f})")
        if r.safeguarding != a.safeguarding:
            problems.append(f"safeguarding: {r.safeguarding} -> {a.safeguarding_level} {a.safeguarding_reasons}")
        left = [p for p in r.pii if p in a.redacted]
        if left:
            problems.append(f"pii left: {left}")
        if problems:
            print(f"  {r.id}: {r.text}")
            for problem in problems:
                print(f"      {problem}")


if __name__ == "__main__":
    main()
