"""The store's interface, as the conversation core and the Slack adapter use it: the core's
ports (:mod:`planvakt.bot.core.ports`), which :class:`planvakt.bot.store.sql.SqlStore` implements."""

from planvakt.bot.core.ports import Store, StoredReport

__all__ = ["Store", "StoredReport"]
