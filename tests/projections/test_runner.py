"""The runner's settle: what a command that prepares data runs, where a follower whose channel is down
must not stop the others, nor be skipped past."""

from __future__ import annotations

import logging

import pytest

from projections.runner import Runner


class Follower:
    """Has `events` to process, a batch of 2 at a time; fails while `down`."""

    def __init__(self, name: str, events: int, down: bool = False) -> None:
        self.name, self.left, self.down = name, events, down

    def run_once(self) -> int:
        if self.down and self.left:
            raise ConnectionRefusedError("the mail server is down")
        done = min(2, self.left)
        self.left -= done
        return done


def test_a_failing_follower_is_left_where_it_stopped_and_the_others_catch_up(caplog: pytest.LogCaptureFixture) -> None:
    mail, views = Follower("mail", 3, down=True), Follower("views", 5)
    runner = Runner([mail, views])
    # when
    with caplog.at_level(logging.ERROR, "kraken.projections"):
        settled = runner.settle()
    # then the views caught up, the mail waits for the next runner, and the failure is in the log
    assert (settled, views.left, mail.left) == (5, 0, 3)
    assert "mail failed; left for the next runner to retry" in caplog.text
    # and catch_up, which tests and the server's rounds use, still raises it
    with pytest.raises(ConnectionRefusedError):
        runner.catch_up()
    mail.down = False
    assert runner.settle() == 3 and mail.left == 0
