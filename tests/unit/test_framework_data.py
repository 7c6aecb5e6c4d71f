"""Pure parts of the framework area: checking an imported file, phrase lists, the export shape."""

from __future__ import annotations

import datetime as dt

import yaml

from engage.analysis.framework_model import default_framework, load_framework
from engage.framework import services as fw


def test_the_seed_file_passes_its_own_checks():
    assert fw.check_framework_data(fw.seed_data()) == []


def test_every_problem_is_reported_in_plain_words():
    data = {"plan": "", "priorities": [{"slug": "Bad Slug", "themes": [{"slug": "a"}, {"slug": "a"}]}],
            "cross_cutting": "nope"}
    errors = fw.check_framework_data(data)
    assert any("name" in e for e in errors)
    assert any("lower-case" in e for e in errors)
    assert any("already used" in e for e in errors)
    assert any("cross_cutting must be a list" in e for e in errors)
    assert fw.check_framework_data(["x"]) == ["The file must be a YAML mapping with plan, priorities and cross_cutting"]


def test_parse_framework_yaml_names_the_line_of_a_syntax_error():
    data, errors = fw.parse_framework_yaml("plan: X\npriorities: [\n")
    assert data is None and "line" in errors[0]


def test_phrases_round_trip_through_the_textarea_format():
    parsed, error = fw.parse_phrases("Knife crime: 2\nstabbing\n\nbench: 0.3")
    assert error is None and parsed == {"knife crime": 2.0, "stabbing": 1.0, "bench": 0.3}
    assert fw.parse_phrases(fw.phrases_text(parsed))[0] == parsed
    assert fw.parse_phrases("knife: lots")[1].startswith("Line 1")


def test_to_dict_gives_the_loader_format_and_leaves_out_retired_entries():
    period = {"name": "Plan", "extra": {"wards": ["Castle"], "partners": {"a": ["Police"]}},
              "starts_on": dt.date(2024, 4, 1), "ends_on": None}

    def row(id_, kind, slug, parent=None, retired=None, **kw):
        return {"id": id_, "kind": kind, "slug": slug, "name": slug.title(), "number": kw.get("number"),
                "parent_id": parent, "scope": kw.get("scope", ""), "phrases": kw.get("phrases", {}),
                "examples": [], "retired_at": retired}

    rows = [row(1, "priority", "p", number=1), row(2, "theme", "t", 1, phrases={"knife": 1.5}),
            row(3, "topic", "knife-crime", 2), row(4, "theme", "old", 1, retired=dt.datetime.now()),
            row(5, "cross_cutting", "c", scope="youth")]
    data = fw.to_dict(period, rows)
    assert data["period"] == {"start": dt.date(2024, 4, 1)}
    assert data["priorities"] == [{"slug": "p", "number": 1, "name": "P", "themes": [
        {"slug": "t", "name": "T", "topics": ["knife-crime"], "phrases": {"knife": 1.5}}]}]
    assert data["cross_cutting"] == [{"slug": "c", "name": "C", "scope": "youth"}]
    framework = load_framework(fw.dump_yaml(data))
    assert [e.slug for e in framework.entries] == ["t", "c"] and framework.wards == ("Castle",)


def test_the_seed_file_is_the_analysis_default():
    assert load_framework(yaml.safe_dump(fw.seed_data(), sort_keys=False)) == default_framework()


def test_batch_workers_run_the_pure_pipeline():
    from engage.voices import batch

    batch._init_worker(default_framework(), (), None)
    (result,) = batch.analyse_texts(["Knife crime near the park, stabbings last week"])
    assert result.themes == ("serious-violence",)
