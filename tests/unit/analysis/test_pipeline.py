import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from engage.analysis import pipeline
from engage.analysis.command import analyse_file_command
from engage.analysis.framework_model import default_framework, dump_framework, load_framework
from engage.analysis.phrases import key_phrases
from engage.analysis.pipeline import analyse
from engage.analysis.tagger import Tagger

ROOT = Path(__file__).resolve().parents[3]
OUTPUT_KEYS = {"id", "themes", "cross_cutting", "sentiment", "polarity", "key_phrases", "safeguarding",
               "safeguarding_level", "safeguarding_reasons", "language", "analysed", "redacted"}


def test_analyse_combines_everything():
    a = analyse("Mrs Jean Smith (07700 900412) says drug dealers outside 22 Orchard Walk make her feel unsafe.")
    assert "serious-organised-crime" in a.themes
    assert a.sentiment == "negative" and a.polarity < 0
    assert "[name]" in a.redacted and "[phone]" in a.redacted and "[address]" in a.redacted
    assert "Smith" not in a.redacted
    assert "drug dealers" in a.key_phrases
    assert not any("smith" in p for p in a.key_phrases)
    assert a.safeguarding is False and a.safeguarding_level == "none"
    assert a.language == "en" and a.analysed is True
    assert {t.slug for t in a.tags} >= set(a.themes)
    assert all(t.evidence for t in a.tags)


def test_analyse_off_topic():
    a = analyse("Thank you for the lovely new library opening hours")
    assert a.themes == () and a.cross_cutting == ()
    assert a.sentiment == "positive"


def test_disclosure_reaches_the_queue_with_its_level():
    a = analyse("My boyfriend hits me when he's been drinking and I'm scared to leave")
    assert a.safeguarding and a.safeguarding_level == "concern"
    assert "domestic-sexual-violence" in a.themes


def test_non_english_text_is_never_silently_neutral():
    a = analyse("Mój mąż mnie bije i boję się wrócić do domu. Zadzwoń do Pani Wiśniewskiej 07700 900123")
    assert a.analysed is False and a.language == "pl"
    assert a.themes == () and a.cross_cutting == () and a.sentiment == "neutral"
    assert a.safeguarding is True and a.safeguarding_level == "possible"
    assert a.safeguarding_reasons == ("not analysed: Polish",)
    assert "07700 900123" not in a.redacted  # redaction still runs


def test_warm_up_loads_the_models():
    pipeline.warm_up()
    assert pipeline.default_tagger().bundle.labels


def test_key_phrases_are_noun_phrases():
    phrases = key_phrases("The broken street lights on the cut-through make it pitch black. I hate it.")
    assert "street lights" in phrases
    assert "i" not in phrases and "it" not in phrases
    assert len(key_phrases(" ".join(f"The {w} house." for w in "red blue green pink grey tan gold teal jade".split()))) == 8


def test_cli_round_trip_with_bad_lines():
    lines = [
        json.dumps({"id": "a", "text": "Another stabbing outside the chicken shop, I'm scared to walk home"}),
        "{not json",
        json.dumps({"id": "c"}),
        json.dumps({"text": "a line with no id"}),
        json.dumps({"id": 4, "text": "Ring me on 07700 900123 about the dealers"}),
    ]
    result = CliRunner().invoke(analyse_file_command, [], input="\ufeff" + "\n".join(lines) + "\n")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 5
    assert out[0]["id"] == "a" and out[0]["sentiment"] == "negative" and "serious-violence" in out[0]["themes"]
    assert set(out[0]) == OUTPUT_KEYS
    assert "line 2" in out[1]["error"]
    assert out[2] == {"id": "c", "error": out[2]["error"]} and "line 3" in out[2]["error"]
    assert out[3]["id"] is None and "line 4" in out[3]["error"] and "id" in out[3]["error"]
    assert out[4]["redacted"] == "Ring me on [phone] about the dealers"
    assert "line 2" in result.stderr and "line 3" in result.stderr and "line 4" in result.stderr


def test_cli_byte_order_mark_is_accepted():
    result = CliRunner().invoke(analyse_file_command, [],
                                input=b"\xef\xbb\xbf" + json.dumps({"id": 1, "text": "Dealers by the park"}).encode())
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["id"] == 1


def test_cli_workers_keep_order_and_report_bad_lines(tmp_path):
    texts = ["Drug dealing on the corner again", "Thanks to the PCSOs for the quick response",
             "Speeding cars on the ring road", "My neighbour shouts racist abuse at my kids"]
    lines = [json.dumps({"id": i, "text": f"{texts[i % 4]} ({i})"}) for i in range(900)]
    lines[450] = json.dumps({"text": "no id here"})
    source = tmp_path / "in.jsonl"
    source.write_text("\n".join(lines) + "\n")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = "from engage.analysis.command import analyse_file_command; analyse_file_command()"
    with source.open("rb") as stdin:
        done = subprocess.run([sys.executable, "-c", code, "--workers", "2"], stdin=stdin, capture_output=True,
                              env=env, timeout=600)
    assert done.returncode == 1
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert len(out) == 900
    assert [o["id"] for o in out[:450]] == list(range(450))
    assert [o["id"] for o in out[451:]] == list(range(451, 900))
    assert "line 451" in out[450]["error"]
    assert b"line 451" in done.stderr
    assert out[1]["sentiment"] == "positive" and "serious-organised-crime" in out[0]["themes"]


def test_cli_uses_exported_framework(tmp_path):
    data = dump_framework(default_framework()).replace("slug: street-lifestyle", "slug: street-life")
    path = tmp_path / "fw.yaml"
    path.write_text(data)
    assert load_framework(path).entry("street-life")
    result = CliRunner().invoke(analyse_file_command, ["--framework", str(path)],
                                input=json.dumps({"id": 1, "text": "Aggressive begging at the cash machine"}) + "\n")
    assert result.exit_code == 0, result.stderr
    assert "street-life" in json.loads(result.stdout)["themes"]


def test_cli_bad_framework_is_a_clear_error(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text("priorities: [1, 2]")
    result = CliRunner().invoke(analyse_file_command, ["--framework", str(path)], input="")
    assert result.exit_code != 0
    assert "cannot load framework" in result.stderr
    assert "Traceback" not in result.stderr


def test_works_without_nltk_data(tmp_path):
    empty = tmp_path / "nltk_data"
    empty.mkdir()
    code = (
        "import nltk, json\n"
        "from engage.analysis.pipeline import analyse\n"
        "a = analyse('My neighbour Dave says drug dealers make me feel unsafe walking home. Email d@example.com')\n"
        "print(json.dumps({'themes': a.themes, 'sentiment': a.sentiment, 'phrases': a.key_phrases, 'red': a.redacted,"
        " 'paths': nltk.data.path}))\n"
    )
    env = {**os.environ, "NLTK_DATA": str(empty), "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["paths"][0] == str(empty)
    assert "serious-organised-crime" in out["themes"]
    assert out["sentiment"] == "negative"
    assert "drug dealers" in out["phrases"]
    assert out["red"].startswith("My neighbour [name] says") and "[email]" in out["red"]


@pytest.mark.parametrize("text", ["", "   ", "!!!", "12345", "\u202e\u0000 weird"])
def test_odd_input_does_not_fail(text):
    a = analyse(text)
    assert a.sentiment in ("negative", "neutral", "positive")


def test_confirmed_examples_change_the_outcome():
    tagger = Tagger(confirmed_examples=[("Geese hissing at children on the canal towpath", "community-safety-asb"),
                                        ("Goose attacks on the towpath by the lock", "community-safety-asb")])
    text = "Goose attacks on children along the towpath again"
    assert "community-safety-asb" in analyse(text, tagger=tagger).themes
    assert "community-safety-asb" not in analyse(text).themes
