"""Repeated findings of one rule with one cause become one finding with every place.

Which findings share a cause is data on the rule, the same for a check (under
``checks:``) and a rule (under ``rules:``):

```yaml
plan-goal-unknown:
  collapse:
    by: [area_hint]          # same rule, same severity, and equal values of these fields
    message: Samfunnsdelen har ikke målene {goal_list}.
    hint: Sjekk numrene. Målene {area_hint}
    min_count: 2             # default: 2
    variants:                # a check's variants may have their own collapsed wording
      some-variant: {message: …, hint: …}
```

The collapsed finding keeps the first place in ``line``/``column`` and every place in
``locations``; its message is ``message`` filled with the first finding's fields plus
``{count}``, ``{NAME_list}`` for every field NAME (the distinct values, «9.1–9.5» for a
run of goal numbers, else «a, b og c») and ``{NAME_quoted}`` (each value in «»).
Without ``message`` it keeps the first message and adds the count. Findings in different
sections stay apart unless ``across_sections: true``.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from planvakt.linting.report.model import Finding
from planvakt.linting.templates import fill

_NUMBERED = re.compile(r"^(.*?)(\d+)$")


@dataclass(frozen=True, slots=True)
class CollapseSpec:
    by: tuple[str, ...] = ()
    message: str = ""
    hint: str = ""
    min_count: int = 2
    across_sections: bool = False
    variants: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # a check's variant → message, hint

    @classmethod
    def parse(cls, data: Mapping[str, Any] | None) -> CollapseSpec | None:
        if not data:
            return None
        by = data.get("by") or ()
        return cls(by=(by,) if isinstance(by, str) else tuple(by), message=data.get("message", ""),
                   hint=data.get("hint", ""), min_count=int(data.get("min_count", 2)),
                   across_sections=bool(data.get("across_sections", False)),
                   variants=dict(data.get("variants") or {}))


def join_values(values: list[str]) -> str:
    """«9.1–9.5» for a run of consecutive numbers with one prefix, else «a, b og c»."""
    if len(values) > 2:
        found = [_NUMBERED.match(value) for value in values]
        if all(found):
            prefixes = {match.group(1) for match in found if match}
            numbers = [int(match.group(2)) for match in found if match]
            if len(prefixes) == 1 and numbers == list(range(numbers[0], numbers[0] + len(numbers))):
                return f"{values[0]}–{values[-1]}"
    if len(values) <= 1:
        return "".join(values)
    return ", ".join(values[:-1]) + " og " + values[-1]


def _key_value(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value if isinstance(value, (int, float, type(None))) \
        else repr(value)


def collapse(findings: list[Finding], spec_of: Callable[[str], CollapseSpec | None]) -> list[Finding]:
    """``findings`` (in report order) with each rule's repeats of one cause made one finding,
    standing where the first of them stood; everything else keeps its place."""
    groups: dict[tuple[Any, ...], list[int]] = {}
    specs: dict[str, CollapseSpec | None] = {}
    keys: list[tuple[Any, ...] | None] = []
    for index, finding in enumerate(findings):
        if finding.rule not in specs:
            specs[finding.rule] = spec_of(finding.rule)
        spec = specs[finding.rule]
        if spec is None or finding.locations:
            keys.append(None)
            continue
        key = (finding.rule, finding.severity, None if spec.across_sections else finding.section,
               finding.fields.get("variant"), *(_key_value(finding.fields.get(name)) for name in spec.by))
        keys.append(key)
        groups.setdefault(key, []).append(index)
    if not groups:
        return findings
    result: list[Finding] = []
    for index, (finding, key) in enumerate(zip(findings, keys, strict=True)):
        members = groups.get(key) if key is not None else None
        spec = specs[finding.rule]
        if members is None or spec is None or len(members) < spec.min_count:
            result.append(finding)
        elif members[0] == index:
            result.append(_merged([findings[i] for i in members], spec))
    return result


def _merged(members: list[Finding], spec: CollapseSpec) -> Finding:
    first = members[0]
    values: dict[str, Any] = {**first.fields, "count": len(members), "rule": first.rule}
    for name in {name for member in members for name in member.fields}:
        distinct = list(dict.fromkeys(str(m.fields[name]) for m in members if m.fields.get(name) not in (None, "")))
        values[f"{name}_list"] = join_values(distinct)
        values[f"{name}_quoted"] = join_values([f"«{value}»" for value in distinct])
    wording = spec.variants.get(str(first.fields.get("variant") or ""), {})
    message_template, hint_template = wording.get("message", spec.message), wording.get("hint", spec.hint)
    message = fill(message_template, values) if message_template else f"{first.message} ({len(members)} steder)"
    hint = fill(hint_template, values) if hint_template else first.hint
    places = tuple(replace(place, section=member.section) if spec.across_sections else place
                   for member in members for place in member.places)
    return replace(first, message=message, hint=hint, locations=places, replacement=None, fields=values)
