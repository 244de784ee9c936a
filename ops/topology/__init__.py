"""`kraken up`: the production topology on one machine, supervised, and the units that run the same
processes under systemd or a Procfile runner.

- `plan`: which processes a topology is (kind, index, command), the one list both read;
- `supervisor`: starts them, restarts one that dies (with a backoff that grows while it keeps dying),
  keeps a state file of their pids, and stops them all on SIGTERM/SIGINT;
- `units`: the same processes as systemd template units and a Procfile;
- `api_process`: an API process serving a listening socket it inherited (`kraken serve-socket`).
"""
