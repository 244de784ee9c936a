"""What the actors of this process use: the settings, the context applications, the mailer and
the payment provider.

Each is built on first use, so in the process that runs the actors and after any fork (a forked
child starts from nothing rather than share its parent's database connections). Tests, and the
embedded API process whose outbox relay runs the actors inline, install theirs with `use(...)`.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

from ops.runtime import Contexts, build
from settings import Settings, load
from workers.mail import Mailer, mailer_for
from workers.payments.provider import PaymentProvider, provider_for


@dataclass
class _Process:
    settings: Settings | None = None
    contexts: Contexts | None = None
    mailer: Mailer | None = None
    provider: PaymentProvider | None = None
    # Only applications built here are closed here; installed ones belong to whoever installed them.
    owns_contexts: bool = False


_lock = threading.RLock()
_current = _Process()


def _forget_after_fork() -> None:
    global _current, _lock
    # The parent's lock may have been held by a thread that does not exist in the child.
    _lock = threading.RLock()
    _current = _Process()


os.register_at_fork(after_in_child=_forget_after_fork)


def settings() -> Settings:
    with _lock:
        if _current.settings is None:
            _current.settings = load()
        return _current.settings


def contexts() -> Contexts:
    with _lock:
        if _current.contexts is None:
            _current.contexts = build(settings())
            _current.owns_contexts = True
        return _current.contexts


def mailer() -> Mailer:
    with _lock:
        if _current.mailer is None:
            _current.mailer = mailer_for(settings())
        return _current.mailer


def provider() -> PaymentProvider:
    with _lock:
        if _current.provider is None:
            # On the installed applications' clock (a test's frozen one), else on the system's.
            clock = _current.contexts.payments.clock if _current.contexts is not None else None
            _current.provider = provider_for(settings(), clock)
        return _current.provider


def use(
    *,
    settings: Settings | None = None,
    contexts: Contexts | None = None,
    mailer: Mailer | None = None,
    provider: PaymentProvider | None = None,
) -> None:
    """Installs what the actors of this process use instead of building it from the environment."""
    with _lock:
        if settings is not None:
            _current.settings = settings
        if contexts is not None:
            if _current.owns_contexts and _current.contexts is not None:
                _current.contexts.close()
            _current.contexts, _current.owns_contexts = contexts, False
        if mailer is not None:
            _current.mailer = mailer
        if provider is not None:
            _current.provider = provider


def reset() -> None:
    """Forgets everything installed or built (closing what was built here); the next use rebuilds."""
    global _current
    with _lock:
        if _current.owns_contexts and _current.contexts is not None:
            _current.contexts.close()
        _current = _Process()
