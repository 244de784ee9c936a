"""The load generator's HTTP/1.1 client: one keep-alive connection, requests sent as prepared bytes.

On a 2-core box the load generator shares the CPU with the server it measures. httpx spent ~1.3 ms
of CPU on each request (its models, header objects and state machine), a third of what the server
spent answering it; this client writes a request prepared once and reads the answer by its
Content-Length, about a tenth of that, so the figures measure the server rather than the client.
"""

from __future__ import annotations

import asyncio
import contextlib
from urllib.parse import urlsplit

MAX_HEADER_BYTES = 64 * 1024


class HttpError(Exception):
    """The connection failed or the server's answer was not a complete HTTP/1.1 response."""


class Connection:
    """One keep-alive connection; requests on it are sent one at a time (a client awaits each answer)."""

    def __init__(self, url: str, timeout: float) -> None:
        parts = urlsplit(url)
        self.host, self.port = parts.hostname or "127.0.0.1", parts.port or 80
        self.path = parts.path or "/"
        self.timeout = timeout
        self._lock = asyncio.Lock()
        self._streams: tuple[asyncio.StreamReader, asyncio.StreamWriter] | None = None

    async def post(self, body: bytes, headers: dict[str, str]) -> tuple[int, bytes]:
        """The status and body of the answer to a POST of `body` (JSON) with `headers`."""
        head = [f"POST {self.path} HTTP/1.1", f"Host: {self.host}:{self.port}", "Content-Type: application/json"]
        head += [f"{name}: {value}" for name, value in headers.items() if name.lower() != "content-type"]
        head.append(f"Content-Length: {len(body)}")
        request = ("\r\n".join(head) + "\r\n\r\n").encode() + body
        async with self._lock:
            try:
                return await asyncio.wait_for(self._exchange(request), self.timeout)
            except (OSError, asyncio.IncompleteReadError, asyncio.LimitOverrunError, TimeoutError) as exc:
                await self.close()
                raise HttpError(type(exc).__name__) from exc

    async def _exchange(self, request: bytes) -> tuple[int, bytes]:
        if self._streams is None:
            self._streams = await asyncio.open_connection(self.host, self.port, limit=MAX_HEADER_BYTES)
        reader, writer = self._streams
        writer.write(request)
        await writer.drain()
        head = await reader.readuntil(b"\r\n\r\n")
        status_line, *lines = head.decode("latin-1").split("\r\n")
        length, close = None, False
        for line in lines:
            name, _, value = line.partition(":")
            name, value = name.strip().lower(), value.strip()
            if name == "content-length":
                length = int(value)
            elif name == "connection":
                close = value.lower() == "close"
            elif name == "transfer-encoding":
                raise HttpError(f"unexpected transfer-encoding {value}")
        if length is None:
            raise HttpError("an answer without Content-Length")
        body = await reader.readexactly(length)
        if close:
            await self.close()
        return int(status_line.split(" ", 2)[1]), body

    async def close(self) -> None:
        if self._streams is not None:
            _, writer = self._streams
            self._streams = None
            writer.close()
            with contextlib.suppress(OSError):
                await writer.wait_closed()
