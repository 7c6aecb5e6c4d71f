"""New passwords follow the NCSC's guidance, and account addresses cannot pass for someone else's.

At least 12 characters; none of the 30,000 common passwords shipped with engage (nor one with
digits or symbols stuck on); not one character or a short pattern repeated; not containing the
email's own name; no composition rules. Checked wherever a password is set: the admin's users
page and `engage createuser`.
"""

import pytest

from tests.conftest import run_engage
from tests.support import error_summary_links, post_form, sign_in

WEAK = {
    "twelve spaces": "            ",
    "common with digits": "password1234",
    "one character repeated": "aaaaaaaaaaaa",
    "short pattern repeated": "abcabcabcabc",
    "common with a year and symbols": "Summer2024!!",
    "keyboard walk": "qwertyuiop12",
    "the email's own name": "jane.smith-was-here",
    "too short": "elevenchars",
}
LOOKALIKE = "\u0430dmin@example.org"  # a Cyrillic "а" before "dmin"


async def _users(client):
    return (await client.get("/officer/admin/users")).text


@pytest.mark.parametrize("label", list(WEAK))
async def test_the_admin_cannot_give_a_new_account_a_weak_password(client, label):
    await sign_in(client, "admin")
    response = await post_form(client, "/officer/admin/users", {"email": "jane.smith@example.org", "role": "officer",
                                                                "name": "Jane", "password": WEAK[label]})
    assert response.status_code == 400, label
    assert ("#password", ) == tuple(h for h, _ in error_summary_links(response.text))
    assert "jane.smith@example.org" not in await _users(client)


async def test_a_long_passphrase_of_ordinary_words_is_welcome(client):
    await sign_in(client, "admin")
    response = await post_form(client, "/officer/admin/users", {"email": "jane.smith@example.org", "role": "officer",
                                                                "name": "Jane", "password": "kettle orbit lantern"})
    assert response.status_code == 303
    assert "jane.smith@example.org" in await _users(client)


@pytest.mark.parametrize("email", [LOOKALIKE, "admin@ex\u0430mple.org", "\uff41dmin@example.org", "ad\u200bmin@example.org"])
async def test_a_look_alike_address_is_refused(client, email):
    await sign_in(client, "admin")
    response = await post_form(client, "/officer/admin/users", {"email": email, "role": "admin", "name": "Fake",
                                                                "password": "kettle orbit lantern"})
    assert response.status_code == 400
    assert [h for h, _ in error_summary_links(response.text)] == ["#email"]
    assert "Fake" not in await _users(client)


async def test_an_address_in_one_other_alphabet_is_still_allowed(client):
    await sign_in(client, "admin")
    response = await post_form(client, "/officer/admin/users", {"email": "зоя@example.org", "role": "officer",
                                                                "name": "Zoya", "password": "kettle orbit lantern"})
    assert response.status_code == 303


def test_createuser_refuses_a_common_password_and_a_look_alike_address(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.sqlite'}"
    weak = run_engage("createuser", "--email", "jane@example.org", "--role", "officer", url=url, check=False,
                      env={"ENGAGE_PASSWORD": "password1234"})
    assert weak.returncode != 0 and "too common" in weak.stderr
    fake = run_engage("createuser", "--email", LOOKALIKE, "--role", "admin", url=url, check=False,
                      env={"ENGAGE_PASSWORD": "kettle orbit lantern"})
    assert fake.returncode != 0 and "alphabets" in fake.stderr
    fine = run_engage("createuser", "--email", "jane@example.org", "--role", "officer", url=url,
                      env={"ENGAGE_PASSWORD": "kettle orbit lantern"})
    assert "Created officer jane@example.org" in fine.stdout


async def test_a_password_change_follows_the_same_rules(app):
    from engage.auth import services
    from tests.support import make_user

    user = await make_user("officer", "jane.smith@example.org")
    for weak in ("password1234", "jane.smith-was-here", "            "):
        with pytest.raises(services.AccountError):
            await services.set_password(user["id"], weak)
    await services.set_password(user["id"], "kettle orbit lantern")


async def test_an_officer_changes_their_password_under_the_same_rules_and_is_signed_out_elsewhere(client, app):
    from litestar.testing import AsyncTestClient

    from tests.support import PASSWORD

    user = await sign_in(client, "officer", email="jane.smith@example.org")
    async with AsyncTestClient(app=app, base_url="http://testserver.local") as elsewhere:
        elsewhere.follow_redirects = False
        await post_form(elsewhere, "/login", {"email": user["email"], "password": PASSWORD})
        assert (await elsewhere.get("/officer")).status_code == 200

        form = await client.get("/officer/account/password")
        assert form.status_code == 200 and 'autocomplete="new-password"' in form.text
        wrong = await post_form(client, "/officer/account/password",
                                {"current_password": "not my password", "new_password": "kettle orbit lantern"})
        assert wrong.status_code == 400 and [h for h, _ in error_summary_links(wrong.text)] == ["#current_password"]
        for weak in ("password1234", "jane.smith-was-here", "            "):
            response = await post_form(client, "/officer/account/password",
                                       {"current_password": PASSWORD, "new_password": weak})
            assert response.status_code == 400, weak
            assert [h for h, _ in error_summary_links(response.text)] == ["#new_password"]
        done = await post_form(client, "/officer/account/password",
                               {"current_password": PASSWORD, "new_password": "kettle orbit lantern"})
        assert done.status_code == 303 and "password_changed" in done.headers["location"]
        assert "Your password has been changed" in (await client.get(done.headers["location"])).text
        assert (await client.get("/officer")).status_code == 200  # this browser carries on
        refused = await elsewhere.get("/officer")
        assert refused.status_code == 303 and refused.headers["location"].startswith("/login")
        again = await post_form(elsewhere, "/login", {"email": user["email"], "password": "kettle orbit lantern"})
        assert again.status_code == 303
