"""The transport-free conversation core: data in, replies as data out."""

from planvakt.bot.core.conversation import Conversation
from planvakt.bot.core.linter import Linter
from planvakt.bot.core.messages import (
    Command,
    DownloadError,
    Draft,
    Incoming,
    Message,
    Reply,
    ReplyKind,
    ShowFindings,
    ShowReport,
    Upload,
)

__all__ = ["Command", "Conversation", "DownloadError", "Draft", "Incoming", "Linter", "Message", "Reply",
           "ReplyKind", "ShowFindings", "ShowReport", "Upload"]
