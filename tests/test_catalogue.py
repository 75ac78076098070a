"""The rule catalogue: one RuleInfo shape for checks and YAML rules, read by every consumer;
load-time refusal of wording and settings a check does not have; the HØP priorities in
the lint context; the generated schema and docs."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from planvakt.bot.core import answers
from planvakt.bot.core.linter import Linter
from planvakt.linting.catalogue import builtin_checks, catalogue
from planvakt.linting.checks import REGISTRY
from planvakt.linting.cli import main
from planvakt.linting.engine import lint_text
from planvakt.linting.errors import RulePackError
from planvakt.linting.golden.config import golden_config
from planvakt.linting.golden.context import chapter_pack, read_chapters
from planvakt.linting.report.model import SEVERITY_ORDER, Severity
from planvakt.linting.rule_info import CHECK, RuleInfo
from planvakt.linting.rulepack.loader import load_pack
from planvakt.linting.suggest import closest, did_you_mean

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "rules"


def _pack(tmp_path: Path, checks: str) -> Path:
    path = tmp_path / "pakke.yaml"
    path.write_text(f"extends: sektorkapittel\nname: pakke\nchecks:\n{checks}", encoding="utf-8")
    return path


# --- one shape ---------------------------------------------------------------------------------


def test_checks_and_rules_share_one_shape() -> None:
    rules = catalogue(load_pack())
    kinds = {info.kind for info in rules}
    assert CHECK in kinds and {"existence", "substitution", "occurrence", "metric", "sequence"} <= kinds
    assert all(isinstance(info, RuleInfo) and info.summary and info.explanation.what for info in rules)
    assert rules.ids[:len(REGISTRY)] == list(REGISTRY)  # checks first, in registration order
    chancery = rules.get("chancery")
    assert chancery is not None and chancery.pack == "klarsprak" and chancery.severity is Severity.WARNING
    assert "suggestion" in chancery.fields and chancery.link.startswith("https://")
    wording = rules.get("heading-wording")
    assert wording is not None and wording.pack == "planvakt" and wording.severity is Severity.SUGGESTION
    assert [option.name for option in wording.options] == ["flag", "typo_similarity"]
    assert wording.option("typo_similarity").default == 85 and wording.settings["typo_similarity"] == 85
    assert set(wording.variants) == {"typo", "alias", "case", "numbering"}
    # every check says how to fix what it finds
    assert all(info.explanation.fix for info in builtin_checks().values())


def test_the_catalogue_follows_the_pack() -> None:
    plan = catalogue(load_pack("virksomhetsplan"))
    assert not plan.get("priority-unlinked").enabled           # switched off there
    assert plan.get("unit-priority-unlinked").enabled          # opt-in, switched on there
    assert not catalogue(load_pack()).get("unit-priority-unlinked").enabled


def test_one_severity_type() -> None:
    assert [s.value for s in sorted(Severity, key=lambda s: s.rank)] == ["error", "warning", "suggestion"]
    assert [s.label for s in Severity] == ["feil", "advarsel", "forslag"]
    assert [s.sarif for s in Severity] == ["error", "warning", "note"]
    assert [s.github for s in Severity] == ["error", "warning", "notice"]
    assert SEVERITY_ORDER == {"error": 0, "warning": 1, "suggestion": 2}
    assert json.dumps({"severity": Severity.ERROR}) == '{"severity": "error"}'


def test_one_did_you_mean_helper() -> None:
    assert closest("heading-mising", ["heading-missing", "heading-order"]) == "heading-missing"
    assert did_you_mean("heding", ["heading", "level"], shown=lambda f: "{" + f + "}") == " Mente du «{heading}»?"
    assert did_you_mean("xyz", ["heading"], otherwise=" Bruk en av: heading.") == " Bruk en av: heading."


# --- the consumers --------------------------------------------------------------------------------


def test_regler_lists_exactly_the_rules_that_run() -> None:
    pack = load_pack("virksomhetsplan")
    text = answers.rules_text(pack, asyncio.run(_running(pack)))
    running = catalogue(pack).running()
    assert all(f"• {info.summary} ({info.severity.label})" in text for info in running)
    assert catalogue(pack).get("chancery").summary in text                    # klarspråk is listed
    assert catalogue(pack).get("priority-unlinked").summary not in text       # switched off: not listed
    assert catalogue(pack).get("report-status-missing").summary not in text   # opt-in, not chosen
    assert text.count("\n• ") == len(running)


async def _running(pack) -> list[RuleInfo]:  # type: ignore[no-untyped-def]
    linter = Linter(pack)
    try:
        return await linter.running_rules()
    finally:
        linter.close()


def test_sarif_takes_the_rules_from_the_report_not_the_registry() -> None:
    code = ("import sys, planvakt.linting.report.sarif, planvakt.linting.report.formats; "
            "print(any(name.startswith('planvakt.linting.checks') for name in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_sarif_and_json_describe_the_rules(capsys) -> None:
    draft = str(FIXTURES / "kommentar-og-underoverskrift.md")
    assert main(["check", draft, "--format", "sarif"]) == 0
    driver = json.loads(capsys.readouterr().out)["runs"][0]["tool"]["driver"]
    rules = {rule["id"]: rule for rule in driver["rules"]}
    assert set(catalogue(load_pack()).ids) <= set(rules)
    assert rules["subheading-unexpected"]["fullDescription"]["text"].startswith("Sektoren kan legge til")
    assert rules["lix"]["properties"] == {"kind": "metric", "pack": "klarsprak", "tags": ["språk", "metric"]}
    assert rules["hop-link-missing"]["defaultConfiguration"]["enabled"] is False
    assert main(["check", draft, "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    found = {finding["rule"] for finding in data["files"][0]["findings"]}
    assert set(data["rules"]) == found
    assert data["rules"]["chancery"]["pack"] == "klarsprak" and data["rules"]["chancery"]["kind"] == "substitution"


def test_explain_reads_the_catalogue(capsys) -> None:
    assert main(["explain", "focus-area-misplaced"]) == 0
    out = capsys.readouterr().out
    assert "Felt i meldingen: {goal}, {target}, {area}, {terms}" in out and "min_vocabulary_hits: 2" in out
    assert main(["explain", "subheading-unexpected"]) == 0
    assert "I regelpakken sektorkapittel: forslag." in capsys.readouterr().out


def test_an_opt_out_naming_an_unknown_rule_is_found_from_the_catalogue() -> None:
    report = lint_text("# Kultur\n\n## Innledning\n\n<!-- planvakt-disable lxi -->\nTekst her.\n", "k.md")
    unknown = [f for f in report.findings if f.rule == "disable-unknown-rule"]
    assert len(unknown) == 1 and unknown[0].hint == "Mente du «lix»?"


# --- refused at load, with file:line ------------------------------------------------------------


@pytest.mark.parametrize(("checks", "line", "words"), [
    ("  heading-missing:\n    message: Overskriften «{heding}» mangler.\n", 5,
     ["ukjent felt «{heding}»", "Mente du «{heading}»?"]),
    ("  heading-order:\n    variants:\n      lat:\n        message: «{heading}» står sent.\n", 6,
     ["ukjent variant «lat»", "late, outside", "Mente du «late»?"]),
    ("  section-empty:\n    variants:\n      late:\n        message: x\n", 6,
     ["ukjent variant «late»", "ingen varianter"]),
    ("  heading-missing:\n    min_vocabulary_hits: 3\n", 5,
     ["ukjent nøkkel «min_vocabulary_hits»", "innstilling for focus-area-misplaced"]),
    ("  heading-wording:\n    typo_similarty: 80\n", 5, ["Mente du «typo_similarity»?"]),
    ("  focus-area-empty:\n    variants:\n      nothing:\n        hint: Se «{area_hnt}».\n", 7,
     ["ukjent felt «{area_hnt}»", "Mente du «{area}»?"]),
])
def test_wording_and_settings_a_check_does_not_have_are_refused(tmp_path: Path, checks: str, line: int,
                                                                 words: list[str], capsys) -> None:
    path = _pack(tmp_path, checks)
    with pytest.raises(RulePackError) as raised:
        load_pack(str(path))
    assert raised.value.path == str(path) and raised.value.line == line, raised.value
    assert all(word in raised.value.message for word in words), raised.value.message
    # and `planvakt rules validate` says the same, as file:line
    assert main(["rules", "validate", str(path)]) == 2
    assert f"{path}:{line}:" in capsys.readouterr().err


def test_the_builtin_packs_use_only_fields_their_checks_have() -> None:
    for name in ("sektorkapittel", "virksomhetsplan", "arsrapport"):
        pack = load_pack(name)
        fields = {info.id: set(info.fields) for info in builtin_checks().values()}
        for rule_id, config in pack.checks.items():
            for text in [config.message, config.hint, *(v.get(k, "") for v in config.variants.values()
                                                       for k in ("message", "hint"))]:
                names = {part.split("}")[0] for part in text.split("{")[1:]}
                assert names <= fields[rule_id], (name, rule_id, names - fields[rule_id])


# --- allow_subheadings ------------------------------------------------------------------------------


def test_own_subheadings_only_where_the_guide_allows_them() -> None:
    report = lint_text((FIXTURES / "kommentar-og-underoverskrift.md").read_text(encoding="utf-8"), "k.md")
    found = [f for f in report.findings if f.rule == "subheading-unexpected"]
    assert [(f.line, f.section, f.severity) for f in found] == [(7, "innledning", "suggestion")]
    assert "«Om sektoren»" in found[0].message and "«Status og utfordringer»" in found[0].hint
    allowed = (ROOT / "tests" / "fixtures" / "drafts" / "status-med-underoverskrifter.md").read_text(encoding="utf-8")
    assert not [f for f in lint_text(allowed, "s.md").findings if f.rule == "subheading-unexpected"]


def test_no_heading_allows_subheadings_says_so(tmp_path: Path) -> None:
    path = tmp_path / "streng.yaml"
    path.write_text("extends: sektorkapittel\nname: streng\nheadings:\n"
                    "  - {id: innledning, text: Innledning, level: 2}\n"
                    "  - {id: status, text: Status og utfordringer, level: 2}\n", encoding="utf-8")
    text = "# Kultur\n\n## Innledning\n\nTekst.\n\n## Status og utfordringer\n\n### Økonomi\n\nTall.\n"
    found = [f for f in lint_text(text, "k.md", rules=str(path)).findings if f.rule == "subheading-unexpected"]
    assert [(f.line, f.section) for f in found] == [(9, "status")]
    assert found[0].hint.startswith("Guiden åpner ikke for egne underoverskrifter")


# --- context, not config --------------------------------------------------------------------------


def test_hop_priorities_travel_in_the_context_and_the_pack_is_untouched() -> None:
    pack = load_pack("arsrapport")
    data_before = json.dumps(pack.data, sort_keys=True, default=str)
    chapters, errors = read_chapters(sorted((ROOT / "examples" / "hop").glob("*.md")), chapter_pack(pack))
    assert not errors
    text = (FIXTURES / "arsrapport-uten-status.md").read_text(encoding="utf-8")
    with_hop = lint_text(text, "a.md", rules=pack, hop_priorities=chapters)
    without = lint_text(text, "a.md", rules=pack)
    assert any(f.rule == "report-priority-unanswered" for f in with_hop.findings)
    assert not any(f.rule == "report-priority-unanswered" for f in without.findings)
    assert json.dumps(pack.data, sort_keys=True, default=str) == data_before   # nothing was put in the pack
    # the planted defects are found
    rules = {(f.rule, f.line) for f in with_hop.findings}
    assert {("report-explanation-missing", 11), ("report-status-missing", 12), ("report-answer-unmatched", 13),
            ("hop-link-missing", 3)} <= rules


def test_golden_settings_are_parsed_once_into_the_pack() -> None:
    pack = load_pack("virksomhetsplan")
    assert golden_config(pack) is pack.golden is golden_config(pack)
    assert pack.golden.role == "plan" and "virksomhet" in pack.golden.matching.stopwords
    assert load_pack().golden.role == "chapter"


def test_prepared_rules_live_with_their_pack(tmp_path: Path) -> None:
    from planvakt.linting.rule_types import runner

    path = tmp_path / "egen.yaml"
    path.write_text("extends: sektorkapittel\nname: egen\n", encoding="utf-8")
    pack = load_pack(str(path))
    lint_text("# Kultur\n\n## Innledning\n\nVi vurderer skolene samt barnehagene.\n", "k.md", rules=pack)
    assert pack in runner._CACHE and set(runner._CACHE[pack]) == {"nb"}
    reference = weakref.ref(pack)
    from planvakt.linting.rulepack import loader

    loader._PACKS.clear()
    del pack
    import gc

    gc.collect()
    assert reference() is None   # the cache keeps no pack alive


# --- generated artefacts are current -----------------------------------------------------------------


def test_the_checks_schema_is_generated_from_the_catalogue() -> None:
    from planvakt.linting.rule_types.schema import SCHEMA_PATH, render, updated

    text = SCHEMA_PATH.read_text(encoding="utf-8")
    assert render(updated(json.loads(text))) == text, "run: python -m planvakt.linting.rule_types.schema"
    schema = json.loads(text)
    assert "check" not in schema["$defs"]   # no hand-written catch-all any more
    for info in builtin_checks().values():
        definition = schema["$defs"][f"check-{info.id}"]
        assert definition["x-fields"] == list(info.fields)
        assert definition["properties"]["variants"]["propertyNames"]["enum"] == list(info.variants)
        assert {o.name for o in info.options} <= set(definition["properties"])


@pytest.mark.slow
def test_the_rule_docs_are_current() -> None:
    result = subprocess.run([sys.executable, "-m", "planvakt.linting.rule_docs", "--check"], capture_output=True,
                            text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 0, result.stderr
    packs = ("sektorkapittel", "virksomhetsplan", "arsrapport")
    ids = {info.id for name in packs for info in catalogue(load_pack(name))}
    pages = {path.stem for path in (ROOT / "docs" / "rules").glob("*.md")} - {"README"}
    assert pages == ids
    without_example = [rule_id for rule_id in ids
                       if "From " not in (ROOT / "docs" / "rules" / f"{rule_id}.md").read_text(encoding="utf-8")]
    assert without_example == []
