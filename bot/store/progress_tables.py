"""The progress tables: sector assignments, checked draft versions, notification claims, owner updates.

Created by migration 2 in :mod:`planvakt.bot.store.migrations`. Drafts are confidential: a
version keeps the check's counts, checklist and progress, never the draft's text
unless ``keep_draft_text: true`` (``draft_text``), and never its title.
"""

from __future__ import annotations

import sqlalchemy as sa

from planvakt.bot.store.tables import metadata

# ``/planvakt tildel``: for these sectors the database wins over planvakt.yaml.
# A NULL deadline keeps the file's deadline.
sector_assignments = sa.Table(
    "sector_assignments", metadata,
    sa.Column("sector_id", sa.String(64), primary_key=True),
    sa.Column("owner", sa.String(64), nullable=False),
    sa.Column("deadline", sa.Date, nullable=True),
    sa.Column("assigned_by", sa.String(64), nullable=False),
    sa.Column("assigned_at", sa.DateTime(timezone=True), nullable=False),
)

# Every checked draft version of a sector chapter. ``sector_id`` is NULL while the writer
# has not yet said which sector it belongs to (``choices`` lists the candidates then).
draft_versions = sa.Table(
    "draft_versions", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("sector_id", sa.String(64), nullable=True),
    sa.Column("choices", sa.JSON, nullable=True),
    sa.Column("user_id", sa.String(64), nullable=False),          # the author
    sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ruleset", sa.String(100), nullable=False, server_default=""),
    sa.Column("source", sa.String(16), nullable=False, server_default=""),   # text, markdown, docx
    sa.Column("errors", sa.Integer, nullable=False),
    sa.Column("warnings", sa.Integer, nullable=False),
    sa.Column("suggestions", sa.Integer, nullable=False),
    sa.Column("done", sa.Integer, nullable=False),
    sa.Column("total", sa.Integer, nullable=False),
    sa.Column("checklist", sa.JSON, nullable=False),     # [{id, label, status, done, level}]
    sa.Column("summary", sa.JSON, nullable=False),       # {sections, focus_areas, plan_link}
    # For chapter 4 (issue 6): the draft's priorities only, e.g. [{"area": "S1", "text": "…",
    # "goals": ["1.1"], "line": 12, "language": "nb"}]. NULL for versions checked before.
    sa.Column("priorities", sa.JSON, nullable=True),
    sa.Column("draft_text", sa.Text, nullable=True),     # only with keep_draft_text: true
    sa.Index("ix_draft_versions_sector_checked", "sector_id", "checked_at"),
    sa.Index("ix_draft_versions_user_checked", "user_id", "checked_at"),
)

# One row per reminder or digest: claimed before it is sent, so however many replicas or
# runs there are, each goes out once. ``target`` is a sector id (reminders) or the digest's
# channel or coordinator; ``due_key`` the due date. A claim whose sender died is taken over
# after a lease (``claimed_at``); a failed send is retried a few times.
notifications = sa.Table(
    "notifications", metadata,
    sa.Column("target", sa.String(100), primary_key=True),
    sa.Column("kind", sa.String(32), primary_key=True),
    sa.Column("due_key", sa.String(32), primary_key=True),
    sa.Column("status", sa.String(16), nullable=False),        # claimed, sent, failed
    sa.Column("attempts", sa.Integer, nullable=False, server_default="1"),
    sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
)

# The owner's DM after a new version: at most one per sector per hour. A version that
# arrives inside the hour waits in ``pending_version_id`` and goes out when the hour is up.
owner_updates = sa.Table(
    "owner_updates", metadata,
    sa.Column("sector_id", sa.String(64), primary_key=True),
    sa.Column("last_sent_at", sa.DateTime(timezone=True), nullable=True),
    sa.Column("pending_version_id", sa.String(32), nullable=True),
)
