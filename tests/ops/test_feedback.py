"""`kraken feedback request` and `kraken feedback list`: an operator asks an account for feedback and sees it."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from ops import runtime
from ops.cli import app
from ops.runtime import settling
from settings import load


def test_an_operator_asks_for_feedback_and_lists_the_requests(tmp_path: Path, monkeypatch) -> None:
    # given an account
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    contexts = runtime.build(load())
    try:
        number = contexts.accounts.open_account("Ada Lovelace").number
    finally:
        contexts.close()
    runner = CliRunner()
    # when
    asked = runner.invoke(app, ["feedback", "request", number, "--form-id", "1"])
    # then the feedbackId to answer is printed, and the request is stored
    assert asked.exit_code == 0, asked.output
    [feedback_id] = re.findall(r"feedback request (\d+) for", asked.output)
    contexts = runtime.build(load())
    try:
        request = contexts.accounts.feedback_request(int(feedback_id))
        assert request is not None and (request.account_number, request.form_id) == (number, 1)
        # and, once the read models caught up, listed as not answered yet
        with settling(load(), contexts) as catch_up:
            catch_up()
    finally:
        contexts.close()
    listed = runner.invoke(app, ["feedback", "list", number])
    assert listed.exit_code == 0, listed.output
    assert feedback_id in listed.output and "not yet" in listed.output


def test_an_unknown_form_or_account_is_refused(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("KRAKEN_DATA_DIR", str(tmp_path))
    runner = CliRunner()
    unknown_account = runner.invoke(app, ["feedback", "request", "A-NOSUCH00", "--form-id", "1"])
    assert unknown_account.exit_code == 1 and "Cannot request feedback" in unknown_account.output
    contexts = runtime.build(load())
    try:
        number = contexts.accounts.open_account("Ada Lovelace").number
    finally:
        contexts.close()
    unknown_form = runner.invoke(app, ["feedback", "request", number, "--form-id", "99"])
    assert unknown_form.exit_code == 1 and "Cannot request feedback" in unknown_form.output
