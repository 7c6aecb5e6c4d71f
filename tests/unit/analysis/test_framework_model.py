
from engage.analysis.framework_model import default_framework, dump_framework, load_framework
from engage.analysis.tagger import Tagger

NEW_PLAN = """
plan: Community Safety Plan 2024-2027
priorities:
  - slug: roads
    name: Safer roads
    themes:
      - slug: road-safety
        name: Road safety
        scope: speeding, dangerous driving
        phrases: {speeding: 1.5, boy racers: 1.5, dangerous driving: 2}
        examples: ["Cars doing 60 past the primary school"]
cross_cutting:
  - slug: young-people
    name: Young people
    phrases: [young people, teenagers]
"""


def test_new_plan_from_exported_yaml_can_be_tagged(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_text(NEW_PLAN)
    fw = load_framework(path)
    assert fw.entry("road-safety").priority == "roads"
    assert fw.entry("young-people").phrases == (("young people", 1.0), ("teenagers", 1.0))
    tags = Tagger(fw).tag("Speeding and boy racers by the teenagers' park")
    assert {t.slug for t in tags} == {"road-safety", "young-people"}


def test_export_round_trip_keeps_phrases():
    fw = default_framework()
    again = load_framework(dump_framework(fw))
    assert again.themes == fw.themes
    assert again.cross_cutting == fw.cross_cutting
