"""What /proc tells about the benchmark's processes: their trees, peak memory and CPU time."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

from settings import Settings

T = TypeVar("T")

OTHERS = "other processes"


def _stat(pid: int) -> tuple[str, list[str]] | None:
    """The command name and the fields after it (field 3, the state, is [0])."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    name, _, rest = text.partition("(")[2].rpartition(")")
    return name, rest.split()


def process_tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))):
            children.setdefault(int(stat[1][1]), []).append(int(entry.name))
    tree, todo = [], [root]
    while todo:
        pid = todo.pop()
        tree.append(pid)
        todo.extend(children.get(pid, []))
    return tree


def _postgres_pids() -> list[int]:
    """Every PostgreSQL process on this machine (the benchmark assumes the database runs here, as in CI)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and (stat := _stat(int(entry.name))) and stat[0] == "postgres":
            found.append(int(entry.name))
    return found


def status_kb(pid: int, key: str) -> int | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{key}:"):
                return int(line.split()[1])
    except OSError:
        return None
    return None


def _cpu_seconds(pids: Iterable[int]) -> dict[int, float]:
    ticks = os.sysconf("SC_CLK_TCK")
    seconds = {}
    for pid in pids:
        if stat := _stat(pid):
            seconds[pid] = (int(stat[1][11]) + int(stat[1][12])) / ticks  # utime + stime
    return seconds


def _machine_busy_seconds() -> float:
    """CPU time spent by everything on this machine (all cores), from the first line of /proc/stat."""
    fields = [int(value) for value in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def cpu_during(
    groups: dict[str, Callable[[], list[int]]], work: Callable[[], T]
) -> tuple[T, dict[str, float], dict[str, list[float]]]:
    """Runs `work` and says how many cores each group of processes kept busy meanwhile (in total and
    by process), plus everything else on the machine ("other processes"): on a shared box that one
    says how far to trust the figures."""
    before = {name: _cpu_seconds(pids()) for name, pids in groups.items()}
    machine_before, started = _machine_busy_seconds(), time.perf_counter()
    result = work()
    elapsed = time.perf_counter() - started
    machine = _machine_busy_seconds() - machine_before
    cpu, by_process = {}, {}
    for name, pids in groups.items():
        after = _cpu_seconds(pids())
        # A process that started meanwhile spent all its CPU time in this window.
        by_process[name] = [(total - before[name].get(pid, 0.0)) / elapsed for pid, total in after.items()]
        cpu[name] = sum(by_process[name])
    cpu[OTHERS] = max(0.0, machine / elapsed - sum(cpu.values()))
    return result, cpu, by_process


def process_groups(
    settings: Settings, server_pids: Callable[[], list[int]] | None = None
) -> dict[str, Callable[[], list[int]]]:
    """The processes whose CPU a phase reports: the API server's (`server_pids`), this one, PostgreSQL's."""
    groups: dict[str, Callable[[], list[int]]] = {}
    if server_pids:
        groups["API server"] = server_pids
    groups["this process" if server_pids is None else "load generator"] = lambda: [os.getpid()]
    if settings.uses_postgres:
        groups["PostgreSQL (all its processes)"] = _postgres_pids
    return groups
