"""Subcommands of ``planvakt``.

Built-in commands live in this package. Other packages (the Slack bot) add theirs
through the ``planvakt.commands`` entry-point group, so the engine never imports them.
Each entry point names a :class:`Command`.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Command:
    name: str
    help: str
    configure: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]
