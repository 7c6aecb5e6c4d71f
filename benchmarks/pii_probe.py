"""Score redaction on the personal-data probe (benchmarks/data/pii-probe.jsonl; see pii-probe.md).

    .venv/bin/python benchmarks/pii_probe.py [--half tune|held-out|both] [--errors]

For each half: personal data removed (the share of labelled strings absent from the redacted
text, as benchmarks/analysis_bench.py counts it), by kind; and over-redaction: the share of
"keep" strings (places, partners, everyday words that look like names) lost, and the share of
texts with no personal data that were changed at all. `--errors` lists misses and losses, and
only for the tune half: the held-out half is a check, never read for tuning.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from engage.analysis.redaction import redact  # noqa: E402

PROBE = ROOT / "benchmarks" / "data" / "pii-probe.jsonl"


def score(records: list[dict], errors: bool) -> dict[str, float]:
    found = missed = kept = lost = clean = changed = 0
    by_kind: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for r in records:
        out = redact(r["text"])
        for p in r["pii"]:
            gone = p not in out
            found += gone
            missed += not gone
            by_kind[r["kind"]][0] += gone
            by_kind[r["kind"]][1] += 1
            if errors and not gone:
                print(f"  MISS {r['id']} {p!r}: {out!r}")
        for k in r.get("keep", ()):
            here = k in out
            kept += here
            lost += not here
            if errors and not here:
                print(f"  LOST {r['id']} {k!r}: {out!r}")
        if not r["pii"]:
            clean += 1
            changed += out != r["text"]
            if errors and out != r["text"] and all(k in out for k in r.get("keep", ())):
                print(f"  CHANGED {r['id']}: {out!r}")
    figures = {
        "texts": len(records), "pii_strings": found + missed,
        "personal_data_removed": found / max(found + missed, 1),
        "keep_strings": kept + lost, "keep_strings_lost": lost / max(kept + lost, 1),
        "clean_texts": clean, "clean_texts_changed": changed / max(clean, 1),
    }
    for kind, (gone, total) in sorted(by_kind.items()):
        figures[f"removed: {kind}"] = gone / total
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--half", choices=("tune", "held-out", "both"), default="both")
    parser.add_argument("--errors", action="store_true")
    args = parser.parse_args()
    records = [json.loads(line) for line in PROBE.read_text("utf-8").splitlines() if line.strip()]
    halves = ("tune", "held-out") if args.half == "both" else (args.half,)
    for half in halves:
        if args.errors and half != "tune":
            sys.exit("--errors is for the tune half only")
        print(f"## {half}")
        figures = score([r for r in records if r["half"] == half], errors=args.errors)
        for name, value in figures.items():
            print(f"{name}: {value:.3f}" if isinstance(value, float) else f"{name}: {value}")


if __name__ == "__main__":
    main()
