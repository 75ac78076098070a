"""The bot's subcommands for ``planvakt``: ``serve`` and ``chat`` (entry points in ``planvakt.commands``)."""

from __future__ import annotations

import argparse
import os

from planvakt.linting.commands import Command

DEFAULT_PORT = 3000


def _config_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--config", metavar="FIL",
                        help="konfigurasjonsfilen (ellers PLANVAKT_CONFIG, ellers ./planvakt.yaml om den finnes)")


def configure_serve(parser: argparse.ArgumentParser) -> None:
    _config_option(parser)
    parser.add_argument("--host", default="0.0.0.0", help="adressen å lytte på (standard: 0.0.0.0)")
    parser.add_argument("--port", type=int, default=None, metavar="N",
                        help=f"porten å lytte på (standard: PORT, ellers {DEFAULT_PORT})")
    parser.add_argument("--socket-mode", action="store_true",
                        help="koble til Slack over Socket Mode (SLACK_APP_TOKEN) i stedet for å ta imot HTTP")
    parser.add_argument("--log-level", choices=["debug", "info", "warning", "error"], default="info",
                        help="hvor mye Planvakt logger (utkastenes tekst logges aldri)")


def run_serve(args: argparse.Namespace) -> int:
    import asyncio

    from planvakt.bot.config import ConfigError, load_config
    from planvakt.bot.logs import configure_logging
    from planvakt.bot.slack.settings import settings_from_env

    configure_logging(args.log_level)
    config = load_config(args.config)
    settings = settings_from_env(socket_mode=args.socket_mode)
    port = args.port
    if port is None:
        raw = os.environ.get("PORT", str(DEFAULT_PORT))
        if not raw.isdigit():
            raise ConfigError(f"PORT skal være et tall, ikke «{raw}»")
        port = int(raw)
    from planvakt.bot.serve import serve  # the heavy imports (engine, Bolt, SQLAlchemy) once the settings are valid

    return asyncio.run(serve(config, settings, host=args.host, port=port, socket_mode=args.socket_mode))


def configure_chat(parser: argparse.ArgumentParser) -> None:
    _config_option(parser)
    parser.add_argument("--as", dest="user", default="U0LOKAL", metavar="BRUKER",
                        help="Slack-bruker-id-en du prater som, f.eks. U123 (standard: U0LOKAL)")


def run_chat(args: argparse.Namespace) -> int:
    from planvakt.bot.chat import main
    from planvakt.bot.config import load_config
    from planvakt.bot.logs import configure_logging

    configure_logging("warning")
    return main(load_config(args.config), args.user)


SERVE = Command("serve", "kjør Slack-boten (HTTP, eller Socket Mode med --socket-mode)", configure_serve, run_serve)
CHAT = Command("chat", "prat med Planvakt i terminalen, som i en direktemelding i Slack", configure_chat, run_chat)
