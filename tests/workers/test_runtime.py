"""The actors' runtime: built lazily from the environment, per process, or installed by whoever runs them."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from ops import runtime
from settings import Settings
from workers import runtime as workers_runtime
from workers.mail import MailboxMailer


@pytest.fixture(autouse=True)
def fresh() -> Iterator[None]:
    workers_runtime.reset()
    yield
    workers_runtime.reset()


def test_everything_is_built_on_first_use_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("KRAKEN_SECRET_KEY", "from-the-environment")
    # when
    built = workers_runtime.contexts()
    # then the same applications serve every later use
    assert workers_runtime.contexts() is built
    assert workers_runtime.settings().data_dir == str(tmp_path)
    assert (tmp_path / "identity.db").exists()
    mailer = workers_runtime.mailer()
    assert isinstance(mailer, MailboxMailer) and mailer.folder == tmp_path / "mailbox"


def test_installed_applications_are_used_and_left_open(settings: Settings, contexts: runtime.Contexts) -> None:
    workers_runtime.use(settings=settings, contexts=contexts)
    assert workers_runtime.contexts() is contexts
    workers_runtime.reset()
    # still usable: whoever installed them closes them
    assert contexts.identity.user_id_for_email("nobody@example.com") is None


def test_a_forked_child_starts_from_nothing(settings: Settings, contexts: runtime.Contexts) -> None:
    workers_runtime.use(settings=settings, contexts=contexts)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: report what it sees and leave at once, running no pytest machinery
        os.close(read)
        os.write(write, b"fresh" if workers_runtime._current.contexts is None else b"shared")
        os._exit(0)
    os.close(write)
    seen = os.read(read, 16)
    os.close(read)
    os.waitpid(pid, 0)
    assert seen == b"fresh"
    assert workers_runtime.contexts() is contexts
