"""``planvakt status`` (the status table from the store) and ``planvakt remind`` (one scheduler pass, for cron).

Entry points in ``planvakt.commands``. Neither loads the rule pack or the language
model: they read the store, so they start in a moment.
"""

from __future__ import annotations

import argparse
import os
import sys

from planvakt.linting.commands import Command


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FIL",
                        help="konfigurasjonsfilen (ellers PLANVAKT_CONFIG, ellers ./planvakt.yaml om den finnes)")


def configure_status(parser: argparse.ArgumentParser) -> None:
    _config_option(parser)
    parser.add_argument("--format", choices=["text", "csv", "json"], default="text",
                        help="text (standard), csv (semikolon-separert, for Excel) eller json")
    parser.add_argument("sector", nargs="?", metavar="SEKTOR",
                        help="vis én sektor med historikk (bare med --format text)")


def run_status(args: argparse.Namespace) -> int:
    import asyncio

    from planvakt.bot.config import load_config

    return asyncio.run(_status(load_config(args.config), args.format, args.sector))


async def _status(config, form: str, sector_words: str | None) -> int:
    from planvakt.bot.config import ConfigError
    from planvakt.bot.progress import render
    from planvakt.bot.progress.model import find_sectors
    from planvakt.bot.progress.service import ProgressService, export_csv, export_json
    from planvakt.bot.progress.terminal import plain_text
    from planvakt.bot.startup import open_configured_store
    from planvakt.bot.store.progress import ProgressStore
    from planvakt.bot.store.sql import utcnow

    store = await open_configured_store(config)
    try:
        service = ProgressService(config, ProgressStore(store.engine), clock=utcnow, pack=_pack(config.rules))
        if sector_words:
            if form != "text":
                raise ConfigError("én sektor vises bare som tekst; dropp SEKTOR for --format csv/json")
            found = find_sectors(await service.sectors(), sector_words)
            if len(found) != 1:
                names = ", ".join(s.id for s in (found or await service.sectors())) or "ingen"
                raise ConfigError(f"finner ikke én sektor som heter «{sector_words}» (sektorer: {names})")
            print(plain_text(render.detail_text(await service.detail(found[0]), render.TERMINAL)))
            return 0
        overview = await service.everything()
        if form == "csv":
            sys.stdout.write(export_csv(overview))
        elif form == "json":
            print(export_json(overview))
        else:
            text = render.overview_text(overview, render.TERMINAL)
            if overview.rows:
                text += "\n\n" + render.matrix_text(overview, render.TERMINAL) + "\n" + \
                        "✅ på plass · ⚠️ ufullstendig · ❌ mangler · ⚪ ingen utkast ennå"
            print(plain_text(text))
    finally:
        await store.close()
    return 0


def _pack(rules: str):
    """The rule pack, for the matrix's focus areas before any draft is in (YAML only: quick); None if broken."""
    from planvakt.linting.errors import PlanvaktError
    from planvakt.linting.rulepack.loader import load_pack

    try:
        return load_pack(rules)
    except PlanvaktError:
        return None


def configure_remind(parser: argparse.ArgumentParser) -> None:
    _config_option(parser)
    parser.add_argument("--log-level", choices=["debug", "info", "warning", "error"], default="warning",
                        help="hvor mye Planvakt logger (standard: warning)")


def run_remind(args: argparse.Namespace) -> int:
    import asyncio

    from planvakt.bot.config import ConfigError, load_config
    from planvakt.bot.logs import configure_logging
    from planvakt.bot.slack.settings import api_base

    configure_logging(args.log_level)
    config = load_config(args.config)
    token = os.environ.get("SLACK_BOT_TOKEN", "").strip()
    if not token:
        raise ConfigError("SLACK_BOT_TOKEN er ikke satt. Det er bot-tokenet (xoxb-…) fra «OAuth & Permissions» "
                          "i Slack-appen.")
    return asyncio.run(_remind(config, token, api_base(os.environ.get("SLACK_API_URL", ""))))


async def _remind(config, token: str, api_url: str) -> int:
    import aiohttp

    from planvakt.bot.progress.service import ProgressService
    from planvakt.bot.scheduler import Scheduler
    from planvakt.bot.slack.client import make_client
    from planvakt.bot.slack.notify import SlackNotifier
    from planvakt.bot.slack.settings import SlackSettings
    from planvakt.bot.startup import open_configured_store
    from planvakt.bot.store.progress import ProgressStore
    from planvakt.bot.store.sql import utcnow

    store = await open_configured_store(config)
    try:
        async with aiohttp.ClientSession() as session:
            client = make_client(SlackSettings(bot_token=token, signing_secret=None, api_url=api_url), session)
            service = ProgressService(config, ProgressStore(store.engine), clock=utcnow)
            notifier = SlackNotifier(client)
            service.notifier = notifier
            done = await Scheduler(service, notifier).run_once()
    finally:
        await store.close()
    print(f"Påminnelser: {done.reminders}, ukesoppsummeringer: {done.digests}, "
          f"eieroppdateringer: {done.updates}" + (f", feilet (prøves igjen): {done.failed}" if done.failed else ""))
    return 1 if done.failed else 0


STATUS = Command("status", "vis fremdriften for alle sektorene fra databasen (tekst, CSV eller JSON)",
                 configure_status, run_status)
REMIND = Command("remind", "send påminnelser og ukesoppsummering som er forfalt nå (for cron)",
                 configure_remind, run_remind)
