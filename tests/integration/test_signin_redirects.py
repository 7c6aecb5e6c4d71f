"""After sign-in, `next` sends people only to a page of this site, however the address is disguised.

Browsers drop tabs, CR and LF from URLs and read a backslash as a slash, so `/\\t/evil.example/`
is `//evil.example/`: another host. Every vector here must land on the safe default, and CR or
LF must still sign the person in (the response used to be dropped).
"""

import pytest

from engage.auth.sessions import COOKIE_NAME
from tests.support import PASSWORD, make_user, post_form, sign_in

SAFE_DEFAULT = "/officer"
VECTORS = [
    "//evil.example/",
    "/\\evil.example/",
    "/\t/evil.example/",
    "/\n/evil.example/",
    "/\r\n/evil.example/",
    "/officer\r\nSet-Cookie: planted=1",
    "/%0d%0aSet-Cookie:%20planted=1",
    "/%2F%2Fevil.example/",
    "/%2f/evil.example/",
    "/%5Cevil.example/",
    "/%09/evil.example/",
    "/%252F%252Fevil.example/",
    "\\\\evil.example/",
    "/\\/evil.example/",
    "https://evil.example/",
    "javascript:alert(1)",
    " //evil.example/",
    "/\x00/evil.example/",
    "/\u2028/evil.example/",
    "evil.example",
]


@pytest.mark.parametrize("target", VECTORS, ids=[repr(v) for v in VECTORS])
async def test_sign_in_ignores_a_next_that_could_leave_the_site(client, target):
    user = await make_user("officer")
    response = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD, "next": target})
    assert response.status_code == 303
    assert response.headers["location"] == SAFE_DEFAULT
    assert client.cookies.get(COOKIE_NAME), "signed in even though next was refused"
    assert "planted" not in str(response.headers)


async def test_a_signed_in_officer_visiting_login_is_not_sent_elsewhere(client):
    await sign_in(client, "officer")
    for target in VECTORS:
        response = await client.get("/login", params={"next": target})
        assert response.status_code == 303 and response.headers["location"] == SAFE_DEFAULT, target


async def test_same_site_paths_are_kept(client):
    user = await make_user("officer")
    target = "/officer/consultations?status=open#list"
    response = await post_form(client, "/login", {"email": user["email"], "password": PASSWORD, "next": target})
    assert response.headers["location"] == target
