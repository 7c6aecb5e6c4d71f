"""Measure the analysis engine on the labelled dev set through the `analyse-file` command.

    .venv/bin/python benchmarks/analysis_bench.py [DEV_JSONL] [--polis COMMENTS_CSV] [--repeat-to N]
        [--half A|B] [--quick] [--errors]

Prints theme and cross-cutting F1, sentiment against plain TextBlob polarity, safeguarding
recall/precision, the share of personal-data strings removed, throughput (one process, one core)
and how many Polis comments (mostly off-topic) get any theme tag.

Any labelled JSONL in the dev-set shape can be measured, e.g. the developers' own generalisation
probe, benchmarks/data/engage-probe.jsonl. `--half A` keeps its odd-numbered lines (1st, 3rd...),
`--half B` the even-numbered ones: develop on A, check on B. `--quick` skips the throughput and
Polis runs; `--errors` lists every text where a label differs from the gold one.
Throughput is reported in wall-clock time and in CPU time of the process (the latter is the
stable figure on a busy machine).
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_DEV = ROOT / ".." / "shared" / "data" / "slp-dev.jsonl"
DEFAULT_POLIS = ROOT / ".." / "shared" / "data" / "polis" / "american-assembly.bowling-green" / "comments.csv"
LABELS = ("negative", "neutral", "positive")


def command() -> list[str]:
    exe = shutil.which("engage")
    if exe and subprocess.run([exe, "analyse-file", "--help"], capture_output=True).returncode == 0:
        return [exe, "analyse-file"]
    return [sys.executable, "-c", "from engage.analysis.command import analyse_file_command; analyse_file_command()"]


def run_command(lines: list[str], env: dict[str, str]) -> tuple[list[dict], float]:
    payload = "".join(lines).encode()
    start = time.perf_counter()
    done = subprocess.run(command(), input=payload, capture_output=True, cwd=ROOT, env=env)
    elapsed = time.perf_counter() - start
    if done.returncode not in (0, 1):
        sys.exit(f"analyse-file failed:\n{done.stderr.decode()}")
    return [json.loads(line) for line in done.stdout.decode().splitlines()], elapsed


def f1(tp: int, fp: int, fn: int) -> float:
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def set_scores(gold: list[set[str]], pred: list[set[str]]) -> tuple[float, dict[str, float]]:
    labels = sorted(set().union(*gold, *pred))
    per, total = {}, [0, 0, 0]
    for label in labels:
        tp = sum(1 for g, p in zip(gold, pred) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, pred) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, pred) if label in g and label not in p)
        per[label] = f1(tp, fp, fn)
        total = [total[0] + tp, total[1] + fp, total[2] + fn]
    return f1(*total), per


def sentiment_scores(gold: list[str], pred: list[str]) -> tuple[float, float]:
    accuracy = sum(g == p for g, p in zip(gold, pred)) / len(gold)
    macro = sum(
        f1(
            sum(1 for g, p in zip(gold, pred) if g == p == label),
            sum(1 for g, p in zip(gold, pred) if p == label != g),
            sum(1 for g, p in zip(gold, pred) if g == label != p),
        )
        for label in LABELS
    ) / len(LABELS)
    return accuracy, macro


def print_errors(rows: list[dict], out: list[dict]) -> None:
    print("\nerrors (gold -> predicted):")
    for r, o in zip(rows, out):
        problems = []
        for key in ("themes", "cross_cutting"):
            gold, pred = set(r[key]), set(o[key])
            if gold != pred:
                missed = ",".join(sorted(gold - pred))
                extra = ",".join(sorted(pred - gold))
                problems.append(f"{key}: -[{missed}] +[{extra}]")
        if r["sentiment"] != o["sentiment"]:
            problems.append(f"sentiment: {r['sentiment']} -> {o['sentiment']} ({o['polarity']:+.2f})")
        if bool(r["safeguarding"]) != bool(o["safeguarding"]):
            problems.append(f"safeguarding: {r['safeguarding']} -> {o['safeguarding']}")
        left = [p for p in r.get("pii", []) if p in o["redacted"]]
        if left:
            problems.append(f"pii left: {left}")
        if problems:
            print(f"  {r['id']}: {r['text']}")
            for problem in problems:
                print(f"      {problem}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dev", nargs="?", type=Path, default=DEFAULT_DEV)
    parser.add_argument("--polis", type=Path, default=DEFAULT_POLIS)
    parser.add_argument("--repeat-to", type=int, default=5000, help="texts in the throughput run")
    parser.add_argument("--half", choices=("A", "B", "a", "b"), help="A: odd-numbered lines, B: even-numbered")
    parser.add_argument("--quick", action="store_true", help="skip the throughput and Polis runs")
    parser.add_argument("--errors", action="store_true", help="list the texts with a wrong label")
    args = parser.parse_args()

    rows = [json.loads(line) for line in args.dev.read_text(encoding="utf-8").splitlines() if line.strip()]
    if args.half:
        rows = rows[(0 if args.half.upper() == "A" else 1)::2]
    # No network and no NLTK data: point NLTK at an empty directory, pin to one core where possible.
    empty = tempfile.mkdtemp(prefix="nltk-empty-")
    env = {**os.environ, "NLTK_DATA": empty, "PYTHONPATH": str(ROOT)}
    lines = [json.dumps({"id": r["id"], "text": r["text"]}) + "\n" for r in rows]
    results, _ = run_command(lines, env)
    by_id = {r["id"]: r for r in results}
    out = [by_id[r["id"]] for r in rows]

    theme_f1, per_theme = set_scores([set(r["themes"]) for r in rows], [set(o["themes"]) for o in out])
    cc_f1, per_cc = set_scores([set(r["cross_cutting"]) for r in rows], [set(o["cross_cutting"]) for o in out])
    print(f"dev set: {args.dev} ({len(rows)} texts)")
    print(f"theme micro-F1         {theme_f1:.3f}")
    for slug, score in per_theme.items():
        print(f"  {slug:32s} {score:.3f}")
    print(f"cross-cutting micro-F1 {cc_f1:.3f}")
    for slug, score in per_cc.items():
        print(f"  {slug:32s} {score:.3f}")

    from textblob.en.sentiments import PatternAnalyzer  # plain TextBlob, measured in this run

    plain = PatternAnalyzer()

    def plain_label(text: str) -> str:
        polarity = plain.analyze(text).polarity
        return "positive" if polarity > 0.1 else "negative" if polarity < -0.1 else "neutral"

    gold = [r["sentiment"] for r in rows]
    acc, macro = sentiment_scores(gold, [o["sentiment"] for o in out])
    tb_acc, tb_macro = sentiment_scores(gold, [plain_label(r["text"]) for r in rows])
    print(f"sentiment              accuracy {acc:.3f}  macro-F1 {macro:.3f}")
    print(f"  plain TextBlob       accuracy {tb_acc:.3f}  macro-F1 {tb_macro:.3f}")

    tp = sum(1 for r, o in zip(rows, out) if r["safeguarding"] and o["safeguarding"])
    fp = sum(1 for r, o in zip(rows, out) if not r["safeguarding"] and o["safeguarding"])
    fn = sum(1 for r, o in zip(rows, out) if r["safeguarding"] and not o["safeguarding"])
    print(f"safeguarding           recall {tp / max(tp + fn, 1):.3f}  precision {tp / max(tp + fp, 1):.3f}"
          f"  ({tp} found, {fp} false alarms, {fn} missed)")

    pii = [(p, o["redacted"]) for r, o in zip(rows, out) for p in r.get("pii", [])]
    removed = sum(1 for p, red in pii if p not in red)
    print(f"personal data removed  {removed / max(len(pii), 1):.3f}  ({removed}/{len(pii)})")

    if args.errors:
        print_errors(rows, out)
    if args.quick:
        return

    repeated = (lines * (args.repeat_to // len(lines) + 1))[: args.repeat_to]
    _, elapsed_one = run_command(lines[:1], env)  # start-up cost alone
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    _, elapsed = run_command(repeated, env)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (children.ru_utime - children_before.ru_utime) + (children.ru_stime - children_before.ru_stime)
    print(f"throughput (command)   {len(repeated) / elapsed:,.0f} texts/s over {len(repeated)} texts "
          f"({elapsed:.2f}s incl. {elapsed_one:.2f}s start-up; "
          f"{len(repeated) / max(elapsed - elapsed_one, 1e-9):,.0f} texts/s excluding start-up; "
          f"{len(repeated) / max(cpu, 1e-9):,.0f} texts/s in CPU time incl. start-up)")

    from engage.analysis.pipeline import analyse, default_tagger

    default_tagger()
    texts = [r["text"] for r in rows]
    start, start_cpu = time.perf_counter(), time.process_time()
    count = 0
    while count < args.repeat_to:
        for text in texts:
            analyse(text)
        count += len(texts)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - start_cpu
    print(f"throughput (in-process analyse()) {count / elapsed:,.0f} texts/s wall, {count / cpu:,.0f} texts/s CPU")

    if args.polis.exists():
        with args.polis.open(encoding="utf-8") as handle:
            comments = [row["comment-body"] for row in csv.DictReader(handle)]
        polis_lines = [json.dumps({"id": i, "text": c}) + "\n" for i, c in enumerate(comments)]
        polis_out, _ = run_command(polis_lines, env)
        tagged = sum(1 for o in polis_out if o.get("themes"))
        print(f"polis over-tagging     {tagged}/{len(comments)} comments get a theme tag "
              f"({tagged / max(len(comments), 1):.1%}) [{args.polis.parent.name}]")


if __name__ == "__main__":
    main()
