"""The mail adapter: SMTP in production, a mailbox folder of .eml files on the embedded default."""

from __future__ import annotations

import hashlib
import ipaddress
import os
import smtplib
import ssl
import tempfile
import time
import uuid
from datetime import UTC, datetime
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from pathlib import Path
from typing import Protocol
from urllib.parse import unquote, urlsplit


class Mailer(Protocol):
    def send(self, message: EmailMessage) -> None:
        """Hands the message over for delivery, or raises (so that the caller retries)."""
        ...


def plain_email(mail_from: str, to: str, subject: str, body: str, message_id: str, now: datetime) -> EmailMessage:
    """A plain-text email from us. Its Message-ID is `<message_id@our domain>`, one per thing told (and
    recipient): if a retry ever sends the same email twice, mail systems can tell."""
    sender_domain = parseaddr(mail_from)[1].rpartition("@")[2] or "localhost"
    message = EmailMessage()
    message["From"] = mail_from
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = format_datetime(now.astimezone(UTC))
    message["Message-ID"] = f"<{message_id}@{sender_domain}>"
    message.set_content(body)
    return message


def recipient_message_id(message_id: str, to: str) -> str:
    """The Message-ID of one recipient's copy of something told to several people (an account's users):
    each copy is a message of its own, and the same copy sent again keeps its id."""
    return f"{message_id}-{hashlib.sha256(to.lower().encode()).hexdigest()[:16]}"


class MailError(Exception):
    """The message could not be handed over safely; nothing was sent."""


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class SmtpMailer:
    """Sends through `smtp://[user:password@]host[:port]` (STARTTLS when offered) or `smtps://` (TLS).

    One connection per message: emails are rare here and a pooled SMTP connection would go stale
    between them.
    """

    def __init__(self, url: str, timeout: float = 10.0, tls: ssl.SSLContext | None = None) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("expected smtp://[user:password@]host[:port] or smtps://...")
        self.implicit_tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.implicit_tls else 25)
        self.username = unquote(parts.username) if parts.username else None
        self._password = unquote(parts.password or "")
        self.timeout = timeout
        self._tls = tls or ssl.create_default_context()

    def __repr__(self) -> str:
        # Never the password: mailers end up in logs and tracebacks.
        scheme = "smtps" if self.implicit_tls else "smtp"
        return f"SmtpMailer({scheme}://{self.host}:{self.port})"

    def send(self, message: EmailMessage) -> None:
        smtp: smtplib.SMTP
        if self.implicit_tls:
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self._tls)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
        with smtp:
            smtp.ehlo()
            encrypted = self.implicit_tls
            if not encrypted and smtp.has_extn("starttls"):
                smtp.starttls(context=self._tls)
                smtp.ehlo()
                encrypted = True
            if self.username is not None:
                # A password in clear is readable by anyone on the path; only loopback is trusted.
                if not encrypted and not _is_loopback(self.host):
                    raise MailError(f"{self.host} offers no STARTTLS; refusing to send the SMTP password in clear")
                smtp.login(self.username, self._password)
            smtp.send_message(message)


class MailboxMailer:
    """Writes each message to `<folder>/<name>.eml`, whole or not at all (atomic rename)."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __repr__(self) -> str:
        return f"MailboxMailer({str(self.folder)!r})"

    def send(self, message: EmailMessage) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = message.as_bytes()
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            # Readers list *.eml only, so they never see a half-written message; names sort by time.
            os.replace(temporary, self.folder / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.eml")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
