"""Build engage/analysis/data/thesaurus.tsv.gz from WordNet 3.0 (Debian's `wordnet-base`).

    apt-get install wordnet-base && python tools/build_thesaurus.py [/usr/share/wordnet]

The product never reads WordNet itself: it reads the compact derived map this writes, so it
behaves the same on a machine without the Debian package. One line per single-word lemma:

    word <TAB> syn:w,w,... <TAB> der:w,... <TAB> hypo:w,... <TAB> hyper:w,...

- syn: lemmas sharing one of the word's commonest senses (the first three in WordNet's
  frequency order: rare senses such as "dealer" as a card player are what make thesauri noisy);
- der: derivationally related forms ("stab" -> "stabbing", "violent" -> "violence") and, for
  adjectives, pertainyms and "similar to";
- hypo: more specific words, two levels down for nouns ("weapon" -> "knife", "gun" -> "pistol");
- hyper: the direct broader word (used with a low weight);
- gloss: the longer words of the commonest sense's definition ("loneliness" -> "alone",
  "solitary", "isolation").

Multi-word lemmas are written with spaces ("knife crime"). WordNet's licence (see
engage/analysis/data/WORDNET-LICENSE) allows redistribution with its notice.
"""

from __future__ import annotations

import gzip
import re
import sys
from collections import defaultdict
from pathlib import Path

SENSES = 3  # senses per word considered (WordNet orders senses by frequency)
MAX_PER_RELATION = 40
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
OUT = Path(__file__).resolve().parents[1] / "engage" / "analysis" / "data" / "thesaurus.tsv.gz"


glosses: dict[tuple[str, str], str] = {}  # (pos, offset) -> the definition, without examples


def read_data(root: Path) -> dict[tuple[str, str], tuple[list[str], list[tuple[str, str, str, str]]]]:
    """(pos, offset) -> (lemmas, pointers (symbol, offset, pos, source/target))."""
    synsets = {}
    for pos, name in POS_FILES.items():
        with open(root / f"data.{name}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                head = line.split(" | ")[0].split()
                offset, ss_type = head[0], head[2]
                w_cnt = int(head[3], 16)
                words = [head[4 + 2 * i].lower() for i in range(w_cnt)]
                words = [w.split("(")[0].replace("_", " ") for w in words]  # "galore(ip)" -> "galore"
                glosses[("a" if ss_type == "s" else ss_type, offset)] = line.split(" | ", 1)[1].split(";")[0].strip() \
                    if " | " in line else ""
                k = 4 + 2 * w_cnt
                p_cnt = int(head[k])
                pointers = []
                for j in range(p_cnt):
                    sym, off, ppos, st = head[k + 1 + 4 * j: k + 5 + 4 * j]
                    pointers.append((sym, off, "a" if ppos == "s" else ppos, st))
                synsets[("a" if ss_type == "s" else ss_type, offset)] = (words, pointers)
    return synsets


def read_index(root: Path) -> dict[str, list[tuple[str, str]]]:
    """lemma -> [(pos, offset)] in frequency order per part of speech (nouns first)."""
    senses: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for pos, name in POS_FILES.items():
        with open(root / f"index.{name}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  "):
                    continue
                parts = line.split()
                lemma = parts[0].replace("_", " ")
                synset_cnt = int(parts[2])
                offsets = parts[-synset_cnt:]
                senses[lemma].extend((pos, off) for off in offsets[:SENSES])
    return senses


def main(root: Path) -> None:
    synsets = read_data(root)
    senses = read_index(root)
    lines = []
    for lemma in sorted(senses):
        if " " in lemma or not lemma.isalpha():
            continue
        rel: dict[str, dict[str, None]] = {"syn": {}, "der": {}, "hypo": {}, "hyper": {}, "gloss": {}}

        def add(kind: str, words) -> None:
            for w in words:
                if w != lemma and len(rel[kind]) < MAX_PER_RELATION:
                    rel[kind][w] = None

        first = senses[lemma][0] if senses[lemma] else None
        if first is not None:  # the words of the commonest sense's definition
            add("gloss", [w for w in re.findall(r"[a-z]+", glosses.get(first, "").lower()) if len(w) > 3])
        for pos, off in senses[lemma]:
            words, pointers = synsets[(pos, off)]
            add("syn", words)
            try:
                me = words.index(lemma) + 1
            except ValueError:
                me = 0
            for sym, target_off, tpos, st in pointers:
                target = synsets.get((tpos, target_off))
                if target is None:
                    continue
                src, dst = int(st[:2], 16), int(st[2:], 16)
                if sym in ("+", "\\", "&", "="):
                    if src == 0:  # a relation between whole synsets: all its words
                        add("der", target[0])
                    elif src == me:  # a lexical relation from this very word
                        add("der", [target[0][dst - 1]])
                elif sym in ("~", "~i"):
                    add("hypo", target[0])
                    if pos == "n":
                        for sym2, off2, pos2, _ in target[1]:
                            if sym2 in ("~", "~i"):
                                add("hypo", synsets[(pos2, off2)][0])
                elif sym in ("@", "@i") and len(rel["hyper"]) < 6:
                    add("hyper", target[0])
        if any(rel.values()):
            fields = [lemma] + [f"{k}:{','.join(v)}" for k, v in rel.items() if v]
            lines.append("\t".join(fields))
    OUT.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(OUT, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0, filename="") as fh:
        fh.write(data)
    print(f"{len(lines)} words, {OUT.stat().st_size / 1e6:.1f} MB -> {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/wordnet"))
