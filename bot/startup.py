"""Opening the configured parts, with clear errors: shared by ``planvakt serve`` and ``planvakt chat``."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy.exc import SQLAlchemyError

from planvakt.bot.config import BotConfig, ConfigError
from planvakt.bot.core import Conversation, Linter
from planvakt.bot.progress.wiring import attach_progress
from planvakt.bot.store import SqlStore, open_store
from planvakt.bot.store.progress import ProgressStore
from planvakt.bot.store.sql import utcnow
from planvakt.bot.store.url import safe_url
from planvakt.linting.limits import DEFAULT_LIMITS, Limits
from planvakt.linting.rulepack.loader import builtin_packs, load_pack
from planvakt.linting.rulepack.select import title_words


async def open_configured_store(config: BotConfig, *, clock: Callable[[], datetime] = utcnow) -> SqlStore:
    """The config's store, migrated; a :class:`ConfigError` naming the database if it can't be opened."""
    try:
        return await open_store(config.store, clock=clock)
    except (SQLAlchemyError, OSError, ValueError, TypeError) as error:  # TypeError: an option the driver lacks
        reason = str(getattr(error, "orig", None) or error).splitlines()[0][:200]
        raise ConfigError(f"kan ikke åpne databasen {safe_url(config.store)} ({reason})", path=config.path) from None


def title_pack_names(config: BotConfig) -> tuple[str, ...]:
    """The packs a draft's title may choose: the config's, or every built-in pack with `match_title`."""
    if config.packs_by_title is not None:
        return config.packs_by_title
    return tuple(name for name in builtin_packs() if name != config.rules and title_words(load_pack(name)))


async def open_conversation(config: BotConfig, *, limits: Limits = DEFAULT_LIMITS, processes: int = 0,
                            clock: Callable[[], datetime] = utcnow) -> tuple[Conversation, SqlStore, Linter]:
    """The rule pack (validated), the store and the core, ready to talk. Close the store and linter after.

    ``processes``: worker processes for checking drafts (0: threads in this process).
    """
    pack = load_pack(config.rules)
    title_packs = tuple(load_pack(name) for name in title_pack_names(config))
    store = await open_configured_store(config, clock=clock)
    linter = Linter(pack, limits=limits, processes=processes, title_packs=title_packs)
    conversation = Conversation(linter, store, clock=clock, coordinators=config.coordinators)
    store.retention = config.retention
    # status, tildel, eksport, versions
    attach_progress(conversation, config, ProgressStore(store.engine, config.retention))
    return conversation, store, linter
