import json
import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from engage.analysis.command import analyse_file_command
from engage.analysis.framework_model import default_framework, dump_framework, load_framework
from engage.analysis.phrases import key_phrases
from engage.analysis.pipeline import analyse
from engage.analysis.tagger import Tagger

ROOT = Path(__file__).resolve().parents[3]


def test_analyse_combines_everything():
    a = analyse("Mrs Jean Smith (07700 900412) says drug dealers outside 22 Orchard Walk make her feel unsafe.")
    assert "serious-organised-crime" in a.themes
    assert a.sentiment == "negative" and a.polarity < 0
    assert "[name]" in a.redacted and "[phone]" in a.redacted and "[address]" in a.redacted
    assert "Smith" not in a.redacted
    assert "drug dealers" in a.key_phrases
    assert not any("smith" in p for p in a.key_phrases)
    assert a.safeguarding is False
    assert {t.slug for t in a.tags} >= set(a.themes)


def test_analyse_off_topic():
    a = analyse("Thank you for the lovely new library opening hours")
    assert a.themes == () and a.cross_cutting == ()
    assert a.sentiment == "positive"


def test_key_phrases_are_noun_phrases():
    phrases = key_phrases("The broken street lights on the cut-through make it pitch black. I hate it.")
    assert "street lights" in phrases
    assert "i" not in phrases and "it" not in phrases
    assert len(key_phrases(" ".join(f"The {w} house." for w in "red blue green pink grey tan gold teal jade".split()))) == 8


def test_cli_round_trip_with_bad_line():
    lines = [
        json.dumps({"id": "a", "text": "Another stabbing, real safe city"}),
        "{not json",
        json.dumps({"id": "c"}),
        json.dumps({"id": 4, "text": "Ring me on 07700 900123 about the dealers"}),
    ]
    result = CliRunner().invoke(analyse_file_command, [], input="\n".join(lines) + "\n")
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == 4
    assert out[0]["id"] == "a" and out[0]["sentiment"] == "negative" and "serious-violence" in out[0]["themes"]
    assert set(out[0]) == {"id", "themes", "cross_cutting", "sentiment", "polarity", "key_phrases", "safeguarding", "redacted"}
    assert "line 2" in out[1]["error"]
    assert out[2] == {"id": "c", "error": out[2]["error"]} and "line 3" in out[2]["error"]
    assert out[3]["redacted"] == "Ring me on [phone] about the dealers"
    assert "line 2" in result.stderr and "line 3" in result.stderr


def test_cli_uses_exported_framework(tmp_path):
    data = dump_framework(default_framework()).replace("slug: street-lifestyle", "slug: street-life")
    path = tmp_path / "fw.yaml"
    path.write_text(data)
    assert load_framework(path).entry("street-life")
    result = CliRunner().invoke(analyse_file_command, ["--framework", str(path)],
                                input=json.dumps({"id": 1, "text": "Aggressive begging at the cash machine"}) + "\n")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["themes"] == ["street-life"]


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
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    assert out["paths"][0] == str(empty)
    assert "serious-organised-crime" in out["themes"]
    assert out["sentiment"] == "negative"
    assert "drug dealers" in out["phrases"]
    assert out["red"].startswith("My neighbour [name] says") and "[email]" in out["red"]


def test_custom_tagger_is_used():
    tagger = Tagger(confirmed_examples=[("Goose attacks by the canal lock again", "community-safety-asb"),
                                        ("Goose attacks on the towpath", "community-safety-asb")])
    assert "community-safety-asb" in analyse("More goose attacks reported", tagger=tagger).themes
    assert "community-safety-asb" not in analyse("More goose attacks reported").themes
