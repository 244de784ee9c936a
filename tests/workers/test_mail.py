"""The mail adapter: SMTP (plain on loopback, STARTTLS, implicit TLS, login) and the mailbox folder."""

from __future__ import annotations

import email
import email.policy
import shutil
import ssl
import subprocess
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from ops.local_server import free_port
from ops.runtime import mailer_for
from settings import Settings
from tests.workers.conftest import Inbox, SmtpServer
from workers import mail
from workers.mail import MailboxMailer, MailError, SmtpMailer


def message(subject: str = "Hello") -> EmailMessage:
    built = EmailMessage()
    built["From"] = "Kraken <hello@kraken.example>"
    built["To"] = "ada@example.com"
    built["Subject"] = subject
    built.set_content("Plain text, with an ünïcode line.\n")
    return built


class Logins:
    """aiosmtpd authenticator accepting one user; remembers every attempt."""

    def __init__(self, user: str, password: str) -> None:
        self.user, self.password = user.encode(), password.encode()
        self.attempts: list[tuple[bytes, bytes]] = []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any) -> AuthResult:
        assert isinstance(data, LoginPassword)
        self.attempts.append((data.login, data.password))
        return AuthResult(success=(data.login, data.password) == (self.user, self.password))


@pytest.fixture
def certificate(tmp_path: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, made with the openssl command."""
    if shutil.which("openssl") is None:
        pytest.skip("the openssl command is needed to make a test certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    request = ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1"]
    subprocess.run(
        ["openssl", *request, "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def server_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(*certificate)
    return context


def client_tls(certificate: tuple[Path, Path]) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(certificate[0]))


@pytest.fixture
def controllers() -> Iterator[list[Controller]]:
    started: list[Controller] = []
    yield started
    for controller in started:
        controller.stop()


def start(controllers: list[Controller], inbox: Inbox, **options: Any) -> int:
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port, **options)
    controller.start()
    controllers.append(controller)
    return port


# SMTP ------------------------------------------------------------------------------------------------


def test_plain_smtp_on_loopback_delivers(smtp: SmtpServer) -> None:
    SmtpMailer(smtp.url).send(message())
    [received] = smtp.inbox.messages()
    assert received["Subject"] == "Hello"
    assert "ünïcode" in received.get_content()


def test_starttls_is_used_when_offered_and_the_login_goes_over_it(
    certificate: tuple[Path, Path], controllers: list[Controller]
) -> None:
    # given a server that accepts a login only after STARTTLS
    inbox, logins = Inbox(), Logins("mailer", "p@ss:word")
    port = start(
        controllers,
        inbox,
        tls_context=server_tls(certificate),
        require_starttls=True,
        authenticator=logins,
        auth_require_tls=True,
    )
    # when (user and password percent-encoded in the URL, as URLs require)
    SmtpMailer(f"smtp://mailer:p%40ss%3Aword@127.0.0.1:{port}", tls=client_tls(certificate)).send(message())
    # then
    assert logins.attempts == [(b"mailer", b"p@ss:word")]
    assert len(inbox.envelopes) == 1


def test_smtps_is_tls_from_the_first_byte(certificate: tuple[Path, Path], controllers: list[Controller]) -> None:
    inbox = Inbox()
    port = start(controllers, inbox, ssl_context=server_tls(certificate))
    SmtpMailer(f"smtps://127.0.0.1:{port}", tls=client_tls(certificate)).send(message())
    assert len(inbox.envelopes) == 1


def test_a_server_whose_certificate_does_not_verify_is_refused(
    certificate: tuple[Path, Path], controllers: list[Controller]
) -> None:
    port = start(controllers, Inbox(), ssl_context=server_tls(certificate))
    # The default context trusts the system's authorities only, not our self-signed certificate.
    with pytest.raises(ssl.SSLError):
        SmtpMailer(f"smtps://127.0.0.1:{port}").send(message())


def test_a_password_is_never_sent_in_clear_to_a_server_off_this_machine(
    controllers: list[Controller], monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a server offering no STARTTLS, taken for a remote one
    inbox, logins = Inbox(), Logins("mailer", "secret")
    port = start(controllers, inbox, authenticator=logins, auth_require_tls=False)
    monkeypatch.setattr(mail, "_is_loopback", lambda host: False)
    # when / then
    with pytest.raises(MailError, match="STARTTLS"):
        SmtpMailer(f"smtp://mailer:secret@127.0.0.1:{port}").send(message())
    assert logins.attempts == [] and inbox.envelopes == []


def test_a_login_over_plain_smtp_is_allowed_on_loopback(controllers: list[Controller]) -> None:
    inbox, logins = Inbox(), Logins("mailer", "secret")
    port = start(controllers, inbox, authenticator=logins, auth_require_tls=False)
    SmtpMailer(f"smtp://mailer:secret@127.0.0.1:{port}").send(message())
    assert logins.attempts == [(b"mailer", b"secret")] and len(inbox.envelopes) == 1


def test_the_mailer_never_shows_its_password() -> None:
    mailer = SmtpMailer("smtp://mailer:hunter2@mail.example:587")
    assert "hunter2" not in repr(mailer) and "hunter2" not in str(mailer)
    assert (mailer.host, mailer.port, mailer.username) == ("mail.example", 587, "mailer")


def test_default_ports_and_malformed_urls() -> None:
    assert SmtpMailer("smtp://mail.example").port == 25
    assert SmtpMailer("smtps://mail.example").port == 465
    for url in ("http://mail.example", "smtp://", "mail.example"):
        with pytest.raises(ValueError):
            SmtpMailer(url)


# The mailbox folder ----------------------------------------------------------------------------------


def test_the_mailbox_writes_each_message_as_a_readable_eml_file(tmp_path: Path) -> None:
    folder = tmp_path / "mailbox"
    mailer = MailboxMailer(folder)
    # when
    mailer.send(message("First"))
    mailer.send(message("Second"))
    # then
    files = sorted(folder.iterdir())
    assert [f.suffix for f in files] == [".eml", ".eml"]  # no temporary file left behind
    read = [email.message_from_bytes(f.read_bytes(), policy=email.policy.default) for f in files]
    assert [m["Subject"] for m in read] == ["First", "Second"]
    assert read[0]["To"] == "ada@example.com"
    assert "ünïcode" in read[0].get_content()


def test_the_embedded_default_writes_to_the_mailbox_and_an_smtp_url_sends(tmp_path: Path) -> None:
    embedded = mailer_for(Settings(data_dir=str(tmp_path)))
    assert isinstance(embedded, MailboxMailer) and embedded.folder == tmp_path / "mailbox"
    production = mailer_for(Settings(data_dir=str(tmp_path), smtp_url="smtps://mail.example"))
    assert isinstance(production, SmtpMailer) and production.implicit_tls
