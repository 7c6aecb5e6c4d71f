"""Build engage/analysis/data/vectors.npz: small word vectors for relating any framework's words to text.

    apt-get install wordnet-base && .venv/bin/python tools/build_vectors.py [/usr/share/wordnet]

Words are related by the company they keep in two kinds of text:

- WordNet 3.0's definitions and usage examples (each synset's words with its gloss is one short
  "document": "burglary: entering a building unlawfully with intent to steal"), general English
  that relates "stab" to "knife" and "speeding" to "driving" whatever the framework is about;
- the English train split of the SLP corpus and the partnership's plan (how residents and
  officers write), never dev, test or the second-framework parts.

Co-occurrence within a document -> positive PMI (context smoothing 0.75) -> truncated SVD ->
unit-length vectors (float16), one per word stem (engage.analysis.thesaurus.stem).
"""

from __future__ import annotations

import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.linalg import svds

sys.path.insert(0, str(Path(__file__).resolve().parent))

from build_associations import background_texts  # noqa: E402

from engage.analysis import thesaurus  # noqa: E402
from engage.analysis.text import STOPWORDS, tokens  # noqa: E402

OUT = Path(__file__).resolve().parents[1] / "engage" / "analysis" / "data" / "vectors.npz"
DIMENSIONS = 64
MAX_VOCABULARY = 24_000
MIN_COUNT = 3
CORPUS_REPEAT = 0  # general English only: the corpus genre (places, "resi", "PCSO") swamps topical neighbours
SMOOTHING = 0.75
SHIFT = 0.7  # keep only associations clearly above chance (shifted PPMI)


def gloss_documents(root: Path) -> list[str]:
    docs = []
    for name in ("noun", "verb", "adj", "adv"):
        with open(root / f"data.{name}", encoding="latin-1") as fh:
            for line in fh:
                if line.startswith("  ") or " | " not in line:
                    continue
                head, gloss = line.split(" | ", 1)
                parts = head.split()
                count = int(parts[3], 16)
                words = [parts[4 + 2 * i].split("(")[0].replace("_", " ") for i in range(count)]
                docs.append(" ".join(words) + " " + gloss.replace('"', " ").replace(";", " "))
    return docs


def stems(text: str) -> list[str]:
    out = []
    for t in tokens(text):
        if len(t) > 2 and t.isalpha() and t not in STOPWORDS:
            out.append(thesaurus.stem(t))
    return sorted(set(out))


def main(root: Path) -> None:
    docs = [stems(d) for d in gloss_documents(root)]
    corpus = [stems(t) for t in background_texts()]
    docs += corpus * CORPUS_REPEAT
    counts: Counter[str] = Counter(w for d in docs for w in d)
    vocab = [w for w, c in counts.most_common(MAX_VOCABULARY) if c >= MIN_COUNT]
    index = {w: i for i, w in enumerate(vocab)}
    pairs: Counter[tuple[int, int]] = Counter()
    for d in docs:
        ids = sorted(index[w] for w in d if w in index)
        pairs.update(combinations(ids, 2))
    rows, cols, vals = [], [], []
    df = np.array([counts[w] for w in vocab], dtype=np.float64)
    n = len(docs)
    p_context = (df / n) ** SMOOTHING
    for (a, b), c in pairs.items():
        for x, y in ((a, b), (b, a)):
            pmi = np.log((c / n) / ((df[x] / n) * p_context[y]))
            if pmi > SHIFT:
                rows.append(x)
                cols.append(y)
                vals.append(pmi - SHIFT)
    matrix = coo_matrix((vals, (rows, cols)), shape=(len(vocab), len(vocab))).tocsr()
    # A fixed start vector and a fixed sign per dimension: the same corpus gives the same bytes.
    start = np.random.default_rng(0).uniform(-1.0, 1.0, size=min(matrix.shape))
    u, s, _ = svds(matrix, k=DIMENSIONS, v0=start)
    u *= np.sign(u[np.abs(u).argmax(axis=0), np.arange(u.shape[1])])
    vectors = u * np.sqrt(s)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True) + 1e-9
    np.savez_compressed(OUT, words=np.array(vocab), vectors=vectors.astype(np.float16))
    print(f"{len(docs)} documents, {len(vocab)} words x {DIMENSIONS} -> {OUT} ({OUT.stat().st_size / 1e6:.1f} MB)")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/usr/share/wordnet"))
