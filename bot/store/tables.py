"""The tables. Changes to them go through :mod:`planvakt.bot.store.migrations`."""

from __future__ import annotations

import sqlalchemy as sa

metadata = sa.MetaData()

schema_version = sa.Table(
    "planvakt_schema", metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
)

# One row per Slack delivery handled (event id, message ts), so a retry or a duplicate
# delivery is never answered twice, even across a restart.
processed_events = sa.Table(
    "processed_events", metadata,
    sa.Column("key", sa.String(200), primary_key=True),
    sa.Column("seen_at", sa.DateTime(timezone=True), nullable=False, index=True),
)

# A check's result (the report's JSON: checklist, findings, counts), never the draft text.
reports = sa.Table(
    "reports", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("user_id", sa.String(64), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("report", sa.JSON, nullable=False),
    sa.Index("ix_reports_user_created", "user_id", "created_at"),
)

# An accepted Slack delivery still to be answered: recorded before Slack gets its 200, in
# the same transaction as its delivery keys, and deleted once it is answered. A worker
# holds it under a lease (``owner``, ``lease_until``); a lease that runs out (the worker
# died) lets another take it up. ``payload`` is only what is needed to redo the job: ids,
# channel and ts (the message's text is fetched from Slack again), never a draft's text,
# except a slash command's own text, which Slack cannot give back.
jobs = sa.Table(
    "jobs", metadata,
    sa.Column("id", sa.String(32), primary_key=True),
    sa.Column("kind", sa.String(32), nullable=False),
    sa.Column("payload", sa.JSON, nullable=False),
    sa.Column("owner", sa.String(100), nullable=True),
    sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True, index=True),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
)

# One row per message a job posts, written before it is sent and given Slack's ts after:
# a job that runs again skips what was sent, and looks up in Slack (by the message's
# metadata) what it may have sent just before it was interrupted. Deleted with its job.
job_replies = sa.Table(
    "job_replies", metadata,
    sa.Column("key", sa.String(120), primary_key=True),
    sa.Column("job_id", sa.String(32), nullable=False, index=True),
    sa.Column("channel", sa.String(64), nullable=True),
    sa.Column("ts", sa.String(40), nullable=True),
    sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
)
