"""Password hashing keeps RFC 9106's Argon2id cost everywhere but the test suite (engage.settings.
password_hash_cost), where the suite's servers sign in hundreds of times at the least cost."""

from __future__ import annotations

import pytest

from engage.auth.passwords import hasher_for

STRONG = "$argon2id$v=19$m=65536,t=3,p=4$"  # 64 MiB, 3 passes, 4 lanes


@pytest.mark.parametrize("env", ["production", "development"])
def test_outside_the_test_suite_passwords_are_hashed_at_full_cost(env):
    assert hasher_for(env).hash("correct horse battery staple").startswith(STRONG)


def test_the_test_suite_hashes_with_argon2id_at_the_least_cost_and_still_reads_a_strong_hash():
    cheap, strong = hasher_for("test"), hasher_for("production")
    assert cheap.hash("x").startswith("$argon2id$v=19$m=1024,t=1,p=1$")
    # A stored hash is checked at its own cost, whichever environment checks it; a cheap one made
    # under test would be hashed again at full cost at the next sign-in anywhere else.
    assert cheap.verify(strong.hash("a password"), "a password")
    assert strong.check_needs_rehash(cheap.hash("a password"))


@pytest.mark.parametrize(("env", "cost"), [("production", STRONG), ("test", "$argon2id$v=19$m=1024,t=1,p=1$")])
async def test_the_hasher_a_process_uses_follows_its_engage_env(env, cost, monkeypatch):
    # Through hash_password, as a sign-up or a password change does: the process's own hasher, not
    # hasher_for() alone, so a hasher fixed at the cheap cost everywhere fails here.
    from engage.auth import passwords

    monkeypatch.setenv("ENGAGE_ENV", env)
    passwords._hasher.cache_clear()
    try:
        made = await passwords.hash_password("correct horse battery staple")
        assert made.startswith(cost)
        assert await passwords.verify_password(made, "correct horse battery staple")
        assert passwords.needs_rehash(made) is False
    finally:
        passwords._hasher.cache_clear()  # the next test makes it again for its own ENGAGE_ENV
