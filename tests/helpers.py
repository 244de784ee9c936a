"""Helpers for API tests: posting GraphQL documents and reading Kraken errors."""

from __future__ import annotations

from litestar.testing import TestClient


class GraphQL:
    """Posts a document and returns the decoded body; the HTTP status must be 200 every time."""

    def __init__(self, client: TestClient, path: str = "/v1/graphql/") -> None:
        self.client, self.path = client, path

    def __call__(self, query: str, variables: dict | None = None, token: str | None = None, **headers: str) -> dict:
        if token is not None:
            headers["Authorization"] = token
        response = self.client.post(self.path, json={"query": query, "variables": variables or {}}, headers=headers)
        assert response.status_code == 200, response.text
        return response.json()


def error_codes(body: dict) -> list[str]:
    return [error["extensions"].get("errorCode") for error in body.get("errors", [])]
