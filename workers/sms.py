"""The SMS adapter: the embedded default writes each text message as a file under `<data_dir>/sms/`.

No SMS provider is wired yet; a production adapter implements SmsSender the same way SmtpMailer
implements Mailer, and `sms_sender_for` picks it from the settings.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
import uuid
from pathlib import Path
from typing import Protocol

from settings import Settings


class SmsSender(Protocol):
    def send(self, to: str, body: str) -> None:
        """Hands the text over for delivery, or raises (so that the caller retries)."""
        ...


class OutboxSmsSender:
    """Writes each text to `<folder>/<name>.sms.json`, whole or not at all (atomic rename), as MailboxMailer does."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def __repr__(self) -> str:
        return f"OutboxSmsSender({str(self.folder)!r})"

    def send(self, to: str, body: str) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        data = json.dumps({"to": to, "body": body}).encode()
        fd, temporary = tempfile.mkstemp(dir=self.folder, prefix=".", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            # Readers list *.sms.json only, so they never see a half-written text; names sort by time.
            os.replace(temporary, self.folder / f"{time.time_ns()}-{uuid.uuid4().hex[:8]}.sms.json")
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise


def sms_sender_for(settings: Settings) -> SmsSender:
    return OutboxSmsSender(Path(settings.data_dir) / "sms")
