"""Phase 4: projection catch-up, every read model dropped and replayed in turn."""

from __future__ import annotations

import dataclasses
import time

from ops.runtime import build
from projections.catalogue import PROJECTIONS
from projections.projection import ViewFollower
from settings import Settings


@dataclasses.dataclass(frozen=True)
class CatchUp:
    projection: str
    events: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def rebuild_read_models(settings: Settings) -> tuple[CatchUp, ...]:
    """Drops and replays every read model in turn; the server is stopped, so nothing else writes."""
    contexts = build(settings)
    try:
        timings = []
        for kind in PROJECTIONS:
            projection = kind()
            follower = ViewFollower(projection, getattr(contexts, projection.upstream), contexts.read.store)
            started = time.perf_counter()
            events = follower.rebuild()
            timings.append(CatchUp(projection.name, events, time.perf_counter() - started))
        return tuple(timings)
    finally:
        contexts.close()
