"""`kraken serve` believes X-Forwarded-For only from the proxies KRAKEN_TRUSTED_PROXIES names, so a
client cannot pick a fresh address for each guess and slip past the per-client login throttle."""

from __future__ import annotations

from pathlib import Path

import httpx
import msgspec

from settings import Settings
from tests.live import kraken_serve

LOGIN = "mutation($input: ObtainJSONWebTokenInput!) { obtainKrakenToken(input: $input) { token } }"


def spray(url: str, attempts: int) -> list[str | None]:
    """Failed logins, each for another email and from another claimed address; their error codes."""
    codes = []
    with httpx.Client(timeout=30) as client:
        for n in range(attempts):
            variables = {"input": {"email": f"guess{n}@example.com", "password": "not a password"}}
            answer = client.post(
                f"{url}/v1/graphql/",
                json={"query": LOGIN, "variables": variables},
                headers={"X-Forwarded-For": f"203.0.113.{n + 1}"},
            )
            codes.append(answer.json()["errors"][0]["extensions"].get("errorCode"))
    return codes


def test_a_forwarded_address_from_an_untrusted_peer_is_ignored(settings: Settings, tmp_path: Path) -> None:
    # given a server that trusts no proxy (the default), allowing 3 failed logins per client
    limited = msgspec.structs.replace(settings, client_login_attempts=3)

    # when one loopback client sprays logins, claiming a new address each time
    with kraken_serve(limited, tmp_path / "serve.log") as url:
        codes = spray(url, 6)

    # then they are all counted as the one client they come from
    assert codes == ["KT-CT-1138"] * 3 + ["KT-CT-1199"] * 3


def test_a_trusted_proxy_s_forwarded_address_names_the_client(settings: Settings, tmp_path: Path) -> None:
    # given a server behind a proxy on loopback that it trusts
    behind_proxy = msgspec.structs.replace(settings, client_login_attempts=3, trusted_proxies="127.0.0.1")

    # when the proxy forwards logins from six different clients
    with kraken_serve(behind_proxy, tmp_path / "serve.log") as url:
        codes = spray(url, 6)

    # then each client is counted on its own
    assert codes == ["KT-CT-1138"] * 6
