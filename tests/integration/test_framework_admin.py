"""The framework as data: seeded with exactly the plan's slugs, edited by admins for the annual
review (rename, merge, retire, add, new period) without rewriting history, exported and imported."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from tests.support import post_form, sign_in

SEED_SLUGS = {
    "multiple-disadvantage", "domestic-sexual-violence", "street-lifestyle", "serious-violence-exploitation",
    "serious-violence", "serious-organised-crime", "night-time-economy", "localities", "community-safety-asb",
    "community-engagement", "community-cohesion", "prevent-extremism", "hate-crime",
    "prevention-early-intervention", "reducing-reoffending", "mental-health", "substance-misuse",
}
KNIFE = "Knife crime near the park scares me, there were stabbings last week"
NOW = dt.datetime.now(dt.timezone.utc)


async def current_entries() -> dict[str, dict]:
    from engage.framework.services import current_period, entries

    return {e["slug"]: e for e in await entries((await current_period())["id"]) if e["kind"] != "topic"}


async def counted(voice_id: int) -> set[str]:
    from engage.voices.services import counted_tags

    return set(await counted_tags(voice_id))


async def test_the_seed_has_exactly_the_plans_slugs_and_reference_lists_come_from_it(client):
    from engage.framework import vocabulary

    assert set(await current_entries()) == SEED_SLUGS
    vocab = await vocabulary.load(max_age=0)
    assert len(vocab.wards) == 21 and vocab.ward_name("castle") == "Castle"
    assert [s for s, _ in vocab.priorities] == [
        "multiple-disadvantage", "serious-violence-exploitation", "localities", "community-cohesion"]
    assert "Leicestershire Police" in vocab.partners


async def test_a_rename_keeps_old_tags_pointing_at_the_entry(client):
    from engage.voices.services import record_voice

    vid = await record_voice(source="feedback_point", source_id=1, text=KNIFE, channel="meeting", occurred_at=NOW)
    entry = (await current_entries())["serious-violence"]
    await sign_in(client, "admin")
    page = await client.get(f"/officer/framework/entries/{entry['id']}")
    assert page.status_code == 200 and "Serious violence" in page.text
    bad = await post_form(client, f"/officer/framework/entries/{entry['id']}/edit",
                          {"name": "", "scope": "", "phrases": "knife: x"})
    assert bad.status_code == 400 and 'href="#name"' in bad.text and 'href="#phrases"' in bad.text
    response = await post_form(client, f"/officer/framework/entries/{entry['id']}/edit", {
        "name": "Violence with weapons", "scope": entry["scope"], "phrases": "knife crime: 2.5\nknife: 1.5"})
    assert response.status_code == 303
    from engage.voices.services import effective_tags

    (tag,) = (await effective_tags([vid]))[vid]
    assert tag["entry_id"] == entry["id"] and tag["name"] == "Violence with weapons" and tag["slug"] == "serious-violence"
    assert "Violence with weapons" in (await client.get("/officer/framework")).text
    from engage.audit.services import events_for

    (event,) = await events_for("framework-entry", entry["id"])
    assert event["action"] == "edit" and event["detail"]["name"] == ["Serious violence", "Violence with weapons"]
    # The entry keeps what the learned model knows of it under its new name: a rename changes no meaning.
    other = await record_voice(source="feedback_point", source_id=2, text="There were stabbings", channel="meeting",
                               occurred_at=NOW)
    assert await counted(other) == {"serious-violence"}


async def test_a_merge_moves_tags_and_retires_the_merged_entry(client):
    from engage.voices.services import record_voice

    drinking = await record_voice(source="feedback_point", source_id=1, text="Street drinking by the benches outside",
                                  channel="meeting", occurred_at=NOW)
    assert "street-lifestyle" in await counted(drinking)
    es = await current_entries()
    source, target = es["street-lifestyle"], es["community-safety-asb"]
    await sign_in(client, "admin")
    wrong = await post_form(client, f"/officer/framework/entries/{source['id']}/merge",
                            {"target": es["localities"]["id"]})
    assert wrong.status_code == 400 and 'href="#target"' in wrong.text
    response = await post_form(client, f"/officer/framework/entries/{source['id']}/merge", {"target": target["id"]})
    assert response.status_code == 303 and response.headers["location"] == f"/officer/framework/entries/{target['id']}?retagging=1"
    assert "community-safety-asb" in await counted(drinking) and "street-lifestyle" not in await counted(drinking)
    merged = (await current_entries())["street-lifestyle"]
    assert merged["retired_at"] is not None and merged["merged_into"] == target["id"]
    # The tagger now tags street-lifestyle text with the target, and never with the retired entry.
    again = await record_voice(source="feedback_point", source_id=2, text="Rough sleeping in the shop doorway",
                               channel="meeting", occurred_at=NOW)
    assert "community-safety-asb" in await counted(again)
    # A retired entry cannot be edited again.
    assert (await post_form(client, f"/officer/framework/entries/{source['id']}/retire", {})).status_code == 400


async def test_add_retire_and_start_a_new_period(client):
    await sign_in(client, "admin")
    es = await current_entries()
    form = await client.get("/officer/framework/entries/new?kind=theme")
    assert form.status_code == 200
    bad = await post_form(client, "/officer/framework/entries/new", {"kind": "theme", "name": "Scams", "slug": "",
                                                                    "parent_id": "", "scope": "", "phrases": ""})
    assert bad.status_code == 400 and 'href="#parent_id"' in bad.text
    ok = await post_form(client, "/officer/framework/entries/new", {
        "kind": "theme", "name": "Fraud and scams", "slug": "", "parent_id": es["localities"]["id"],
        "scope": "doorstep scams", "phrases": "scam: 1.5\ndoorstep crime: 2"})
    assert ok.status_code == 303
    fraud = (await current_entries())["fraud-and-scams"]
    assert fraud["parent_id"] == es["localities"]["id"] and fraud["phrases"] == {"scam": 1.5, "doorstep crime": 2.0}
    dup = await post_form(client, "/officer/framework/entries/new", {
        "kind": "cross_cutting", "name": "Fraud and scams", "slug": "", "parent_id": "", "scope": "", "phrases": ""})
    assert dup.status_code == 400 and 'href="#slug"' in dup.text

    refused = await post_form(client, f"/officer/framework/entries/{es['localities']['id']}/retire", {})
    assert refused.status_code == 400
    retired = await post_form(client, f"/officer/framework/entries/{es['hate-crime']['id']}/retire", {})
    assert retired.status_code == 303
    from engage.voices.services import record_voice

    vid = await record_voice(source="feedback_point", source_id=1, text="Racist abuse and hate crime on the bus",
                             channel="meeting", occurred_at=NOW)
    assert "hate-crime" not in await counted(vid)

    from engage.framework.services import current_period

    old = await current_period()
    response = await post_form(client, "/officer/framework/new-period", {"name": "Community Safety Plan 2024-2027"})
    assert response.status_code == 303
    new = await current_period()
    assert new["id"] != old["id"] and new["name"] == "Community Safety Plan 2024-2027"
    copied = await current_entries()
    assert "hate-crime" not in copied and "fraud-and-scams" in copied
    assert copied["serious-violence"]["copied_from"] == es["serious-violence"]["id"]
    # The archived period is history: its entries cannot be edited, and the old tag still points at the old entry.
    archived = await post_form(client, f"/officer/framework/entries/{es['serious-violence']['id']}/edit",
                               {"name": "X", "scope": "", "phrases": ""})
    assert archived.status_code == 404


async def test_export_then_import_round_trips(client):
    from engage.analysis.framework_model import default_framework, load_framework

    await sign_in(client, "admin")
    exported = await client.get("/officer/framework/export")
    assert exported.status_code == 200 and "attachment" in exported.headers["content-disposition"]
    assert load_framework(exported.text) == default_framework()  # same as the seed file, phrases and all
    data = yaml.safe_load(exported.text)
    data["plan"] = "Our own plan"
    data["cross_cutting"].append({"slug": "fraud", "name": "Fraud", "phrases": {"scam": 2}})
    response = await post_form(client, "/officer/framework/import", {"yaml": yaml.safe_dump(data)})
    assert response.status_code == 303
    again = await client.get("/officer/framework/export")
    assert yaml.safe_load(again.text) == data


@pytest.mark.parametrize("text, message", [
    ("plan: [unclosed", "not valid YAML"),
    ("- just a list", "must be a YAML mapping"),
    ("plan: X\npriorities:\n  - slug: a\n    themes:\n      - slug: b\n      - slug: b\n", "already used"),
    ("plan: X\npriorities:\n  - slug: Bad Slug\n", "lower-case"),
    ("plan: X\npriorities:\n  - slug: a\n    themes:\n      - slug: b\n        phrases: {knife: lots}\n", "not a number"),
])
async def test_a_bad_import_is_refused_with_a_clear_reason_and_changes_nothing(client, text, message):
    from engage.framework.services import periods

    await sign_in(client, "admin")
    before = await periods()
    response = await post_form(client, "/officer/framework/import", {"yaml": text})
    assert response.status_code == 400 and message in response.text and 'href="#file"' in response.text
    assert await periods() == before


async def test_import_by_file_upload(client):
    from tests.support import csrf_token

    await sign_in(client, "admin")
    body = "plan: Uploaded plan\npriorities:\n  - slug: one\n    name: One\n    themes:\n      - slug: t\n        name: T\n"
    token = await csrf_token(client)
    response = await client.post("/officer/framework/import", data={"_csrf_token": token},
                                 files={"file": ("plan.yaml", body.encode(), "application/yaml")})
    assert response.status_code == 303
    assert set(await current_entries()) == {"one", "t"}


async def test_only_admins_edit_the_framework_and_guessed_ids_are_not_found(client):
    await sign_in(client, "executive")
    assert (await client.get("/officer/framework")).status_code == 403
    assert (await client.get("/officer/framework/export")).status_code == 403
    es = await current_entries()
    assert (await post_form(client, f"/officer/framework/entries/{es['hate-crime']['id']}/retire", {})).status_code == 403


async def test_officers_cannot_edit_and_unknown_entries_are_not_found(client):
    await sign_in(client, "officer")
    assert (await client.get("/officer/framework")).status_code == 403
    client.cookies.clear()
    await sign_in(client, "admin")
    assert (await client.get("/officer/framework/entries/999999")).status_code == 404
    assert (await post_form(client, "/officer/framework/entries/999999/edit", {"name": "x"})).status_code == 404
    assert (await client.get("/officer/framework/periods/999999")).status_code == 404
    es = await current_entries()
    forged = await client.post(f"/officer/framework/entries/{es['hate-crime']['id']}/retire", data={})
    assert forged.status_code == 403
    assert (await current_entries())["hate-crime"]["retired_at"] is None


NEW_PLAN_WITH_GAPS = """
plan: Plan with thin entries
priorities:
  - slug: safer-streets
    name: Safer streets
    themes:
      - slug: road-safety
        name: Road safety
        scope: speeding, dangerous driving, pavement parking
      - slug: quexwin
        name: Quexwin
        scope: zorblat, vlimmering
      - slug: scams
        name: Scams and fraud
cross_cutting:
  - slug: older-people
    name: Older people
    scope: people over 65, loneliness
"""


async def test_import_warns_about_entries_with_nothing_to_tag_with(client):
    await sign_in(client, "admin")
    response = await post_form(client, "/officer/framework/import", {"yaml": NEW_PLAN_WITH_GAPS})
    assert response.status_code == 303
    page = await client.get(response.headers["location"])
    assert page.status_code == 200
    warning = page.text.split('id="tagging-warnings"', 1)[1].split("</ul>", 1)[0]
    assert "2 themes the tagger cannot recognise yet" in warning
    es = await current_entries()
    # Each weak entry is named and linked to its edit page; entries with usable words are not.
    assert f'href="/officer/framework/entries/{es["quexwin"]["id"]}">Quexwin</a>' in warning
    assert "zorblat" in warning and "spell out abbreviations" in warning
    assert f'href="/officer/framework/entries/{es["scams"]["id"]}">Scams and fraud</a>' in warning
    assert "only its name to go on" in warning
    assert "Road safety" not in warning and "Older people" not in warning
    # The warning is text, not colour alone: screen readers hear "Warning".
    assert '<span class="govuk-visually-hidden">Warning</span>' in warning


async def test_editing_an_entry_shows_and_clears_its_warning(client):
    await sign_in(client, "admin")
    assert (await post_form(client, "/officer/framework/import", {"yaml": NEW_PLAN_WITH_GAPS})).status_code == 303
    scams = (await current_entries())["scams"]
    page = await client.get(f"/officer/framework/entries/{scams['id']}")
    assert 'id="tagging-warning"' in page.text and "only its name to go on" in page.text
    saved = await post_form(client, f"/officer/framework/entries/{scams['id']}/edit", {
        "name": "Scams and fraud", "scope": "doorstep scams, phone fraud, romance fraud, cold callers", "phrases": ""})
    assert saved.status_code == 303
    assert 'id="tagging-warning"' not in (await client.get(f"/officer/framework/entries/{scams['id']}")).text
    index = await client.get("/officer/framework")
    assert "1 theme the tagger cannot recognise yet" in index.text and "Scams and fraud</a>:" not in index.text
    # Emptying the scope of a good entry brings its warning back.
    road = (await current_entries())["road-safety"]
    await post_form(client, f"/officer/framework/entries/{road['id']}/edit", {"name": "Road safety", "scope": "", "phrases": ""})
    assert "only its name to go on" in (await client.get(f"/officer/framework/entries/{road['id']}")).text


async def test_the_seeded_framework_has_no_tagging_warnings(client):
    await sign_in(client, "admin")
    assert 'id="tagging-warnings"' not in (await client.get("/officer/framework")).text
