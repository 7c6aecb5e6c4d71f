"""The mail server: ENGAGE_SMTP_URL and the credentials beside it, and one message sent over it.

    smtp://mail.example.org:587           STARTTLS, required: a server that does not offer it is refused
    smtps://mail.example.org:465          TLS from the first byte
    smtp+insecure://127.0.0.1:25          no TLS: only for a relay on the same machine; never with a password

Credentials come from ENGAGE_SMTP_USERNAME and ENGAGE_SMTP_PASSWORD, never the URL (which appears
in logs and on the admins' page). ENGAGE_SMTP_CA_FILE names a CA bundle for a server whose
certificate a private CA signed. Certificates and host names are always checked.

Read from the environment when a message is sent, so the worker and the app need only the same
variables; `smtplib` from the standard library does the talking, in a thread.
"""

from __future__ import annotations

import asyncio
import os
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from urllib.parse import urlparse

DEFAULT_PORTS = {"smtp": 587, "smtps": 465, "smtp+insecure": 25}
TIMEOUT_SECONDS = 20


class MailConfigError(ValueError):
    """The environment names no usable mail server."""


@dataclass(frozen=True)
class MailServer:
    scheme: str
    host: str
    port: int
    username: str = ""
    password: str = ""
    ca_file: str = ""
    sender: str = "engage@localhost"

    def describe(self) -> str:
        who = f" as {self.username}" if self.username else ""
        tls = {"smtp": "STARTTLS", "smtps": "TLS", "smtp+insecure": "no TLS"}[self.scheme]
        return f"{self.host}:{self.port} ({tls}){who}"

    def tls_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(cafile=self.ca_file or None)
        context.minimum_version = ssl.TLSVersion.TLSv1_2
        return context


def mail_server(environ: dict[str, str] | None = None) -> MailServer:
    """The server the environment names; MailConfigError when it names none, or one engage must not use."""
    env = os.environ if environ is None else environ
    url = (env.get("ENGAGE_SMTP_URL") or "").strip()
    if not url:
        raise MailConfigError("ENGAGE_SMTP_URL is not set, so no email can be sent")
    parsed = urlparse(url)
    scheme = parsed.scheme.lower()
    if scheme not in DEFAULT_PORTS:
        raise MailConfigError("ENGAGE_SMTP_URL must start smtp:// (STARTTLS), smtps:// (TLS) or smtp+insecure://")
    if parsed.password or parsed.username:
        raise MailConfigError("Put the mail server's credentials in ENGAGE_SMTP_USERNAME and ENGAGE_SMTP_PASSWORD, "
                              "not in ENGAGE_SMTP_URL")
    if not parsed.hostname:
        raise MailConfigError("ENGAGE_SMTP_URL names no host")
    try:
        port = parsed.port or DEFAULT_PORTS[scheme]
    except ValueError as exc:
        raise MailConfigError("ENGAGE_SMTP_URL has a port that is not a number") from exc
    username = env.get("ENGAGE_SMTP_USERNAME", "")
    password = env.get("ENGAGE_SMTP_PASSWORD", "")
    if scheme == "smtp+insecure" and (username or password):
        raise MailConfigError("Credentials are never sent without TLS: use smtp:// or smtps://")
    return MailServer(scheme, parsed.hostname, port, username, password, env.get("ENGAGE_SMTP_CA_FILE", ""),
                      (env.get("ENGAGE_MAIL_FROM") or "").strip() or "engage@localhost")


def build_message(server: MailServer, to: str, subject: str, body: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = server.sender
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = make_msgid(domain=server.sender.rpartition("@")[2] or "localhost")
    message["Auto-Submitted"] = "auto-generated"  # no out-of-office replies
    message.set_content(body)
    return message


def _send_blocking(server: MailServer, message: EmailMessage) -> None:
    context = server.tls_context()
    if server.scheme == "smtps":
        connection: smtplib.SMTP = smtplib.SMTP_SSL(server.host, server.port, timeout=TIMEOUT_SECONDS,
                                                    context=context)
    else:
        connection = smtplib.SMTP(server.host, server.port, timeout=TIMEOUT_SECONDS)
    with connection:
        connection.ehlo()
        if server.scheme == "smtp":
            if not connection.has_extn("starttls"):
                raise smtplib.SMTPException("The mail server does not offer STARTTLS; refusing to send without TLS")
            connection.starttls(context=context)
            connection.ehlo()
        if server.username:
            connection.login(server.username, server.password)
        connection.send_message(message)


async def send(server: MailServer, to: str, subject: str, body: str) -> None:
    """Send one message; raises (smtplib.SMTPException, OSError, ssl.SSLError) when it could not be."""
    await asyncio.to_thread(_send_blocking, server, build_message(server, to, subject, body))
