"""Where the bot keeps what must survive a restart: handled deliveries and check results.

Never the draft text. :class:`Store` is what the rest of the bot relies on;
:func:`open_store` gives the SQLAlchemy implementation for a database URL.
"""

from planvakt.bot.store.base import Store, StoredReport
from planvakt.bot.store.sql import SqlStore, open_store

__all__ = ["SqlStore", "Store", "StoredReport", "open_store"]
