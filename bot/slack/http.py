"""The public HTTP endpoint, hardened: what a client that is not Slack can make the server do.

- **Time**: a connection that has not sent a whole request head within :data:`IDLE_TIMEOUT`
  of opening (or of its last response, kept alive) is closed; a body must arrive within
  :data:`BODY_TIMEOUT`.
- **Size**: a body over :data:`MAX_BODY` is refused by its ``Content-Length`` before it is
  read (413), and a streamed body is cut at the limit.
- **Connections**: at most :data:`MAX_CONNECTIONS`; one more closes the oldest connection
  that is not in the middle of a request, so ``/health`` always gets in.
- **Garbage**: the signature is checked on the raw bytes before anything is parsed; a bad
  timestamp, invalid UTF-8 or JSON (also 50,000 levels deep), or a form ``payload`` that is
  not JSON get 400; an unsigned or stale request 401. Each is logged as one line, at most
  one a :data:`LOG_EVERY` seconds per reason (with how many were not logged), never the body.
- **Behind a reverse proxy**: ``X-Forwarded-For`` names the client in those lines only when
  the peer is one of ``http.trusted_proxies`` in planvakt.yaml; otherwise it is ignored.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import ipaddress
import json
import logging
import re
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import parse_qs

from aiohttp import web

log = logging.getLogger(__name__)

MAX_BODY = 512 * 1024           # Slack's payloads are far smaller (a message is at most 40,000 characters)
BODY_TIMEOUT = 10.0
IDLE_TIMEOUT = 10.0             # the request head, and idle keep-alive connections
MAX_CONNECTIONS = 256
LINGER = 1.0
LOG_EVERY = 10.0
TIMESTAMP = re.compile(r"\d{1,12}")
SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
CHUNK = 16 * 1024


class Refused(Exception):
    """A request that is answered with ``status`` and logged (rate-limited) as ``reason``."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


class RateLimitedLog:
    """One line per reason at most every ``every`` seconds; the next says how many were held back."""

    def __init__(self, logger: logging.Logger, every: float = LOG_EVERY, clock: Callable[[], float] = time.monotonic):
        self.logger = logger
        self.every = every
        self.clock = clock
        self._last: dict[str, float] = {}
        self._held: dict[str, int] = {}

    def warning(self, reason: str, client: str) -> None:
        now = self.clock()
        if now - self._last.get(reason, -self.every) < self.every:
            self._held[reason] = self._held.get(reason, 0) + 1
            return
        held = self._held.pop(reason, 0)
        self._last[reason] = now
        more = f" (and {held} more in the last {self.every:.0f} s)" if held else ""
        self.logger.warning("refused a request from %s: %s%s", client, reason, more)


class ClientAddress:
    """Who sent a request: the peer, or ``X-Forwarded-For``'s client when the peer is a trusted proxy."""

    def __init__(self, trusted: tuple[str, ...] = ()) -> None:
        self.trusted = tuple(ipaddress.ip_network(net, strict=False) for net in trusted)

    def _is_trusted(self, address: str | None) -> bool:
        try:
            ip = ipaddress.ip_address(address or "")
        except ValueError:
            return False
        return any(ip in net for net in self.trusted)

    def of(self, request: web.BaseRequest) -> str:
        peer = request.remote or "?"
        if not self._is_trusted(peer):
            return peer
        hops = [hop.strip() for hop in request.headers.get("X-Forwarded-For", "").split(",") if hop.strip()]
        for hop in reversed(hops):      # the nearest hop that is not one of our proxies
            if not self._is_trusted(hop):
                return hop[:64]
        return peer


class GuardedServer(web.Server):
    """aiohttp's server with a cap on connections: over it, the oldest idle one is closed."""

    def __init__(self, *args: Any, max_connections: int = MAX_CONNECTIONS, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.max_connections = max_connections
        self.evicted = 0

    def connection_made(self, handler, transport) -> None:  # type: ignore[no-untyped-def]
        super().connection_made(handler, transport)
        if len(self._connections) <= self.max_connections:
            return
        idle = next((h for h in self._connections if h is not handler and getattr(h, "_current_request", 1) is None),
                    None)
        (idle or handler).force_close()
        self.evicted += 1


class GuardedRunner(web.AppRunner):
    """An AppRunner whose server is a :class:`GuardedServer`, with the idle timeout."""

    def __init__(self, app: web.Application, *, max_connections: int = MAX_CONNECTIONS,
                 idle_timeout: float = IDLE_TIMEOUT, **kwargs: Any) -> None:
        kwargs.setdefault("access_log", None)
        kwargs.setdefault("lingering_time", LINGER)   # after a refusal, read the rest of a body only so long
        super().__init__(app, keepalive_timeout=idle_timeout, **kwargs)
        self.max_connections = max_connections

    async def _make_server(self) -> web.Server:
        server = await super()._make_server()
        server.__class__ = GuardedServer   # the app built it with its own handler and factory: keep those
        assert isinstance(server, GuardedServer)
        server.max_connections = self.max_connections
        server.evicted = 0
        return server


async def read_body(request: web.BaseRequest, *, limit: int = MAX_BODY, timeout: float = BODY_TIMEOUT) -> bytes:
    """The body, within the size limit and the time limit; :class:`Refused` otherwise."""
    if request.content_length is not None and request.content_length > limit:
        raise Refused(413, f"body of {request.content_length} bytes announced (limit {limit})")

    async def read() -> bytes:
        data = bytearray()
        while True:
            chunk = await request.content.read(CHUNK)
            if not chunk:
                return bytes(data)
            data += chunk
            if len(data) > limit:
                raise Refused(413, f"body over {limit} bytes")

    try:
        return await asyncio.wait_for(read(), timeout)
    except TimeoutError:
        raise Refused(408, f"body not received within {timeout:.0f} s") from None


def verify(body: bytes, headers: Any, secret: str, *, clock: Callable[[], float] = time.time) -> None:
    """Slack's signature over the raw bytes, before anything is parsed."""
    timestamp = headers.get("X-Slack-Request-Timestamp", "")
    signature = headers.get("X-Slack-Signature", "")
    if not timestamp and not signature:
        raise Refused(401, "unsigned")
    if not TIMESTAMP.fullmatch(timestamp):
        raise Refused(400, "malformed timestamp")
    if not SIGNATURE.fullmatch(signature):
        raise Refused(401, "malformed signature")
    if abs(clock() - int(timestamp)) > 60 * 5:
        raise Refused(401, "stale timestamp")
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):   # over the bytes: the SDK's verifier decodes them first
        raise Refused(401, "bad signature")


def parse_body(body: bytes, content_type: str) -> str:
    """The body as text, once it is known to be what Slack sends: JSON, or a form (with a JSON
    ``payload`` if it has one). :class:`Refused` (400) otherwise."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "body is not UTF-8") from None
    if content_type == "application/json":
        _json_object(text, "body")
    elif content_type == "application/x-www-form-urlencoded":
        try:
            form = parse_qs(text, keep_blank_values=True, strict_parsing=False, max_num_fields=200)
        except ValueError:
            raise Refused(400, "form with too many fields") from None
        if "payload" in form:
            _json_object(form["payload"][0], "form payload")
    else:
        raise Refused(415, f"content type {content_type[:40]!r}")
    return text


def _json_object(text: str, what: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise Refused(400, f"{what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise Refused(400, f"{what} is not a JSON object")
    return value


def refusal(error: Refused) -> web.Response:
    response = web.json_response({"ok": False, "error": error.reason}, status=error.status)
    if error.status in (408, 413):
        response.force_close()   # the rest of the body is not read
    return response


def guard_middleware(clients: ClientAddress, logged: RateLimitedLog):
    """Any failure in a handler is one logged line and a bare 500, never a traceback to the log."""

    @web.middleware
    async def middleware(request: web.Request,
                         handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
        try:
            return await handler(request)
        except Refused as error:
            logged.warning(error.reason, clients.of(request))
            return refusal(error)
        except web.HTTPException:
            raise
        except asyncio.CancelledError:
            raise
        except Exception as error:
            logged.warning(f"internal error {type(error).__name__}", clients.of(request))
            return web.json_response({"ok": False, "error": "internal"}, status=500)

    return middleware
