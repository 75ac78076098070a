"""Built-in rule packs, community plans and their JSON Schemas (data, not code)."""

from importlib.resources import files

RULES_DIR = files(__name__)
