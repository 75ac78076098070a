"""`planvakt` on the command line: exit codes, formats, stdin, directories and errors that
are one line naming the file. In-process through ``planvakt.linting.cli.main`` (fast), and a few
runs as a real subprocess (what CI and writers run)."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import jsonschema
import pytest
import yaml

from planvakt.linting.cli import main

DRAFTS = Path(__file__).parent / "fixtures" / "drafts"
COMPLETE = DRAFTS / "helse-komplett.md"            # nothing to fix
UNFINISHED = DRAFTS / "nynorsk-utkast.md"          # errors
WARNINGS_ONLY = DRAFTS / "feil-omrade-mal.md"       # two warnings, no errors
SUGGESTIONS_ONLY = DRAFTS / "ordlyd-alias.md"       # four suggestions

# The JSON report contract of issue 2, item 7 (fields may be added, never removed).
_STATUS = {"sections": ["ok", "missing", "empty"], "focus_areas": ["covered", "unlinked", "empty", "missing"]}
REPORT_SCHEMA = {
    "type": "object",
    "required": ["version", "files"],
    "properties": {
        "version": {"const": 1},
        "files": {"type": "array", "items": {
            "type": "object",
            "required": ["path", "ruleset", "language", "stats", "summary", "findings"],
            "properties": {
                "path": {"type": "string", "minLength": 1},
                "ruleset": {"type": "string", "minLength": 1},
                "language": {"enum": ["nb", "nn"]},
                "stats": {"type": "object", "required": ["words", "sentences"], "properties": {
                    "words": {"type": "integer", "minimum": 0}, "sentences": {"type": "integer", "minimum": 0}}},
                "summary": {
                    "type": "object",
                    "required": ["errors", "warnings", "suggestions", "sections", "focus_areas", "plan_link",
                                 "progress"],
                    "properties": {
                        "errors": {"type": "integer", "minimum": 0},
                        "warnings": {"type": "integer", "minimum": 0},
                        "suggestions": {"type": "integer", "minimum": 0},
                        "sections": {"type": "object", "additionalProperties": {"enum": _STATUS["sections"]}},
                        "focus_areas": {"type": "object",
                                        "additionalProperties": {"enum": _STATUS["focus_areas"]}},
                        "plan_link": {"enum": ["ok", "missing"]},
                        "progress": {"type": "object", "required": ["done", "total"], "properties": {
                            "done": {"type": "integer", "minimum": 0}, "total": {"type": "integer", "minimum": 1}}},
                    },
                },
                "findings": {"type": "array", "items": {
                    "type": "object",
                    "required": ["rule", "severity", "message", "line", "column", "section", "hint"],
                    "properties": {
                        "rule": {"type": "string", "pattern": "^[a-z][a-z0-9-]*$"},
                        "severity": {"enum": ["error", "warning", "suggestion"]},
                        "message": {"type": "string", "minLength": 1},
                        "line": {"type": "integer", "minimum": 1},
                        "column": {"type": "integer", "minimum": 1},
                        "section": {"type": ["string", "null"]},
                        "hint": {"type": "string"},
                    },
                }},
            },
        }},
        "errors": {"type": "array", "minItems": 1, "items": {
            "type": "object", "required": ["path", "error"],
            "properties": {"path": {"type": "string"}, "error": {"type": "string", "minLength": 1}}}},
    },
}


def check_report(data: dict) -> None:
    """The JSON contract, and that its parts agree with each other."""
    jsonschema.validate(data, REPORT_SCHEMA)
    for file in data["files"]:
        summary = file["summary"]
        for severity, key in (("error", "errors"), ("warning", "warnings"), ("suggestion", "suggestions")):
            assert summary[key] == sum(1 for f in file["findings"] if f["severity"] == severity)
        assert set(summary["sections"]) == {"innledning", "status", "prioriteringer", "samarbeid"}
        assert summary["progress"]["done"] <= summary["progress"]["total"]


def run(argv: list[str], capsys, monkeypatch=None, stdin: bytes | None = None) -> tuple[int, str, str]:
    """``planvakt ARGV`` in-process: (exit code, stdout, stderr)."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    try:
        code = main(argv)
    except SystemExit as exit:  # argparse: usage errors and --help/--version
        code = exit.code if isinstance(exit.code, int) else 2
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_clean_error(stderr: str, *names: str) -> None:
    """One line per failed file, naming it, and never a traceback."""
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == len(names), stderr
    for line, name in zip(lines, names):
        assert line.startswith("planvakt: ") and name in line, line


# --- Exit codes --------------------------------------------------------------------------


@pytest.mark.parametrize("draft, code", [
    (COMPLETE, 0), (UNFINISHED, 1), (WARNINGS_ONLY, 0), (SUGGESTIONS_ONLY, 0)])
def test_exit_code_is_1_only_for_errors(capsys, draft: Path, code: int) -> None:
    status, out, err = run(["check", str(draft)], capsys)
    assert status == code
    assert err == ""


def test_several_files_exit_with_the_worst(capsys) -> None:
    assert run(["check", str(COMPLETE), str(UNFINISHED)], capsys)[0] == 1
    assert run(["check", str(COMPLETE), str(WARNINGS_ONLY)], capsys)[0] == 0


# --- Text format ---------------------------------------------------------------------------


def test_text_format_checklist_progress_and_grouped_findings(capsys) -> None:
    status, out, _ = run(["check", str(UNFINISHED), "--color", "never"], capsys)
    assert status == 1
    assert "\x1b[" not in out
    assert "Fremdrift: 5/8" in out and "nynorsk" in out
    checklist = [line.strip() for line in out.splitlines() if line.strip().startswith(("✅", "❌"))]
    assert checklist == ["✅ Innledning", "❌ Status og utfordringer  (mangler)", "✅ Prioriteringer",
                         "✅ Godt liv for alle", "❌ Grønt samfunn  (tom)", "✅ Regional vekst",
                         "✅ Samarbeid for å nå målene", "❌ Kobling til samfunnsdelen  (mangler)"]
    located = re.findall(rf"^  {re.escape(str(UNFINISHED))}:(\d+):(\d+): (feil|advarsel|forslag): .+ \[([a-z-]+)\]$",
                         out, re.M)
    assert sorted((int(line), rule) for line, _, _, rule in located) == [
        (3, "plan-link-missing"), (8, "heading-missing"), (15, "focus-area-empty"), (21, "plan-goal-unknown")]
    assert ("21", "61") in {(line, column) for line, column, _, _ in located}
    # grouped by section, in the checklist's order: the heading of each group precedes its findings
    order = [out.index(label + "\n") for label in ("\nInnledning", "\nStatus og utfordringer",
                                                   "\nGrønt samfunn", "\nRegional vekst")]
    assert order == sorted(order)
    assert "→ " in out  # every finding has its hint
    assert out.rstrip().endswith("4 feil, 0 advarsler, 0 forslag.")


def test_text_format_for_a_clean_chapter(capsys) -> None:
    status, out, _ = run(["check", str(COMPLETE)], capsys)
    assert status == 0
    assert "Fremdrift: 8/8" in out and "❌" not in out
    assert "ingen funn" in out


def test_colour_only_when_asked_or_on_a_terminal(capsys, monkeypatch) -> None:
    assert "\x1b[31m" in run(["check", str(UNFINISHED), "--color", "always"], capsys)[1]
    assert "\x1b[" not in run(["check", str(UNFINISHED)], capsys)[1]  # captured: not a terminal


# --- JSON, SARIF, GitHub ---------------------------------------------------------------------


def test_json_report_follows_the_contract(capsys) -> None:
    status, out, _ = run(["check", str(UNFINISHED), str(COMPLETE), "--format", "json"], capsys)
    assert status == 1
    data = json.loads(out)
    check_report(data)
    assert [f["path"] for f in data["files"]] == [str(UNFINISHED), str(COMPLETE)]
    unfinished, complete = data["files"]
    assert unfinished["language"] == "nn" and unfinished["ruleset"] == "sektorkapittel"
    assert unfinished["summary"]["sections"]["status"] == "missing"
    assert unfinished["summary"]["focus_areas"] == {"S1": "covered", "S2": "empty", "S3": "covered"}
    assert unfinished["summary"]["plan_link"] == "missing"
    assert complete["findings"] == [] and complete["summary"]["progress"] == {"done": 8, "total": 8}
    assert complete["stats"]["words"] > 100 and complete["stats"]["sentences"] > 5
    assert "errors" not in data


def test_json_report_lists_files_that_could_not_be_checked(capsys, tmp_path: Path) -> None:
    empty = tmp_path / "tom.md"
    empty.write_bytes(b"")
    status, out, err = run(["check", str(COMPLETE), str(empty), "--format", "json"], capsys)
    assert status == 2
    data = json.loads(out)
    check_report(data)
    assert [f["path"] for f in data["files"]] == [str(COMPLETE)]
    assert data["errors"] == [{"path": str(empty), "error": "filen er tom"}]
    assert_clean_error(err, str(empty))


def test_sarif_2_1_0(capsys, tmp_path: Path) -> None:
    broken = tmp_path / "ødelagt.docx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    status, out, _ = run(["check", str(UNFINISHED), str(COMPLETE), str(broken), "--format", "sarif"], capsys)
    assert status == 2
    log = json.loads(out)
    assert log["version"] == "2.1.0"
    assert "sarif" in log["$schema"] and log["$schema"].endswith(".json")
    assert len(log["runs"]) == 1
    sarif_run = log["runs"][0]
    driver = sarif_run["tool"]["driver"]
    assert driver["name"] == "planvakt" and isinstance(driver.get("version"), str)
    ids = [rule["id"] for rule in driver["rules"]]
    assert len(ids) == len(set(ids)) and "heading-missing" in ids
    for rule in driver["rules"]:
        assert rule["shortDescription"]["text"]
        assert rule["defaultConfiguration"]["level"] in ("error", "warning", "note", "none")
    results = sarif_run["results"]
    expected = json.loads(run(["check", str(UNFINISHED), "--format", "json"], capsys)[1])["files"][0]["findings"]
    assert len(results) == len(expected)
    levels = {"error": "error", "warning": "warning", "suggestion": "note"}
    for result, finding in zip(results, expected):
        assert result["ruleId"] == finding["rule"]
        assert ids[result["ruleIndex"]] == result["ruleId"]
        assert result["level"] == levels[finding["severity"]]
        assert result["message"]["text"].startswith(finding["message"])
        location = result["locations"][0]["physicalLocation"]
        assert location["artifactLocation"]["uri"] == UNFINISHED.as_posix()
        assert location["region"]["startLine"] == finding["line"]
        assert location["region"]["startColumn"] == finding["column"]
    invocation = sarif_run["invocations"][0]
    assert invocation["executionSuccessful"] is False
    notes = invocation["toolExecutionNotifications"]
    assert len(notes) == 1 and notes[0]["message"]["text"]
    assert notes[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].endswith("ødelagt.docx")


def test_github_annotations(capsys, tmp_path: Path) -> None:
    odd = tmp_path / "utkast, versjon 2.md"  # a comma in a property must be escaped
    odd.write_bytes(UNFINISHED.read_bytes())
    status, out, _ = run(["check", str(odd), "--format", "github"], capsys)
    assert status == 1
    lines = out.strip().splitlines()
    pattern = re.compile(r"^::(error|warning|notice) file=([^,]+),line=(\d+),col=(\d+),title=planvakt ([a-z-]+)::(.+)$")
    parsed = [pattern.match(line) for line in lines]
    assert all(parsed), lines
    assert {m.group(2) for m in parsed} == {str(odd).replace(",", "%2C").replace(":", "%3A")}
    assert sorted((int(m.group(3)), m.group(5)) for m in parsed) == [
        (3, "plan-link-missing"), (8, "heading-missing"), (15, "focus-area-empty"), (21, "plan-goal-unknown")]
    assert {m.group(1) for m in parsed} == {"error"}


# --- stdin -----------------------------------------------------------------------------------


def test_stdin(capsys, monkeypatch) -> None:
    status, out, err = run(["check", "-", "--format", "json"], capsys, monkeypatch, stdin=UNFINISHED.read_bytes())
    assert status == 1 and err == ""
    data = json.loads(out)
    check_report(data)
    assert data["files"][0]["path"] == "-" and data["files"][0]["source"] == "markdown"
    assert len(data["files"][0]["findings"]) == 4


def test_stdin_slack_paste_and_empty_stdin(capsys, monkeypatch) -> None:
    paste = (DRAFTS / "slack-ren.txt").read_bytes()
    assert run(["check", "-"], capsys, monkeypatch, stdin=paste)[0] == 0
    status, out, err = run(["check", "-"], capsys, monkeypatch, stdin=b"")
    assert status == 2
    assert_clean_error(err, "-")


# --- Files that cannot be checked --------------------------------------------------------------


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    (tmp_path / "tom.md").write_bytes(b"")
    (tmp_path / "blanke.txt").write_bytes(b"\n \r\n\t\n")
    (tmp_path / "tilfeldig.docx").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "gammel.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100)
    (tmp_path / "bilde.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "tom-mappe").mkdir()
    return {
        "empty": tmp_path / "tom.md",
        "blank": tmp_path / "blanke.txt",
        "random .docx": tmp_path / "tilfeldig.docx",
        ".doc": tmp_path / "gammel.doc",
        "binary .txt": tmp_path / "bilde.txt",
        "missing": tmp_path / "finnes-ikke.md",
        "empty folder": tmp_path / "tom-mappe",
    }


@pytest.mark.parametrize("case", ["empty", "blank", "random .docx", ".doc", "binary .txt", "missing",
                                  "empty folder"])
def test_unreadable_input_is_one_line_naming_the_file(capsys, tmp_path: Path, case: str) -> None:
    path = _bad_inputs(tmp_path)[case]
    status, out, err = run(["check", str(path)], capsys)
    assert status == 2
    assert_clean_error(err, str(path))


def test_other_files_are_still_checked(capsys, tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    status, out, err = run(["check", str(bad["random .docx"]), str(COMPLETE), str(bad["missing"])], capsys)
    assert status == 2
    assert str(COMPLETE) in out and "Fremdrift: 8/8" in out
    assert_clean_error(err, str(bad["random .docx"]), str(bad["missing"]))


def test_bad_rule_pack(capsys, tmp_path: Path) -> None:
    pack = tmp_path / "pakke.yaml"
    pack.write_text("extends: sektorkapittel\nname: pakke\nchecks:\n  heading-missing:\n    severty: error\n",
                    encoding="utf-8")
    status, out, err = run(["check", str(COMPLETE), "--rules", str(pack)], capsys)
    assert status == 2 and out == ""
    assert_clean_error(err, f"{pack}:5")
    assert "Mente du «severity»?" in err
    status, _, err = run(["check", str(COMPLETE), "--rules", "sektorkapitel"], capsys)
    assert status == 2
    assert_clean_error(err, "sektorkapitel")


def test_wrong_usage_exits_2_with_one_norwegian_line(capsys) -> None:
    code, _, err = run(["check"], capsys)
    assert code == 2 and err == "planvakt check: mangler STI (se «planvakt check --help»)\n"
    code, _, err = run(["check", str(COMPLETE), "--format", "xml"], capsys)
    assert code == 2 and err.startswith("planvakt check: --format kan ikke være 'xml'; velg blant 'github'")
    assert err.count("\n") == 1 and "usage" not in err
    assert run([], capsys)[0] == 2
    assert run(["finnes-ikke"], capsys)[0] == 2


# --- Folders and Word files --------------------------------------------------------------------


def test_directory_expansion(capsys, tmp_path: Path) -> None:
    from docx_factory import docx_from_markdown

    shutil.copy(COMPLETE, tmp_path / "b-helse.md")
    (tmp_path / "sub").mkdir()
    shutil.copy(DRAFTS / "slack-ren.txt", tmp_path / "sub" / "a-slack.txt")
    (tmp_path / "c-word.docx").write_bytes(docx_from_markdown(COMPLETE.read_text(encoding="utf-8")))
    (tmp_path / "~$c-word.docx").write_bytes(b"\x00lock")           # Word's lock file
    (tmp_path / "vedlegg.pdf").write_bytes(b"%PDF-1.7")
    (tmp_path / "notater.yaml").write_text("a: 1\n", encoding="utf-8")
    status, out, err = run(["check", str(tmp_path), "--format", "json"], capsys)
    assert err == ""
    data = json.loads(out)
    check_report(data)
    assert [Path(f["path"]).relative_to(tmp_path).as_posix() for f in data["files"]] == [
        "b-helse.md", "c-word.docx", "sub/a-slack.txt"]
    assert [f["source"] for f in data["files"]] == ["markdown", "docx", "text"]
    assert status == 0, [f["findings"] for f in data["files"]]


def test_word_file_findings_are_paragraph_numbers(capsys, tmp_path: Path) -> None:
    from docx_factory import DocxBuilder

    draft = tmp_path / "utkast.docx"
    draft.write_bytes(
        DocxBuilder().heading("Helse og velferd", 1)                       # 1
        .heading("Innledning", 2)                                           # 2
        .paragraph("Vi har ansvar for sykehjem.")                           # 3
        .heading("Prioriteringer", 2)                                       # 4
        .heading("Godt liv for alle", 3)                                    # 5
        .bullet("Vi bygger ut hverdagsrehabilitering (mål 1.2).")           # 6
        .heading("Grønt samfunn", 3)                                        # 7
        .bullet("Elbiler i hjemmetjenesten (mål 2.9).")                     # 8
        .heading("Regional vekst", 3)                                       # 9
        .bullet("Lærlinger i helsefag (mål 3.3).")                          # 10
        .heading("Samarbeid for å nå målene", 2)                            # 11
        .paragraph("Vi samarbeider med frivillige.")                        # 12
        .to_bytes())
    status, out, _ = run(["check", str(draft), "--format", "json"], capsys)
    assert status == 1
    file = json.loads(out)["files"][0]
    assert file["source"] == "docx"
    assert sorted((f["rule"], f["line"], f["section"]) for f in file["findings"]) == [
        ("heading-missing", 4, "status"), ("plan-goal-unknown", 8, "S2"), ("plan-link-missing", 2, "innledning")]
    text = run(["check", str(draft)], capsys)[1]
    assert "avsnitt" in text


# --- Other commands ------------------------------------------------------------------------------


def test_rules_and_explain_commands(capsys, tmp_path: Path) -> None:
    status, out, _ = run(["rules", "list"], capsys)
    assert status == 0 and "sektorkapittel" in out
    status, out, _ = run(["rules", "show"], capsys)
    assert status == 0
    shown = yaml.safe_load(out)
    assert shown["name"] == "sektorkapittel" and shown["headings"][0]["id"] == "innledning"
    status, out, _ = run(["rules", "validate", "sektorkapittel"], capsys)
    assert status == 0 and "✅" in out
    bad = tmp_path / "feil.yaml"
    bad.write_text("extends: sektorkapittel\nname: Feil Navn\n", encoding="utf-8")
    status, out, err = run(["rules", "validate", "sektorkapittel", str(bad)], capsys)
    assert status == 2 and "✅" in out and f"{bad}:2" in err and "Traceback" not in err
    status, out, _ = run(["rules", "schema"], capsys)
    assert status == 0 and Path(out.strip()).is_file()
    status, out, _ = run(["explain", "heading-wording"], capsys)
    assert status == 0 and "heading-wording" in out and "forslag" in out
    status, out, err = run(["explain", "heading-mising"], capsys)
    assert status == 2 and "Mente du «heading-missing»?" in err and len(err.strip().splitlines()) == 1
    status, out, _ = run(["explain"], capsys)
    assert status == 0 and all(rule in out for rule in ("heading-missing", "priority-unlinked"))


# --- As a real process ---------------------------------------------------------------------------


def planvakt(*args: str, stdin: bytes | None = None, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "planvakt.linting", *args], input=stdin, capture_output=True,
                          timeout=timeout, check=False)


def test_subprocess_exit_codes_formats_and_stdin(tmp_path: Path) -> None:
    clean = planvakt("check", str(COMPLETE))
    assert clean.returncode == 0 and clean.stderr == b""
    assert "8/8" in clean.stdout.decode()
    report = planvakt("check", "-", "--format", "json", stdin=UNFINISHED.read_bytes())
    assert report.returncode == 1 and report.stderr == b""
    check_report(json.loads(report.stdout))
    sarif = planvakt("check", str(UNFINISHED), "--format", "sarif")
    assert sarif.returncode == 1 and json.loads(sarif.stdout)["version"] == "2.1.0"


def test_subprocess_errors_have_no_traceback(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    result = planvakt("check", str(bad["random .docx"]), str(bad["empty"]), str(bad["missing"]))
    assert result.returncode == 2
    assert_clean_error(result.stderr.decode(), str(bad["random .docx"]), str(bad["empty"]), str(bad["missing"]))


def test_five_megabyte_paste(tmp_path: Path) -> None:
    chapter = COMPLETE.read_bytes()
    paste = (chapter * (5 * 1024 * 1024 // len(chapter) + 1))[: 5 * 1024 * 1024]
    started = time.perf_counter()
    result = planvakt("check", "-", stdin=paste, timeout=60)
    elapsed = time.perf_counter() - started
    assert result.returncode == 2, result.stdout[-500:]
    assert_clean_error(result.stderr.decode(), "-")
    assert "for lang" in result.stderr.decode()
    assert elapsed < 20
    # the same as a file on disk
    path = tmp_path / "stort.md"
    path.write_bytes(paste)
    result = planvakt("check", str(path), timeout=60)
    assert result.returncode == 2
    assert_clean_error(result.stderr.decode(), str(path))
