"""The processes of a topology as systemd units and as a Procfile, for a real deployment.

systemd: a template unit per kind (`kraken-worker@.service`, ...; instance `@2` is the second), each
`Restart=always` with the supervisor's backoff, reading the settings from one `EnvironmentFile=`, and
`kraken.target`, which wants exactly the instances `kraken up` would start. With a metrics port,
each instance of the other kinds gets the port `kraken up` would give it from a drop-in of its own
(`kraken-worker@2.service.d/metrics-port.conf`): a template cannot count. The API's listening socket
is a socket unit: systemd binds it once and hands it to every API instance (`Sockets=`, descriptor 3),
as `kraken up` does. A Procfile runner has no socket to share, so its `api` line is `kraken up` with
the API processes only; the other lines are exactly the commands `kraken up` runs.
"""

from __future__ import annotations

from pathlib import Path

from ops.topology.plan import API, KINDS, KRAKEN, PROJECTOR, SCHEDULER, WORKER, Topology
from ops.topology.supervisor import Backoff
from ops.topology.up import BACKLOG

REPOSITORY = Path(__file__).resolve().parents[2]
DEFAULT_ENV_FILE = "/etc/kraken/kraken.env"
STOP_SECONDS = 20
# The variable an instance's drop-in sets to its metrics port.
METRICS_PORT = "KRAKEN_METRICS_PORT"
UNIT = {API: "kraken-api", WORKER: "kraken-worker", PROJECTOR: "kraken-projector", SCHEDULER: "kraken-scheduler"}
WHAT = {
    API: "the GraphQL API",
    WORKER: "a Dramatiq worker (side effects)",
    PROJECTOR: "read models, reactions and the outbox relay",
    SCHEDULER: "the scheduler (one holds the lease)",
}


def systemd_units(topology: Topology, host: str, port: int, env_file: str = DEFAULT_ENV_FILE) -> dict[str, str]:
    """File name → content of every unit the topology needs."""
    backoff = Backoff()
    units: dict[str, str] = {}
    counts = topology.counts()
    for kind in KINDS:
        if not counts[kind]:
            continue
        name = UNIT[kind]
        socket_lines = ""
        if kind == API:
            socket_lines = f"Requires={name}.socket\nAfter={name}.socket\n"
        service = (
            f"[Unit]\nDescription=kraken {WHAT[kind]}, instance %i\nPartOf=kraken.target\n"
            "After=network-online.target postgresql.service redis-server.service rabbitmq-server.service\n"
            # Never give up restarting, as `kraken up` does not; the backoff below keeps a crash loop slow.
            f"StartLimitIntervalSec=0\n{socket_lines}\n"
            "[Service]\nType=simple\n"
            f"WorkingDirectory={REPOSITORY}\nEnvironmentFile={env_file}\n"
        )
        if kind == API:
            # Where the API is served is its default public URL (KRAKEN_PUBLIC_URL in the file wins).
            service += f"Environment=KRAKEN_HOST={host} KRAKEN_PORT={port}\nSockets={name}.socket\n"
        # The instance's own port, from its drop-in (below).
        metered = f" --metrics-port ${{{METRICS_PORT}}}" if kind != API and topology.metrics_port is not None else ""
        service += (
            f"ExecStart={KRAKEN} {' '.join(topology.command(kind))}{metered}\n"
            f"Restart=always\nRestartSec={backoff.first_seconds:g}\n"
            # systemd 254 and later double the delay of each restart in a row, as `kraken up` does.
            f"RestartSteps=6\nRestartMaxDelaySec={backoff.most_seconds:g}\n"
            # SIGTERM to the main process (Dramatiq's passes it on), SIGKILL to what is left after the timeout.
            f"KillMode=mixed\nTimeoutStopSec={STOP_SECONDS}\n\n"
            "[Install]\nWantedBy=kraken.target\n"
        )
        units[f"{name}@.service"] = service
        if kind == API:
            units[f"{name}.socket"] = (
                f"[Unit]\nDescription=kraken API listening socket, shared by every {name}@ instance\n"
                "PartOf=kraken.target\n\n"
                f"[Socket]\nListenStream={_address(host, port)}\nBacklog={BACKLOG}\n"
                # Traffic before any instance runs starts the first; the others inherit the socket too.
                f"Service={name}@1.service\n\n"
                "[Install]\nWantedBy=sockets.target kraken.target\n"
            )
    for child in topology.children():
        if "--metrics-port" in child.args:
            port_of_child = child.args[child.args.index("--metrics-port") + 1]
            units[f"{UNIT[child.kind]}@{child.index}.service.d/metrics-port.conf"] = (
                f"[Service]\nEnvironment={METRICS_PORT}={port_of_child}\n"
            )
    wants = " ".join(f"{UNIT[kind]}@{index}.service" for kind in KINDS for index in range(1, counts[kind] + 1))
    units["kraken.target"] = (
        "[Unit]\nDescription=kraken: "
        + ", ".join(f"{counts[kind]} {kind}" for kind in KINDS)
        + f"\nWants={wants}\n\n[Install]\nWantedBy=multi-user.target\n"
    )
    return units


def procfile(topology: Topology, host: str, port: int) -> str:
    counts = topology.counts()
    lines = [
        "# kraken: start with one process of each line but `api` (which starts its own); scale the "
        "others to: " + ", ".join(f"{kind}={counts[kind]}" for kind in KINDS if kind != API),
    ]
    if counts[API]:
        only_api = f"up --api {counts[API]} --workers 0 --projectors 0 --schedulers 0 --host {host} --port {port}"
        lines.append(f"{API}: {KRAKEN} {only_api}")
    lines += [f"{kind}: {KRAKEN} {' '.join(topology.command(kind))}" for kind in KINDS if kind != API and counts[kind]]
    return "\n".join(lines) + "\n"


def write(directory: Path, files: dict[str, str]) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, content in files.items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
        written.append(path)
    return written


def _address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"
