"""Shared files: downloaded with the bot token, only from Slack's file host, capped, streamed."""

from __future__ import annotations

import asyncio
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urljoin

import aiohttp
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from planvakt.bot.core.messages import DownloadError, Upload
from planvakt.bot.slack.settings import origin
from planvakt.linting.limits import human_size

MAX_REDIRECTS = 3
MAX_THROTTLED = 3       # 429s from the file host, each waited out (Retry-After)
MAX_WAIT = 30.0
CHUNK = 64 * 1024
DOWNLOAD_TIMEOUT = aiohttp.ClientTimeout(total=60, sock_connect=10)
# Slack's snippet and file types that are plain text or Markdown, for files named without a suffix.
TEXT_FILETYPES = {"text": ".txt", "markdown": ".md", "post": ".txt"}


def draft_name(file: dict[str, Any]) -> str:
    """The file's name, with a suffix the engine understands when Slack knows it is text (snippets)."""
    name = str(file.get("name") or file.get("title") or "fil")
    if not PurePosixPath(name).suffix and file.get("filetype") in TEXT_FILETYPES:
        name += TEXT_FILETYPES[file["filetype"]]
    return name


class SlackFiles:
    def __init__(self, session: aiohttp.ClientSession, client: AsyncWebClient, token: str,
                 allowed: frozenset[tuple[str, str, int]], max_bytes: int, *, parallel: int = 4) -> None:
        self.session = session
        self.client = client
        self.token = token
        self.allowed = allowed
        self.max_bytes = max_bytes
        self._slots = asyncio.Semaphore(parallel)

    def upload(self, file: dict[str, Any]) -> Upload:
        size = file.get("size")
        return Upload(name=draft_name(file), size=size if isinstance(size, int) else None,
                      fetch=lambda: self.fetch(file))

    def is_allowed(self, url: str) -> bool:
        return origin(url) in self.allowed

    async def fetch(self, file: dict[str, Any]) -> bytes:
        url = file.get("url_private_download") or file.get("url_private")
        if not url:  # e.g. «file_access: check_file_info» in shared channels
            url = await self._url_from_info(str(file.get("id", "")))
        async with self._slots:
            return await self._download(url)

    async def _url_from_info(self, file_id: str) -> str:
        try:
            info = await self.client.files_info(file=file_id)
        except SlackApiError:
            raise DownloadError("Slack ga meg ikke tilgang til filen. Del den med meg i en direktemelding, "
                                "eller lim inn teksten.") from None
        file = info.get("file") or {}
        url = file.get("url_private_download") or file.get("url_private")
        if not url:
            raise DownloadError("Slack ga meg ingen adresse å laste filen ned fra.")
        return str(url)

    async def _download(self, url: str) -> bytes:
        redirects = throttled = 0
        while redirects <= MAX_REDIRECTS:
            if not self.is_allowed(url):
                raise DownloadError("filen ligger ikke hos Slack, så jeg henter den ikke.")
            headers = {"Authorization": f"Bearer {self.token}"}
            try:
                async with self.session.get(url, headers=headers, allow_redirects=False,
                                            timeout=DOWNLOAD_TIMEOUT) as response:
                    if response.status in (301, 302, 303, 307, 308) and "Location" in response.headers:
                        url = urljoin(url, response.headers["Location"])
                        redirects += 1
                        continue
                    if response.status == 429 and throttled < MAX_THROTTLED:  # Slack asks us to wait
                        throttled += 1
                        await asyncio.sleep(_retry_after(response.headers.get("Retry-After")))
                        continue
                    return await self._read(response)
            except (TimeoutError, aiohttp.ClientError):
                raise DownloadError("nedlastingen fra Slack feilet. Prøv å dele filen på nytt om litt.") from None
        raise DownloadError("Slack sendte meg i ring da jeg prøvde å laste ned filen.")

    async def _read(self, response: aiohttp.ClientResponse) -> bytes:
        if response.status != 200:
            raise DownloadError(f"Slack svarte med feil ({response.status}) da jeg prøvde å laste ned filen.")
        if response.content_type == "text/html":  # Slack's login page: the token may not read this file
            raise DownloadError("Slack ga meg ikke tilgang til filen. Del den med meg i en direktemelding, "
                                "eller lim inn teksten.")
        too_big = DownloadError(f"filen er større enn {human_size(self.max_bytes)}, som er grensen min.")
        if response.content_length is not None and response.content_length > self.max_bytes:
            raise too_big
        data = bytearray()
        async for chunk in response.content.iter_chunked(CHUNK):
            data += chunk
            if len(data) > self.max_bytes:
                raise too_big
        return bytes(data)


def _retry_after(value: str | None) -> float:
    """Slack's Retry-After in seconds, within reason (1–30)."""
    try:
        return min(max(float(value or 1), 1.0), MAX_WAIT)
    except ValueError:
        return 1.0
