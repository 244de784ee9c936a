"""A child process that dies with its parent, so that a supervisor killed outright leaves no orphan."""

from __future__ import annotations

import ctypes
import os
import signal
import sys

_PR_SET_PDEATHSIG = 1

# Looked up once, at import: the code between fork and exec must not load libraries.
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform == "linux" else None


def die_with_parent(signum: int = signal.SIGKILL) -> None:
    """Asks the kernel to send `signum` to this process when the thread that started it exits (Linux
    only: elsewhere a no-op). Safe between fork and exec."""
    if _prctl is not None:
        _prctl(_PR_SET_PDEATHSIG, signum)


def die_with_parent_started_by(parent: int, signum: int) -> None:
    """`die_with_parent`, and `signum` at once if `parent` (the pid of the process that started this
    one) has already gone: it may have died before this ran, and then the kernel sends nothing."""
    die_with_parent(signum)
    if os.getppid() != parent:
        os.kill(os.getpid(), signum)
