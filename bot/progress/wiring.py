"""Plugging progress into the conversation core."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from planvakt.bot.core.messages import Reply
from planvakt.bot.progress.ports import ProgressConfig, ProgressStorage
from planvakt.bot.progress.service import ProgressService

if TYPE_CHECKING:
    from planvakt.bot.core.conversation import Conversation

CHOICE_WORDS = ["sektor", "sektoren"]



def attach_progress(conversation: Conversation, config: ProgressConfig, store: ProgressStorage) -> ProgressService:
    """Give the core its progress answers and the after-check hook; returns the service."""
    service = ProgressService(config, store, clock=conversation.clock, pack=conversation.linter.pack)
    service.fallback_status = conversation.commands.get("status")
    help_handler = conversation.commands.get("hjelp")
    conversation.register(["status"], service.status)
    conversation.register(["tildel", "tildele"], service.assign)
    conversation.register(["eksport", "eksporter", "export"], service.export, in_messages=False)
    conversation.register(["kapittel4", "kapittel-4"], service.chapter4, in_messages=False)
    conversation.register(CHOICE_WORDS, service.choose_command)
    if help_handler is not None:
        async def help_with_progress(user: str, rest: str) -> list[Reply]:
            replies = await help_handler(user, rest)
            extra = await service.help_extra(user)
            return [replace(replies[0], text=replies[0].text + extra), *replies[1:]] if replies and extra else replies

        for table in (conversation.commands, conversation.questions):
            for word, handler in list(table.items()):
                if handler == help_handler:
                    table[word] = help_with_progress
    conversation.after_check.append(service.after_check)
    conversation.hop_source = service.hop_priorities
    conversation.extensions["progress"] = service
    return service


def progress_of(conversation: Conversation) -> ProgressService | None:
    service = conversation.extensions.get("progress")
    return service if isinstance(service, ProgressService) else None
