"""The outbox, against a real SMTP server on this machine (aiosmtpd, started here): safeguarding
flags to the designated officers, the resident's one email when a decision is published, the
weekly digest of overdue actions, retries, TLS with a password, and what admins see."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.support import make_consultation, post_form, sign_in
from tests.support_smtp import SmtpServer, USERNAME

DISCLOSURE = "My partner hits me and I am scared to go home tonight"


@pytest.fixture
def smtp(monkeypatch):
    server = SmtpServer().start()
    for key, value in server.env.items():
        monkeypatch.setenv(key, value)
    yield server
    server.stop()


async def outbox_rows() -> list[dict]:
    from engage.outbox.tables import OutboxMessage

    return await OutboxMessage.select().order_by(OutboxMessage.id).run()


async def make_officer(email: str, role: str = "officer") -> dict:
    from tests.support import make_user

    return await make_user(role, email)


async def respond_with(client, c: dict, questions: list[dict], text: str):
    from surveys.responses import field_name

    q = next(q for q in questions if q["kind"] == "long_text")
    return await post_form(client, f"/consultations/{c['slug']}/respond", {field_name(q["id"]): text})


async def test_a_new_safeguarding_flag_emails_the_designated_officers_a_link_never_the_text(client, smtp):
    admin = await sign_in(client, "admin")
    guardian = await make_officer("guardian@example.org")
    await make_officer("bystander@example.org")
    page = await client.get("/officer/admin/outbox")
    assert "guardian@example.org" in page.text and "Designated safeguarding officers" in page.text
    saved = await post_form(client, "/officer/admin/outbox/safeguarding-officers", {"user": [str(guardian["id"])]})
    assert saved.status_code == 303

    c, questions = await make_consultation(kinds=["long_text"])
    sent = await respond_with(client, c, questions, DISCLOSURE)
    assert sent.status_code == 303

    from engage.voices.tables import Voice

    voice = await Voice.select(Voice.id, Voice.safeguarding).first()
    assert voice["safeguarding"]
    mails = smtp.mailbox.to("guardian@example.org")
    assert len(mails) == 1, smtp.mailbox.messages
    body = smtp.mailbox.body(mails[0])
    assert f"/officer/voices/{voice['id']}" in body
    assert "scared" not in body and "partner" not in body and "scared" not in mails[0]["Subject"]
    assert not smtp.mailbox.to("bystander@example.org") and not smtp.mailbox.to(admin["email"])
    # Told once: the periodic run finds nothing new.
    from engage.jobs.notices import tell_safeguarding_officers

    await tell_safeguarding_officers()
    assert len(smtp.mailbox.to("guardian@example.org")) == 1
    listing = await client.get("/officer/admin/outbox?status=sent")
    assert "Safeguarding flag: a comment needs looking at now" in listing.text and "guardian@example.org" in listing.text


async def test_a_disclosure_raised_at_a_meeting_emails_the_designated_officers_at_once(client, smtp):
    from tests.integration.test_meetings_capture import record_meeting

    officer = await sign_in(client, "admin")
    guardian = await make_officer("guardian@example.org")
    saved = await post_form(client, "/officer/admin/outbox/safeguarding-officers", {"user": [str(guardian["id"])]})
    assert saved.status_code == 303
    mid = await record_meeting(client, officer["id"])
    added = await post_form(client, f"/officer/meetings/{mid}/points",
                            {"text": DISCLOSURE, "raised_by": "resident", "ward": "belgrave"})
    assert added.status_code == 303

    from engage.voices.tables import Voice

    voice = await Voice.select(Voice.id, Voice.safeguarding).first()
    assert voice["safeguarding"]
    mails = smtp.mailbox.to("guardian@example.org")
    assert len(mails) == 1, smtp.mailbox.messages  # told now, not at the next minute's run
    body = smtp.mailbox.body(mails[0])
    assert f"/officer/voices/{voice['id']}" in body and "scared" not in body


async def test_a_resident_gets_one_email_when_the_decision_is_published_and_the_address_is_then_gone(client, smtp):
    from surveys.loop_tables import DecisionFollower
    from tests.integration.test_consultations_loop import closed_and_published, write_decision

    c, _ = await make_consultation(kinds=["short_text"])
    bad = await post_form(client, f"/consultations/{c['slug']}/follow", {"email": "not an address"})
    assert bad.status_code == 400 and 'href="#email"' in bad.text
    ok = await post_form(client, f"/consultations/{c['slug']}/follow", {"email": "resident@example.net"})
    assert ok.status_code == 200 and "We will email you once" in ok.text
    stored = await DecisionFollower.select().run()
    assert [r["email"] for r in stored] == ["resident@example.net"]
    assert set(stored[0]) == {"id", "consultation", "email"}  # no time, no receipt, nothing to link

    await sign_in(client, "officer")
    await closed_and_published(client, c)
    await write_decision(client, c)
    assert not smtp.mailbox.to("resident@example.net")  # saved as a draft: nobody told yet
    published = await post_form(client, f"/officer/consultations/{c['id']}/decision/publish", {})
    assert published.status_code == 303
    mails = smtp.mailbox.to("resident@example.net")
    assert len(mails) == 1
    assert f"/consultations/{c['slug']}/decision" in smtp.mailbox.body(mails[0])
    assert await DecisionFollower.count() == 0
    rows = await outbox_rows()
    assert rows[-1]["status"] == "sent" and rows[-1]["to_address"] == ""  # used once, then deleted
    # A late follower is told the decision is out, and nothing is kept.
    late = await post_form(client, f"/consultations/{c['slug']}/follow", {"email": "late@example.net"})
    assert "already published" in late.text and await DecisionFollower.count() == 0


async def test_messages_wait_and_retry_while_the_server_is_down_and_admins_see_why(client, monkeypatch):
    from engage.outbox import services
    from engage.outbox.tables import OutboxMessage

    down = SmtpServer()  # not started yet: nothing listens on its port
    for key, value in down.env.items():
        monkeypatch.setenv(key, value)
    await sign_in(client, "admin")
    queued = await post_form(client, "/officer/admin/outbox/test", {})
    assert queued.status_code == 303
    row = (await outbox_rows())[0]
    assert row["status"] == "queued" and row["attempts"] == 1 and "Connection" in row["last_error"]
    page = await client.get("/officer/admin/outbox")
    assert row["last_error"][:30] in page.text.replace("&#39;", "'") and 'id="outbox-queued">1<' in page.text

    down.start()
    try:
        # Not due yet: the wait after a failure is respected.
        assert (await services.send_due()).sent == 0
        await OutboxMessage.update({OutboxMessage.next_attempt_at: dt.datetime.now(dt.timezone.utc)
                                    - dt.timedelta(seconds=1)}).where(OutboxMessage.id == row["id"]).run()
        from engage.jobs.notices import send_outbox

        await send_outbox()
        assert len(down.mailbox.messages) == 1
        assert (await outbox_rows())[0]["status"] == "sent"
    finally:
        down.stop()


async def test_after_the_last_attempt_a_message_fails_and_an_admin_can_retry_it(client, smtp, monkeypatch):
    from engage.outbox import services
    from engage.outbox.tables import OutboxMessage

    await sign_in(client, "admin")
    monkeypatch.setenv("ENGAGE_SMTP_URL", "smtp+insecure://127.0.0.1:1")
    await services.queue_message("test", "someone@example.org", "Hello", "Body")
    await OutboxMessage.update({OutboxMessage.attempts: services.MAX_ATTEMPTS - 1}).where(OutboxMessage.id > 0).run()
    await OutboxMessage.update({OutboxMessage.next_attempt_at: dt.datetime(2020, 1, 1, tzinfo=dt.timezone.utc)}).where(
        OutboxMessage.id > 0).run()
    await services.send_due()
    row = (await outbox_rows())[0]
    assert row["status"] == "failed" and row["attempts"] == services.MAX_ATTEMPTS
    monkeypatch.setenv("ENGAGE_SMTP_URL", smtp.env["ENGAGE_SMTP_URL"])
    retried = await post_form(client, f"/officer/admin/outbox/{row['id']}/retry", {})
    assert retried.status_code == 303
    assert (await outbox_rows())[0]["status"] == "sent" and smtp.mailbox.to("someone@example.org")


async def test_starttls_and_a_password_from_the_environment(client, tmp_path, monkeypatch):
    from engage.outbox import services

    server = SmtpServer(tls_folder=tmp_path).start()
    try:
        for key, value in server.env.items():
            monkeypatch.setenv(key, value)
        await services.queue_message("test", "tls@example.org", "Over TLS", "Sent over STARTTLS")
        assert server.mailbox.to("tls@example.org") and server.mailbox.authenticated == [USERNAME]
        assert (await outbox_rows())[0]["status"] == "sent"
        # Without the CA, the server's certificate is not trusted: nothing is sent in the clear instead.
        monkeypatch.delenv("ENGAGE_SMTP_CA_FILE")
        await services.queue_message("test", "tls3@example.org", "Again", "Body")
        assert "CERTIFICATE_VERIFY_FAILED" in (await outbox_rows())[1]["last_error"]
        assert not server.mailbox.to("tls3@example.org")
    finally:
        server.stop()


async def test_a_server_without_starttls_is_refused_for_smtp_urls(client, smtp, monkeypatch):
    from engage.outbox import services

    monkeypatch.setenv("ENGAGE_SMTP_URL", smtp.env["ENGAGE_SMTP_URL"].replace("smtp+insecure://", "smtp://"))
    await services.queue_message("test", "plain@example.org", "Hello", "Body")
    assert "does not offer STARTTLS" in (await outbox_rows())[0]["last_error"]
    assert not smtp.mailbox.messages


def test_smtp_settings_are_checked():
    from engage.outbox.smtp import MailConfigError, mail_server

    for env, message in (({}, "not set"), ({"ENGAGE_SMTP_URL": "http://x"}, "must start"),
                         ({"ENGAGE_SMTP_URL": "smtp://u:p@host"}, "ENGAGE_SMTP_USERNAME"),
                         ({"ENGAGE_SMTP_URL": "smtp+insecure://host", "ENGAGE_SMTP_PASSWORD": "p"}, "never sent without TLS")):
        with pytest.raises(MailConfigError, match=message):
            mail_server(env)
    server = mail_server({"ENGAGE_SMTP_URL": "smtps://mail.example.org", "ENGAGE_SMTP_USERNAME": "me",
                          "ENGAGE_SMTP_PASSWORD": "secret"})
    assert server.port == 465 and "secret" not in server.describe()


async def test_the_weekly_digest_tells_each_owner_of_their_overdue_actions(client, smtp):
    from engage.jobs.notices import send_overdue_digest
    from surveys.loop_tables import Decision, FollowUpAction

    owner = await make_officer("owner@example.org")
    other = await make_officer("other@example.org")
    c, _ = await make_consultation(status="published", kinds=["short_text"])
    rows = await Decision.insert(Decision(consultation=c["id"], heard="h", decision="d", decided_by="Board",
                                          changes="c", decided_on=dt.date(2026, 1, 1))).returning(Decision.id).run()
    today = dt.date.today()
    for description, status, due, who in (("Late patrols", "in-progress", -3, owner), ("Done already", "done", -3, owner),
                                          ("Not due yet", "planned", 10, owner), ("Other's late one", "planned", -1, other)):
        await FollowUpAction.insert(FollowUpAction(decision=rows[0]["id"], description=description, owner="Police",
                                                   owner_user=who["id"], status=status,
                                                   due_on=today + dt.timedelta(days=due))).run()
    await send_overdue_digest()
    mine = smtp.mailbox.to("owner@example.org")
    assert len(mine) == 1
    body = smtp.mailbox.body(mine[0])
    assert "Late patrols" in body and "Done already" not in body and "Not due yet" not in body
    assert f"/officer/consultations/{c['id']}/decision" in body
    assert "Other's late one" in smtp.mailbox.body(smtp.mailbox.to("other@example.org")[0])
