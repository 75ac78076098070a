"""A fake Slack on loopback: the Web API, the file host, response URLs and Socket Mode.

It records every call so tests can assert on what the bot sent. Point the bot at it
with ``SLACK_API_URL=<fake.api_url>``. Scripted failures (``fail_next``) return an
error or a 429 with Retry-After for the next call of a method.

    fake = FakeSlack(); await fake.start()
    file = fake.add_file("kapittel.docx", data)          # a Slack file object, url on the fake
    await fake.wait_for("chat.postMessage")              # the calls, once they have arrived
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

TOKEN = "xoxb-test-token"
APP_TOKEN = "xapp-test-token"
BOT_USER_ID = "UPLANVAKT"
BOT_ID = "BPLANVAKT"
TEAM_ID = "T0KOMMUNE"
JSON_PARAMS = ("blocks", "files", "view", "attachments", "metadata")


@dataclass
class Call:
    method: str                 # a Web API method, or «file.download», «upload», «response»
    params: dict[str, Any]
    headers: dict[str, str]
    at: float = field(default_factory=time.perf_counter)


@dataclass
class Scripted:
    status: int
    body: dict[str, Any]
    headers: dict[str, str]


class FakeSlack:
    def __init__(self, *, token: str = TOKEN, bot_user_id: str = BOT_USER_ID, bot_id: str = BOT_ID) -> None:
        self.token = token
        self.bot_user_id = bot_user_id
        self.bot_id = bot_id
        self.calls: list[Call] = []
        self.files: dict[str, tuple[bytes, str]] = {}
        self.file_objects: dict[str, dict[str, Any]] = {}
        self.uploads: dict[str, bytes] = {}
        self.redirects: dict[str, str] = {}
        self.messages: dict[str, list[dict[str, Any]]] = {}   # channel -> messages, as history gives them
        self.not_member: set[str] = set()   # channels the bot was never invited to: posting there fails
        self.socket_acks: list[dict[str, Any]] = []
        self.listeners: list[Callable[[Call], None]] = []   # called with every call as it is recorded
        self._script: dict[str, list[Scripted]] = {}
        self._ids = itertools.count(1)
        self._changed = asyncio.Condition()
        self._sockets: list[web.WebSocketResponse] = []
        self._runner: web.AppRunner | None = None
        self.base_url = ""

    # --- lifecycle -------------------------------------------------------------------

    async def start(self) -> FakeSlack:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/api/{method}", self._api)
        app.router.add_get("/files/{file_id}/{name}", self._download)
        app.router.add_get("/redirect/{key}", self._redirect)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_post("/response/{key}", self._response)
        app.router.add_get("/socket", self._socket)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = self._runner.addresses[0][1]
        self.base_url = f"http://127.0.0.1:{port}/"
        return self

    async def stop(self) -> None:
        for socket in list(self._sockets):
            await socket.close()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return self.base_url + "api/"

    # --- set-up helpers --------------------------------------------------------------

    def add_file(self, name: str, data: bytes, *, filetype: str | None = None,
                 content_type: str = "application/octet-stream", size: int | None = None,
                 url: str | None = None, hide_url: bool = False) -> dict[str, Any]:
        """A file as Slack describes it in an event, downloadable from the fake with the bot token."""
        file_id = f"F{next(self._ids):06d}"
        self.files[file_id] = (data, content_type)
        suffix = name.rsplit(".", 1)[-1] if "." in name else "text"
        obj = {"id": file_id, "name": name, "title": name, "filetype": filetype or suffix,
               "mimetype": content_type, "size": len(data) if size is None else size, "mode": "hosted",
               "url_private": f"{self.base_url}files/{file_id}/{name}",
               "url_private_download": url or f"{self.base_url}files/{file_id}/{name}"}
        self.file_objects[file_id] = obj
        if hide_url:  # as in shared channels: the event says «check_file_info»
            return {"id": file_id, "file_access": "check_file_info", "name": name, "filetype": obj["filetype"]}
        return obj

    def add_message(self, channel: str, message: dict[str, Any]) -> dict[str, Any]:
        """A user's message as conversations.history and .replies give it back (a job taken up again
        fetches its message from Slack)."""
        self.messages.setdefault(channel, []).append(dict(message))
        return message

    def posted(self, channel: str) -> list[dict[str, Any]]:
        """The bot's messages in ``channel`` (with their metadata), as Slack keeps them."""
        return [m for m in self.messages.get(channel, []) if m.get("bot_id") == self.bot_id]

    def redirect(self, target: str) -> str:
        """A URL on the fake that redirects to ``target``."""
        key = f"r{next(self._ids)}"
        self.redirects[key] = target
        return f"{self.base_url}redirect/{key}"

    def response_url(self) -> str:
        return f"{self.base_url}response/{next(self._ids)}"

    def fail_next(self, method: str, *, error: str | None = None, status: int = 200,
                  headers: dict[str, str] | None = None) -> None:
        body = {"ok": False, "error": error or "ratelimited"}
        self._script.setdefault(method, []).append(Scripted(status, body, headers or {}))

    def rate_limit_next(self, method: str, retry_after: int = 1) -> None:
        self.fail_next(method, error="ratelimited", status=429, headers={"Retry-After": str(retry_after)})

    # --- inspection ------------------------------------------------------------------

    def calls_to(self, method: str) -> list[Call]:
        return [call for call in self.calls if call.method == method]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 5.0) -> list[Call]:
        """The calls to ``method`` once there are at least ``count``; fails after ``timeout`` s."""
        async def arrived() -> None:
            async with self._changed:
                await self._changed.wait_for(lambda: len(self.calls_to(method)) >= count)

        try:
            await asyncio.wait_for(arrived(), timeout)
        except TimeoutError:
            seen = sorted({call.method for call in self.calls})
            raise AssertionError(f"{count}× {method} did not arrive within {timeout} s; seen: {seen}") from None
        return self.calls_to(method)

    async def _record(self, method: str, params: dict[str, Any], request: web.Request) -> None:
        call = Call(method, params, dict(request.headers))
        async with self._changed:
            self.calls.append(call)
            self._changed.notify_all()
        for listener in self.listeners:
            listener(call)

    # --- handlers --------------------------------------------------------------------

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        await self._record(method, params, request)
        expected = APP_TOKEN if method == "apps.connections.open" else self.token
        if request.headers.get("Authorization") != f"Bearer {expected}":
            return web.json_response({"ok": False, "error": "invalid_auth"})
        script = self._script.get(method)
        if script:
            step = script.pop(0)
            return web.json_response(step.body, status=step.status, headers=step.headers)
        return web.json_response(self._answer(method, params))

    def _answer(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {"ok": True, "url": "https://kommune.slack.com/", "team": "Kommunen", "user": "planvakt",
                    "team_id": TEAM_ID, "user_id": self.bot_user_id, "bot_id": self.bot_id}
        if method == "chat.postMessage" and params.get("channel") in self.not_member:
            return {"ok": False, "error": "not_in_channel"}
        if method == "chat.postMessage":
            ts = f"{int(time.time())}.{next(self._ids):06d}"
            message = {"type": "message", "text": params.get("text"), "ts": ts, "bot_id": self.bot_id,
                       "user": self.bot_user_id}
            if params.get("thread_ts"):
                message["thread_ts"] = params["thread_ts"]
            if params.get("metadata"):
                message["metadata"] = params["metadata"]
            self.messages.setdefault(str(params.get("channel")), []).append(message)
            return {"ok": True, "channel": params.get("channel"), "ts": ts, "message": message}
        if method in ("conversations.history", "conversations.replies"):
            return self._history(method, params)
        if method == "conversations.open":
            return {"ok": True, "channel": {"id": "D" + str(params.get("users", "")).lstrip("U")}}
        if method == "views.open":
            return {"ok": True, "view": {"id": f"V{next(self._ids)}"}}
        if method == "files.info":
            file = self.file_objects.get(str(params.get("file")))
            return {"ok": True, "file": file} if file else {"ok": False, "error": "file_not_found"}
        if method == "files.getUploadURLExternal":
            file_id = f"F{next(self._ids):06d}"
            return {"ok": True, "upload_url": f"{self.base_url}upload/{file_id}", "file_id": file_id}
        if method == "files.completeUploadExternal":
            files = params.get("files") or []
            return {"ok": True, "files": [{"id": f.get("id"), "title": f.get("title")} for f in files]}
        if method == "apps.connections.open":
            return {"ok": True, "url": self.base_url.replace("http", "ws") + "socket"}
        return {"ok": True}

    def _history(self, method: str, params: dict[str, Any]) -> dict[str, Any]:
        """Messages newest first (history) or the thread oldest first (replies), within oldest/latest."""
        channel = str(params.get("channel"))
        if channel not in self.messages:
            return {"ok": False, "error": "channel_not_found"}
        inclusive = str(params.get("inclusive", "")).lower() in ("1", "true")
        oldest, latest = float(params.get("oldest") or 0), float(params.get("latest") or 1e12)

        def within(m: dict[str, Any]) -> bool:
            ts = float(m["ts"])
            return (oldest <= ts <= latest) if inclusive else (oldest < ts < latest)

        found = [m for m in self.messages[channel] if within(m)]
        if method == "conversations.replies":
            root = str(params.get("ts"))
            thread = [m for m in self.messages[channel] if m["ts"] == root]
            found = thread + [m for m in found if m.get("thread_ts") == root and m["ts"] != root]
        else:
            found = [m for m in found if not m.get("thread_ts") or m["thread_ts"] == m["ts"]][::-1]
        limit = int(params.get("limit") or 100)
        if str(params.get("include_all_metadata", "")).lower() not in ("1", "true"):
            found = [{k: v for k, v in m.items() if k != "metadata"} for m in found]
        return {"ok": True, "messages": found[:limit], "has_more": len(found) > limit}

    async def _download(self, request: web.Request) -> web.StreamResponse:
        file_id = request.match_info["file_id"]
        await self._record("file.download", {"file": file_id}, request)
        if request.headers.get("Authorization") != f"Bearer {self.token}":
            return web.Response(text="<html>Logg inn</html>", content_type="text/html")
        script = self._script.get("file.download")
        if script:
            step = script.pop(0)
            return web.json_response(step.body, status=step.status, headers=step.headers)
        if file_id not in self.files:
            return web.Response(status=404)
        data, content_type = self.files[file_id]
        return web.Response(body=data, content_type=content_type)

    async def _redirect(self, request: web.Request) -> web.Response:
        await self._record("redirect", {"key": request.match_info["key"]}, request)
        raise web.HTTPFound(self.redirects[request.match_info["key"]])

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        self.uploads[file_id] = await request.read()
        await self._record("upload", {"file": file_id, "size": len(self.uploads[file_id])}, request)
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    async def _response(self, request: web.Request) -> web.Response:
        await self._record("response", await _params(request), request)
        return web.Response(text="ok")

    # --- Socket Mode -----------------------------------------------------------------

    async def _socket(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse()
        await socket.prepare(request)
        self._sockets.append(socket)
        await socket.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A1"}})
        async for message in socket:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                async with self._changed:
                    self.socket_acks.append(data)
                    self._changed.notify_all()
        self._sockets.remove(socket)
        return socket

    async def push_socket_event(self, payload: dict[str, Any], *, kind: str = "events_api") -> str:
        """Send an envelope to the connected bot, as Slack does in Socket Mode; returns its id."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: bool(self._sockets)), 5)
        envelope_id = f"env-{next(self._ids)}"
        await self._sockets[-1].send_json({"envelope_id": envelope_id, "type": kind, "payload": payload,
                                           "accepts_response_payload": kind != "events_api", "retry_attempt": 0})
        return envelope_id

    async def wait_for_socket_ack(self, envelope_id: str, timeout: float = 5.0) -> dict[str, Any]:
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(
                lambda: any(ack.get("envelope_id") == envelope_id for ack in self.socket_acks)), timeout)
        return next(ack for ack in self.socket_acks if ack.get("envelope_id") == envelope_id)


async def _params(request: web.Request) -> dict[str, Any]:
    """Query, form and JSON parameters in one dict; JSON-encoded form values (blocks) decoded."""
    params: dict[str, Any] = dict(request.query)
    raw = await request.read()
    if request.content_type == "application/json" and raw:
        params.update(json.loads(raw))
    elif raw:
        params.update(parse_qsl(raw.decode("utf-8"), keep_blank_values=True))
    for key in JSON_PARAMS:
        if isinstance(params.get(key), str):
            with contextlib.suppress(ValueError):
                params[key] = json.loads(params[key])
    return params
