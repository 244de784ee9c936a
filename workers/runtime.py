"""What the actors of this process use: the settings, the context applications, the mailer and the
payment provider, as the composition root (ops/runtime.py) hands them over at process start.

The composition root installs a `Builder`; each dependency is built from it on first use, so in
the process that runs the actors and after any fork (a forked child starts from nothing rather
than share its parent's database connections). Tests, and the embedded API process whose outbox
relay runs the actors inline, install ready-made ones with `use(...)`.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from typing import Protocol

from domain.shared.clock import Clock
from projections.contexts import Contexts
from settings import Settings
from workers.mail import Mailer
from workers.payments.provider import PaymentProvider


class Builder(Protocol):
    def settings(self) -> Settings: ...

    def contexts(self, settings: Settings) -> Contexts: ...

    def mailer(self, settings: Settings) -> Mailer: ...

    def provider(self, settings: Settings, clock: Clock | None) -> PaymentProvider: ...


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
_builder: Builder | None = None


def _forget_after_fork() -> None:
    global _current, _lock
    # The parent's lock may have been held by a thread that does not exist in the child.
    _lock = threading.RLock()
    _current = _Process()


os.register_at_fork(after_in_child=_forget_after_fork)


def install(builder: Builder) -> None:
    """How this process makes what its actors use; set once at process start by the composition root."""
    global _builder
    with _lock:
        _builder = builder


def _installed() -> Builder:
    if _builder is None:
        raise RuntimeError("The composition root installs the actors' dependencies at process start (ops/runtime.py).")
    return _builder


def settings() -> Settings:
    with _lock:
        if _current.settings is None:
            _current.settings = _installed().settings()
        return _current.settings


def contexts() -> Contexts:
    with _lock:
        if _current.contexts is None:
            _current.contexts = _installed().contexts(settings())
            _current.owns_contexts = True
        return _current.contexts


def mailer() -> Mailer:
    with _lock:
        if _current.mailer is None:
            _current.mailer = _installed().mailer(settings())
        return _current.mailer


def provider() -> PaymentProvider:
    with _lock:
        if _current.provider is None:
            # On the installed applications' clock (a test's frozen one), else on the system's.
            clock = _current.contexts.payments.clock if _current.contexts is not None else None
            _current.provider = _installed().provider(settings(), clock)
        return _current.provider


def use(
    *,
    settings: Settings | None = None,
    contexts: Contexts | None = None,
    mailer: Mailer | None = None,
    provider: PaymentProvider | None = None,
) -> None:
    """Installs what the actors of this process use instead of building it."""
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


def installed() -> bool:
    """Whether this process's actors already have their applications (installed or built)."""
    with _lock:
        return _current.contexts is not None


def reset() -> None:
    """Forgets everything installed or built (closing what was built here); the next use rebuilds."""
    global _current
    with _lock:
        if _current.owns_contexts and _current.contexts is not None:
            _current.contexts.close()
        _current = _Process()


def forget(contexts: Contexts) -> None:
    """Forgets what the actors were handed if it is these applications, which their owner is closing:
    a later actor in this process then builds its own instead of using closed ones."""
    global _current
    with _lock:
        if _current.contexts is contexts:
            _current = _Process()
