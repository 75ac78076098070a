"""Rule packs and community plans: the schema, the built-in pack against the writing
guide, errors that name file, line and key, `extends`, and safe YAML loading."""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import jsonschema
import pytest
import yaml

from planvakt.linting.checks import REGISTRY
from planvakt.linting.engine import lint_text
from planvakt.linting.errors import PlanvaktError, RulePackError
from planvakt.linting.rulepack.loader import builtin_dir, builtin_packs, load_pack

RULES = builtin_dir()
SCHEMAS = RULES / "schema"
DOMAIN = Path(__file__).parents[1].parent / "shared" / "domain"


def schema(name: str) -> dict:
    return json.loads((SCHEMAS / name).read_text(encoding="utf-8"))


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    hits = [number for number, line in enumerate(lines, 1) if needle in line]
    assert len(hits) == 1, f"{needle!r} occurs {len(hits)} times"
    return hits[0]


def write_plan_and_pack(directory: Path, *goals: str) -> tuple[Path, Path]:
    """plan.yaml, a community plan with one focus area holding these goals (YAML flow mappings),
    and pakke.yaml, a pack that extends the built-in one with that plan."""
    goal_lines = "".join(f"\n              - {goal}" for goal in goals)
    plan = write(directory, "plan.yaml", f"""
        name: Samfunnsplan
        focus_areas:
          - id: A
            name: Trygg oppvekst
            goals:{goal_lines}
        """)
    pack = write(directory, "pakke.yaml", """
        extends: sektorkapittel
        name: pakke
        plan: plan.yaml
        """)
    return plan, pack


def pack_error(path: Path) -> RulePackError:
    with pytest.raises(RulePackError) as caught:
        load_pack(str(path))
    error = caught.value
    assert isinstance(error, PlanvaktError)
    assert "\n" not in str(error), "errors are one line"
    return error


# --- The schemas and the built-in data --------------------------------------------------


@pytest.mark.parametrize("name", ["rulepack.schema.json", "plan.schema.json"])
def test_schemas_are_valid_json_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema(name))


def test_every_builtin_pack_and_plan_validates() -> None:
    packs = builtin_packs()
    assert "sektorkapittel" in packs
    pack_validator = jsonschema.Draft202012Validator(schema("rulepack.schema.json"))
    for path in packs.values():
        pack_validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))
        assert load_pack(str(path)).name == path.stem
    plans = sorted((RULES / "plans").glob("*.yaml"))
    assert plans
    plan_validator = jsonschema.Draft202012Validator(schema("plan.schema.json"))
    for path in plans:
        plan_validator.validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def test_schema_knows_every_registered_check() -> None:
    """Editors autocomplete rule ids from the schema; a check it lacks could not be configured."""
    configurable = set(schema("rulepack.schema.json")["properties"]["checks"]["properties"])
    assert set(REGISTRY) <= configurable


def test_builtin_pack_encodes_the_writing_guide(pack) -> None:
    assert [(h.id, h.text, h.level) for h in pack.headings] == [
        ("innledning", "Innledning", 2),
        ("status", "Status og utfordringer", 2),
        ("prioriteringer", "Prioriteringer", 2),
        ("samarbeid", "Samarbeid for å nå målene", 2),
    ]
    assert pack.focus_parent is not None and pack.focus_parent.id == "prioriteringer"
    assert [(a.id, a.name, a.sdgs) for a in pack.focus_areas] == [
        ("S1", "Godt liv for alle", (3, 4, 5, 10, 16)),
        ("S2", "Grønt samfunn", (13, 14)),
        ("S3", "Regional vekst", (8, 11)),
    ]
    assert pack.focus_area_level == 3 and pack.title_level == 1
    nynorsk = {h.id: [a.text for a in h.aliases if a.language == "nn"] for h in pack.headings}
    assert nynorsk == {"innledning": ["Innleiing"], "status": ["Status og utfordringar"],
                       "prioriteringer": ["Prioriteringar"], "samarbeid": ["Samarbeid for å nå måla"]}
    for word in ("kommer", "tbd", "ingen", "-"):
        assert word in pack.placeholder_words
    for text in ("(mål 2.1)", "jf. samfunnsdelens mål 2.1", "målene 1.2 og 1.3", "måla 1.2 og 1.3"):
        assert pack.citation.search(text), text
    for text in ("delmål 2.1", "bærekraftsmål 17", "2.1 prosent"):
        assert not pack.citation.search(text), text


def test_builtin_plan_matches_the_community_plan() -> None:
    source = DOMAIN / "samfunnsdel.md"
    if not source.is_file():
        pytest.skip(f"the domain brief is not beside the repository (looked in {source})")
    text = source.read_text(encoding="utf-8")
    expected = dict(re.findall(r"^- (\d+\.\d+) (.+)$", text, re.M))
    plan = load_pack().plan
    goals = {goal.id: goal.text for area in plan.focus_areas for goal in area.goals}
    assert goals == expected
    assert [area.id for area in plan.focus_areas] == re.findall(r"^## (S\d+) ", text, re.M)
    url = re.search(r"Plan address \(example\): (\S+)", text)
    assert url and plan.url == url.group(1)
    assert [area.id for area in plan.focus_areas if area.cross_cutting] == ["S17"]


# --- Mistakes in a pack -----------------------------------------------------------------

_MINIMAL = """
    name: var-kommune
    plan: samfunnsdel
    headings:
      - {id: innledning, text: Innledning}
    citation:
      pattern: 'mål (?P<ids>\\d+\\.\\d+)'
"""


def test_minimal_pack_loads(tmp_path: Path) -> None:
    pack = load_pack(str(write(tmp_path, "minimal.yaml", _MINIMAL)))
    assert pack.name == "var-kommune"
    assert [a.id for a in pack.focus_areas] == ["S1", "S2", "S3"]  # cross-cutting S17 left out


@pytest.mark.parametrize("text, key, words", [
    ("""
     extends: sektorkapittel
     name: var-kommune
     checks:
       heading-missing:
         severty: error
     """, "severty", ["«severty»", "checks.heading-missing", "Mente du «severity»?"]),
    ("""
     extends: sektorkapittel
     name: var-kommune
     headngs: []
     """, "headngs", ["«headngs»", "Mente du «headings»?"]),
    ("""
     extends: sektorkapittel
     name: var-kommune
     checks:
       heading-wording:
         severity: sugestion
     """, "sugestion", ["«sugestion»", "checks.heading-wording.severity", "Mente du «suggestion»?"]),
    ("""
     extends: sektorkapittel
     name: var-kommune
     checks:
       heading-mising:
         severity: error
     """, "heading-mising", ["«heading-mising»", "Mente du «heading-missing»?"]),
    ("""
     extends: sektorkapittel
     name: var-kommune
     focus_areas:
       level: tre
     """, "level: tre", ["focus_areas.level", "heltall"]),
    ("""
     extends: sektorkapittel
     name: var-kommune
     headings:
       - id: innledning
         txt: Innledning
     """, "txt: Innledning", ["«txt»", "Mente du «text»?"]),
    ("""
     extends: sektorkapittel
     name: var-kommune
     checks:
       heading-missing:
         message: "Overskriften {heading mangler."
     """, "message:", ["heading-missing", "krøllparentes står alene"]),
    ("""
     extends: sektorkapittel
     name: var-kommune
     checks:
       plan-link-missing:
         hint: "Vis til {0}."
     """, "hint:", ["«{0}» er ikke et feltnavn"]),
    ("""
     extends: sektorkapittel
     name: var-kommune
     rules:
       chancery:
         message: "«{match» er kansellistil."
     """, "message:", ["krøllparentes står alene"]),
    ("""
     extends: sektorkapittel
     name: var-kommune
     languages:
       nb:
         spacy: nbb
     """, "spacy: nbb", ["spaCy har ikke språket «nbb»"]),
])
def test_a_typo_names_file_line_and_key_with_a_suggestion(tmp_path: Path, text: str, key: str,
                                                          words: list[str]) -> None:
    path = write(tmp_path, "var-kommune.yaml", text)
    error = pack_error(path)
    assert error.path == str(path)
    assert error.line == line_of(path, key)
    for word in words:
        assert word in error.message
    assert str(error).startswith(f"{path}:{error.line}: ")


@pytest.mark.parametrize("name, pattern, word", [
    ("regex", "mål (?P<ids>[0-9.+", "regulært uttrykk"),   # not a regular expression
    ("ids", r"mål \d+\.\d+", "(?P<ids>"),                  # no group for the goal ids
], ids=["bad-regex", "no-ids-group"])
def test_a_bad_citation_pattern_names_the_pattern_line(tmp_path: Path, name: str, pattern: str,
                                                       word: str) -> None:
    path = write(tmp_path, f"{name}.yaml", f"""
        extends: sektorkapittel
        name: {name}
        citation:
          pattern: '{pattern}'
        """)
    error = pack_error(path)
    assert word in error.message
    assert error.line == line_of(path, "pattern:")


def test_unknown_plan(tmp_path: Path) -> None:
    path = write(tmp_path, "plan.yaml", """
        extends: sektorkapittel
        name: plan
        plan: samfunnsdelen-vaar
        """)
    error = pack_error(path)
    assert "«samfunnsdelen-vaar»" in error.message
    assert error.path == str(path)
    missing_file = write(tmp_path, "plan-fil.yaml", """
        extends: sektorkapittel
        name: plan-fil
        plan: finnes-ikke.yaml
        """)
    assert "«finnes-ikke.yaml»" in pack_error(missing_file).message


def test_a_plan_with_a_mistake_names_the_plan_file_and_line(tmp_path: Path) -> None:
    plan, pack = write_plan_and_pack(tmp_path, '{id: "1.1", txt: Alle barn opplever mestring}')
    error = pack_error(pack)
    assert error.path == str(plan)
    assert error.line == line_of(plan, "txt:")
    assert "«txt»" in error.message


def test_duplicate_goal_ids_and_unknown_focus_areas(tmp_path: Path) -> None:
    plan, pack = write_plan_and_pack(tmp_path, '{id: "1.1", text: Alle barn opplever mestring}',
                                     '{id: "1.1", text: Ingen står utenfor}')
    error = pack_error(pack)
    assert "1.1" in error.message and error.path == str(plan)
    unknown = write(tmp_path, "omrader.yaml", """
        extends: sektorkapittel
        name: omrader
        focus_areas:
          include: [S1, S4]
        """)
    error = pack_error(unknown)
    assert "«S4»" in error.message
    assert error.line == line_of(unknown, "include:")


def test_a_focus_area_id_used_twice_in_the_plan_names_its_line(tmp_path: Path) -> None:
    plan = write(tmp_path, "plan.yaml", """
        name: Samfunnsplan
        focus_areas:
          - id: A
            name: Trygg oppvekst
            goals: [{id: "1.1", text: Alle barn opplever mestring}]
          - id: A
            name: Grønt samfunn
            goals: [{id: "2.1", text: Lavere utslipp}]
        """)
    pack = write(tmp_path, "pakke.yaml", "extends: sektorkapittel\nname: pakke\nplan: plan.yaml\n")
    error = pack_error(pack)
    assert error.message == "satsingsområdet A står to ganger" and error.path == str(plan)
    assert error.line == 6                     # the second «- id: A»


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "syntaks.yaml", """
        extends: sektorkapittel
        name: syntaks
        checks:
          heading-missing: {severity: error
        description: x
        """)
    error = pack_error(path)
    assert "YAML" in error.message
    assert error.line is not None and 4 <= error.line <= 5


def test_pack_that_is_not_a_mapping(tmp_path: Path) -> None:
    error = pack_error(write(tmp_path, "liste.yaml", "- en\n- to\n"))
    assert "YAML-kart" in error.message


def test_unknown_pack_name_suggests_the_builtin_one() -> None:
    with pytest.raises(RulePackError) as caught:
        load_pack("sektorkapitel")
    assert "Mente du «sektorkapittel»?" in caught.value.message


def test_extends_cycle(tmp_path: Path) -> None:
    write(tmp_path, "a.yaml", "extends: b.yaml\nname: a\n")
    write(tmp_path, "b.yaml", "extends: a.yaml\nname: b\n")
    assert "ring" in pack_error(tmp_path / "a.yaml").message


def test_yaml_is_loaded_safely(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    path = write(tmp_path, "farlig.yaml", f"""
        extends: sektorkapittel
        name: farlig
        description: !!python/object/apply:builtins.open ["{marker}", "w"]
        """)
    error = pack_error(path)
    assert "YAML" in error.message and error.line == line_of(path, "description:")
    assert not marker.exists(), "a Python tag in YAML was executed"
    plan = write(tmp_path, "plan.yaml", f"""
        name: !!python/object/apply:builtins.open ["{marker}", "w"]
        focus_areas: []
        """)
    write(tmp_path, "pakke.yaml", "extends: sektorkapittel\nname: pakke\nplan: plan.yaml\n")
    plan_error = pack_error(tmp_path / "pakke.yaml")
    assert "YAML" in plan_error.message and Path(plan_error.path) == plan   # the plan file is named
    assert not marker.exists()


# --- extends: another municipality in YAML only -----------------------------------------


def test_extends_overrides_only_what_it_sets(tmp_path: Path, pack) -> None:
    path = write(tmp_path, "tekster.yaml", """
        extends: sektorkapittel
        name: tekster
        checks:
          heading-missing:
            message: Vi savner «{heading}».
          priority-unlinked:
            severity: suggestion
        """)
    custom = load_pack(str(path))
    assert custom.headings == pack.headings
    assert custom.focus_areas == pack.focus_areas
    assert custom.plan.focus_areas == pack.plan.focus_areas
    assert custom.check("heading-missing").message == "Vi savner «{heading}»."
    assert custom.check("heading-missing").hint == pack.check("heading-missing").hint
    assert custom.check("heading-missing").severity == "error"
    assert custom.check("priority-unlinked").severity == "suggestion"
    assert custom.check("priority-unlinked").message == pack.check("priority-unlinked").message

    draft = "# Helse\n\n## Innledning\n\nVi bygger på kommuneplanens samfunnsdel.\n"
    report = lint_text(draft, "x.md", rules=custom)
    missing = [f for f in report.findings if f.rule == "heading-missing"]
    assert {f.message for f in missing} == {"Vi savner «Status og utfordringer».", "Vi savner «Prioriteringer».",
                                           "Vi savner «Samarbeid for å nå målene»."}


def test_another_municipalitys_plan_changes_goals_without_python(tmp_path: Path) -> None:
    write(tmp_path, "plan.yaml", """
        name: Samfunnsplan for Fjordvik
        names: [samfunnsplan]
        focus_areas:
          - id: T
            name: Trygg oppvekst
            goals:
              - {id: "4.1", text: Alle barn opplever mestring}
          - id: K
            name: Klimaklok kommune
            vocabulary: [utslipp, elbil]
            goals:
              - {id: "5.1", text: Halverte utslipp}
        """)
    path = write(tmp_path, "fjordvik.yaml", """
        extends: sektorkapittel
        name: fjordvik
        plan: plan.yaml
        """)
    custom = load_pack(str(path))
    assert [a.id for a in custom.focus_areas] == ["T", "K"]
    draft = textwrap.dedent("""\
        # Oppvekst

        ## Innledning

        Vi følger opp samfunnsplanen.

        ## Status og utfordringer

        Elevtallet øker.

        ## Prioriteringer

        ### Trygg oppvekst

        - Leksehjelp på alle skoler (mål 4.1).
        - Skolene kutter klimagassutslippene og kjøper elbiler.

        ### Klimaklok kommune

        - Solceller på skolene (mål 2.1).

        ## Samarbeid for å nå målene

        Vi samarbeider med idrettslagene.
        """)
    report = lint_text(draft, "x.md", rules=custom)
    found = {(f.rule, f.section) for f in report.findings}
    assert ("plan-goal-unknown", "K") in found          # 2.1 was a goal of the default plan only
    assert ("focus-area-misplaced", "T") in found       # by the new plan's vocabulary, in a compound
    assert ("plan-link-missing", None) not in found     # «samfunnsplanen» names this plan
    misplaced = next(f for f in report.findings if f.rule == "focus-area-misplaced")
    assert "«utslipp»" in misplaced.message and "«Klimaklok kommune»" in misplaced.message
    assert report.focus_areas == {"T": "covered", "K": "unlinked"}  # 2.1 links nothing in this plan
