"""TextBlob's English part-of-speech tagger and sentiment lexicon, without TextBlob's package import.

`import textblob` (and so `from textblob.en import ...`) runs TextBlob's `__init__`, which imports
all of NLTK, and NLTK imports SciPy and scikit-learn: seconds and tens of megabytes in every web
worker for two objects that need none of it. The tagger and the sentiment lexicon live in
`textblob/_text.py` (standard library only) and TextBlob's data files; this module loads that file
on its own and builds the two objects exactly as `textblob/en/__init__.py` does, so polarity and
tags are the same numbers as TextBlob's (tests/unit/analysis/test_sentiment.py compares them).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path


def _textblob_dir() -> Path:
    spec = importlib.util.find_spec("textblob")  # finds the package without running its __init__
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("TextBlob is not installed (pip install textblob)")
    return Path(next(iter(spec.submodule_search_locations)))


def _load_text_module():
    name = "engage.analysis._textblob_text"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, _textblob_dir() / "_text.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


_text = _load_text_module()
_EN = _textblob_dir() / "en"


class _Parser(_text.Parser):
    def find_tags(self, tokens, **kwargs):
        kwargs.setdefault("map", lambda token, tag: (token, tag))  # Penn tags, as textblob.en's parser
        return _text.Parser.find_tags(self, tokens, **kwargs)


class _Sentiment(_text.Sentiment):
    def load(self, path=None):  # as textblob.en.Sentiment: adverbs from adjectives ("badly")
        _text.Sentiment.load(self, path)
        if not path:
            for w, pos in list(dict.items(self)):
                if "JJ" in pos:
                    if w.endswith("y"):
                        w = w[:-1] + "i"
                    if w.endswith("le"):
                        w = w[:-2]
                    p, s, i = pos["JJ"]
                    self.annotate(w + "ly", "RB", p, s, i)


lexicon = _text.Lexicon(
    path=str(_EN / "en-lexicon.txt"),
    morphology=str(_EN / "en-morphology.txt"),
    context=str(_EN / "en-context.txt"),
    entities=str(_EN / "en-entities.txt"),
    language="en",
)
parser = _Parser(lexicon=lexicon, default=("NN", "NNP", "CD"), language="en")
sentiment = _Sentiment(
    path=str(_EN / "en-sentiment.xml"),
    synset="wordnet_id",
    negations=("no", "not", "n't", "never"),
    modifiers=("RB",),
    modifier=lambda w: w.endswith("ly"),
    tokenizer=parser.find_tokens,
    language="en",
)


_EMOTICON_SCORES = tuple((score, frozenset(e.lower() for e in faces)) for (_, score), faces in _text.EMOTICONS.items())


def polarity(words: list[str]) -> float:
    """`sentiment(words)[0]` (TextBlob's PatternAnalyzer polarity of a word list), computed with
    plain dict look-ups: the same steps and the same arithmetic as `_text.Sentiment.assessments`,
    at a third of the cost (this runs on every voice)."""
    if not dict.__len__(sentiment):
        sentiment.load()
    lexicon = sentiment  # word -> {part of speech or None: (polarity, subjectivity, intensity)}
    negations = sentiment.negations
    found: list[list[float]] = []  # [polarity, intensity, negated]
    modifier = negation = None
    get = dict.get
    for w in words:
        if w is None:
            continue
        entry = get(lexicon, w)
        if entry is not None and None in entry:
            p, _, i = entry[None]
            if modifier is None:
                found.append([p, i, 1])
            else:  # "really good": the adverb's intensity scales the word
                last = found[-1]
                last[0] = max(-1.0, min(p * last[1], +1.0))
                last[1] = i
            if negation is not None:  # "not good"
                found[-1][1] = 1.0 / found[-1][1]
                found[-1][2] = -1
            modifier = w if "RB" in entry else None
            negation = w if w in negations else None
            continue
        if w in negations:
            negation = w
        elif negation and len(w.strip("'")) > 1:
            negation = None
        if negation is not None and modifier is not None and modifier.endswith("ly"):
            found[-1][2] = -1  # "really not good"
            negation = None
        elif modifier and len(w) > 2:
            modifier = None
        if w == "!" and found:
            found[-1][0] = max(-1.0, min(found[-1][0] * 1.25, +1.0))
        if w == "(!)":
            found.append([0.0, 1.0, 1])
        if w.isalpha() is False and len(w) <= 5 and w not in _text.PUNCTUATION:
            for score, faces in _EMOTICON_SCORES:
                if w in faces:
                    found.append([score, 1.0, 1])
                    break
    total = 0
    for p, _, negated in found:
        total += p * -0.5 if negated < 0 else p
    return total / float(len(found) or 1)


__all__ = ["parser", "polarity", "sentiment"]
