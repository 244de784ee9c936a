"""How far each follower is behind its store: read models' and reactions' lag, the outbox's depth.

A follower tracks the id of the last notification it processed, but only of the topics it follows:
when the newest events of its store are of other topics, its position stays behind the store's
newest id although nothing is left for it to do. So its lag is counted from the first event it has
still to process: the store's events from that one to the newest (0 when none of its topics is
new). That costs two indexed reads per follower (its position, and the first notification of its
topics after it) and one per store (its newest id).

The outbox relay's depth is the number of events of its reaction not yet handed to the actor,
counted up to DEPTH_CAP (reading that many notifications is the bound on a scrape's cost).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

from projections.projection import Follower

log = logging.getLogger("kraken.projections")

DEPTH_CAP = 10_000


@dataclass
class Measurement:
    """Lag (read models, reactions) and depth (outbox relays) by follower name; what could not be
    measured, by follower name, with the kind of error that stopped it."""

    lag: dict[str, int] = field(default_factory=dict)
    depth: dict[str, int] = field(default_factory=dict)
    failed: dict[str, str] = field(default_factory=dict)


def measure(followers: Sequence[Follower]) -> Measurement:
    measurement = Measurement()
    newest: dict[str, int] = {}
    for follower in followers:
        try:
            store = follower.app.name
            if store not in newest:
                newest[store] = follower.app.recorder.max_notification_id() or 0
            if follower.measured_as == "depth":
                measurement.depth[follower.name] = _waiting(follower, newest[store])
            else:
                measurement.lag[follower.name] = _behind(follower, newest[store])
        except Exception as exc:
            measurement.failed[follower.name] = type(exc).__name__
    return measurement


def _behind(follower: Follower, newest: int) -> int:
    start = follower.processed_up_to()
    if start >= newest:
        return 0
    first = follower.app.recorder.select_notifications(
        start=start, limit=1, topics=follower.topics, inclusive_of_start=False
    )
    return newest - first[0].id + 1 if first else 0


def _waiting(follower: Follower, newest: int) -> int:
    start = follower.processed_up_to()
    if start >= newest:
        return 0
    pending = follower.app.recorder.select_notifications(
        start=start, limit=DEPTH_CAP, topics=follower.topics, inclusive_of_start=False
    )
    return len(pending)


class FollowerCollector(Collector):
    """The lag and depth gauges, measured when Prometheus scrapes (by the API's /metrics, or by a
    `kraken project --metrics-port` server): nothing is kept between scrapes."""

    def __init__(self, followers: Callable[[], Sequence[Follower]]) -> None:
        self.followers = followers

    def collect(self) -> Iterator[GaugeMetricFamily]:
        measurement = measure(self.followers())
        for name, kind in measurement.failed.items():
            log.warning("could not measure %s (%s)", name, kind)
        lag = GaugeMetricFamily(
            "kraken_projection_lag_events",
            "Events of its store a read model or reaction has still to process, from the first one to the newest.",
            labels=["projection"],
        )
        for name, value in measurement.lag.items():
            lag.add_metric([name], value)
        depth = GaugeMetricFamily(
            "kraken_outbox_depth_events",
            f"Events not yet handed to their actor (counted up to {DEPTH_CAP}).",
            labels=["follower"],
        )
        for name, value in measurement.depth.items():
            depth.add_metric([name], value)
        yield lag
        yield depth
