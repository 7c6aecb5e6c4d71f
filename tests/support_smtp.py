"""A real SMTP server on this machine for the outbox tests (aiosmtpd), plain or with STARTTLS and
a password, and the environment that points engage's outbox at it. Nothing is mocked: engage
connects, negotiates TLS, signs in and sends as it would to the partnership's mail server."""

from __future__ import annotations

import email
import ssl
import subprocess
from dataclasses import dataclass, field
from email.message import Message
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from tests.support import free_port

USERNAME = "engage-mailer"
PASSWORD = "smtp-password-for-tests"


@dataclass
class Mailbox:
    """What the server received: each message parsed, with its envelope recipients."""
    messages: list[tuple[list[str], Message]] = field(default_factory=list)
    authenticated: list[str] = field(default_factory=list)

    async def handle_DATA(self, server, session, envelope):  # aiosmtpd's handler hook
        self.messages.append((list(envelope.rcpt_tos), email.message_from_bytes(envelope.content)))
        if session.authenticated:
            data = session.auth_data
            self.authenticated.append(data.login.decode() if isinstance(data, LoginPassword) else "")
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [m for rcpts, m in self.messages if address in rcpts]

    @staticmethod
    def body(message: Message) -> str:
        return message.get_payload(decode=True).decode()


def _authenticator(server, session, envelope, mechanism, auth_data):
    ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == USERNAME and \
        auth_data.password.decode() == PASSWORD
    return AuthResult(success=ok, auth_data=auth_data)


def self_signed(folder: Path) -> tuple[Path, Path]:
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out", str(cert),
                    "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"],
                   check=True, capture_output=True)
    return cert, key


class SmtpServer:
    """Started and stopped by the tests; `env` is what engage needs to send to it."""

    def __init__(self, tls_folder: Path | None = None):
        self.mailbox = Mailbox()
        self.port = free_port()
        kwargs: dict = {}
        self.env = {"ENGAGE_SMTP_URL": f"smtp+insecure://127.0.0.1:{self.port}", "ENGAGE_MAIL_FROM": "engage@test.local"}
        if tls_folder is not None:
            cert, key = self_signed(tls_folder)
            context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            context.load_cert_chain(cert, key)
            kwargs = dict(tls_context=context, require_starttls=True, auth_require_tls=True,
                          authenticator=_authenticator, auth_required=True)
            self.env = {"ENGAGE_SMTP_URL": f"smtp://127.0.0.1:{self.port}", "ENGAGE_SMTP_CA_FILE": str(cert),
                        "ENGAGE_SMTP_USERNAME": USERNAME, "ENGAGE_SMTP_PASSWORD": PASSWORD,
                        "ENGAGE_MAIL_FROM": "engage@test.local"}
        self.controller = Controller(self.mailbox, hostname="127.0.0.1", port=self.port, **kwargs)

    def start(self) -> "SmtpServer":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()
