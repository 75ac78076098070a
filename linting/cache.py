"""Where Planvakt keeps derived data between runs (lemma tries, validation stamps)."""

from __future__ import annotations

import os
from pathlib import Path


def cache_dir() -> Path:
    """``PLANVAKT_CACHE_DIR``, else the user's cache directory."""
    configured = os.environ.get("PLANVAKT_CACHE_DIR")
    if configured:
        return Path(configured)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("planvakt"))
