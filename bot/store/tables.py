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
