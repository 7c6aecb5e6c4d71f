"""What a web worker pays for the analysis: no training libraries, TextBlob's numbers unchanged."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from engage.analysis import pattern_en
from engage.analysis.language import detect

_CHECK = """
import json, sys
from engage.analysis.pipeline import analyse, warm_up
warm_up()
first = analyse("Dealers on our street every night and my neighbour is scared to go out")
other = analyse("Dzien dobry, na naszej ulicy jest duzo halasu w nocy i boimy sie wychodzic.")
heavy = sorted(m for m in ("sklearn", "scipy", "nltk", "textblob") if m in sys.modules)
print(json.dumps({"heavy": heavy, "themes": list(first.themes), "analysed": other.analysed}))
"""


def test_analysing_text_never_imports_training_or_nltk_libraries():
    # scikit-learn, SciPy and NLTK cost a worker seconds and ~100 MB; only training needs them.
    out = subprocess.run([sys.executable, "-c", _CHECK], capture_output=True, text=True, check=True,
                         env={"NLTK_DATA": "/nonexistent", "PATH": "/usr/bin:/bin"})
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["heavy"] == []
    assert "substance-misuse" in result["themes"] or "serious-organised-crime" in result["themes"]
    assert result["analysed"] is False  # the language model was loaded and used


@pytest.mark.parametrize("words", [
    "this is not good at all !".split(),
    "really not very nice , absolutely terrible".split(),
    "the police were brilliant and so helpful :)".split(),
    "never a bad word (!) about them".split(),
    [],
])
def test_polarity_is_textblobs_own(words):
    from textblob.en import parser, sentiment  # TextBlob's own objects, imported the heavy way

    assert pattern_en.polarity(words) == sentiment(words)[0]
    assert pattern_en.parser.find_tags(words) == parser.find_tags(words)


def test_language_model_cut_to_the_languages_asked_about():
    from engage.analysis.language import MODEL_LANGUAGES, _identifier

    assert set(_identifier().nb_classes) <= set(MODEL_LANGUAGES)
    assert detect("Dzień dobry, na naszej ulicy jest dużo hałasu w nocy i boimy się wychodzić.").code == "pl"
