"""The progress core: which sector a draft belongs to, each sector's status, assignments and export.

Transport-free like :class:`planvakt.bot.core.Conversation`, which it extends
(:func:`planvakt.bot.progress.wiring.attach_progress`): it answers ``status``, ``tildel``,
``eksport``, ``kapittel4`` and ``sektor``, and records every checked draft version (with its
priorities, for chapter 4, but not its text). Messages to other people (the owner's update,
a new owner's welcome) go through a :class:`Notifier` the adapter provides.

Authorization lives here, not in the adapters: only coordinators see every sector,
assign, export and get the digest; everyone else sees only the sectors they own or
write for; only a draft's author files it under a sector.

The parts, by responsibility: :mod:`.access` (who sees what), :mod:`.commands` (``status``,
``tildel``), :mod:`.recording` (checked drafts and the choice of sector), :mod:`.export`
(CSV, JSON, chapter 4), :mod:`.notify` (the owner's update, throttled), :mod:`.wiring`.
"""

from __future__ import annotations

from planvakt.bot.progress.commands import ProgressCommands
from planvakt.bot.progress.export import ProgressExports, export_csv, export_json, export_rows
from planvakt.bot.progress.notify import OWNER_UPDATE_INTERVAL, NoNotifier, Note, Notifier
from planvakt.bot.progress.recording import DraftRecording

__all__ = ["OWNER_UPDATE_INTERVAL", "NoNotifier", "Note", "Notifier", "ProgressService", "export_csv",
           "export_json", "export_rows"]


class ProgressService(ProgressCommands, DraftRecording, ProgressExports):
    """Every progress answer, the after-check hook and the owner's update, for one workspace."""

