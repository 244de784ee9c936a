"""How every process logs: configured once at start-up, the same way for each kind of process.

KRAKEN_LOG_FORMAT picks the form of each line on stderr:

- `text` (the default): `<time> <LEVEL> <logger> <message>`, as a person reads it; the API server's
  own lines (uvicorn's start-up and access lines) keep uvicorn's form.
- `json`: one JSON object per line, for a log collector: `time` (UTC, ISO 8601), `level`,
  `logger`, `message`, `process` (serve, project, worker, scheduler), `pid`, `exception` when there
  is one, and the fields a record carries: each GraphQL request's line (logger "kraken.requests",
  api/observability.py) carries request_id, server, operation, operation_name, operation_type,
  viewer, status, duration_ms and codes as fields of its own.

A record's fields are what its caller chose to log, never more: no record carries a token, a
password, a request's variables or its headers (tests/test_no_secrets_in_logs.py).
"""

from __future__ import annotations

import copy
import logging
import logging.config
from datetime import UTC, datetime
from typing import Any

import msgspec
from uvicorn.config import LOGGING_CONFIG

from settings import Settings

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s %(message)s"


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line."""

    def __init__(self, process: str = "") -> None:
        super().__init__()
        self.process = process

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": self.process,
            "pid": record.process,
        }
        fields = getattr(record, "fields", None)
        if isinstance(fields, dict):
            entry.update((name, value) for name, value in fields.items() if name not in entry)
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # What JSON cannot hold as it is (a UUID, a path) is written as its text.
        return msgspec.json.encode(entry, enc_hook=str).decode()


def config(settings: Settings, process: str) -> dict[str, Any]:
    """The logging configuration of a process (logging.config.dictConfig's form), which `kraken
    serve` also hands uvicorn, so that each API process it starts configures itself the same way."""
    if settings.log_format == "json":
        formatter: dict[str, Any] = {"()": f"{__name__}.JsonFormatter", "process": process}
        return {
            "version": 1,
            "disable_existing_loggers": False,
            "formatters": {"default": formatter, "access": formatter},
            "handlers": {
                "stderr": {"class": "logging.StreamHandler", "formatter": "default", "stream": "ext://sys.stderr"}
            },
            "root": {"level": settings.log_level, "handlers": ["stderr"]},
            "loggers": {
                "uvicorn": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
                "uvicorn.access": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
            },
        }
    # uvicorn's own lines as uvicorn writes them; every other logger through the root, as text.
    text: dict[str, Any] = copy.deepcopy(LOGGING_CONFIG)
    text["formatters"]["kraken"] = {"format": TEXT_FORMAT}
    text["handlers"]["kraken"] = {"class": "logging.StreamHandler", "formatter": "kraken", "stream": "ext://sys.stderr"}
    text["root"] = {"level": settings.log_level, "handlers": ["kraken"]}
    return text


def configure(settings: Settings, process: str) -> None:
    """Configures this process's logging (replacing whatever handlers the root logger had)."""
    logging.config.dictConfig(config(settings, process))
