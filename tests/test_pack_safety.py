"""Rule packs cannot hang or exhaust the process: YAML aliases are bounded and every pack
regex runs on RE2 (linear time), with what RE2 cannot run refused at load with file:line."""

from __future__ import annotations

import re
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planvakt.linting.engine import lint_text
from planvakt.linting.errors import RulePackError
from planvakt.linting.rulepack.loader import load_pack
from planvakt.linting.rulepack.patterns import PatternError, compile_pattern
from planvakt.linting.rulepack.yaml_source import load_yaml

sys.path.insert(0, str(Path(__file__).parents[1] / "bench"))
from hostile_inputs import BACKTRACKING, alias_bomb_pack  # noqa: E402

# The built-in citation pattern as it was written for Python's re, and as it is now for RE2.
_PYTHON_CITATION = (r"[Mm](?<![\w-][Mm])[åaÅ][lL](?:et|a|ene)?\s+(?P<ids>\d{1,2}\.\d{1,2}"
                    r"(?:\s*(?:,|og|eller|\+|&)\s*\d{1,2}\.\d{1,2})*)")


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def line_of(path: Path, needle: str) -> int:
    return next(n for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def pack_error(path: Path) -> RulePackError:
    with pytest.raises(RulePackError) as caught:
        load_pack(str(path))
    assert "\n" not in str(caught.value)
    return caught.value


# --- YAML aliases -------------------------------------------------------------------------


def test_an_alias_bomb_is_refused_with_the_line_of_the_alias_that_overflows(tmp_path: Path) -> None:
    path = write(tmp_path, "bombe.yaml", alias_bomb_pack())
    start = time.process_time()
    error = pack_error(path)
    assert time.process_time() - start < 2
    assert "aliasene" in error.message and "10 000" in error.message
    # a list and its nine aliases of the level below: a1…a3 add 18 + 171 + 1,548 values,
    # a4 nine times 1,549 more, and passes the budget there
    assert error.line == line_of(path, "a4:")
    assert str(error).startswith(f"{path}:{error.line}: ")


def test_aliases_that_reuse_a_list_a_few_times_are_fine(tmp_path: Path) -> None:
    path = write(tmp_path, "gjenbruk.yaml", """
        ord: &ord [foreta, gjennomføre, utføre]
        en: *ord
        to: *ord
        """)
    assert load_yaml(path).data["to"] == ["foreta", "gjennomføre", "utføre"]


def test_the_alias_budget_counts_expanded_values_not_alias_uses(tmp_path: Path) -> None:
    items = ", ".join(str(i) for i in range(100))
    path = write(tmp_path, "liste.yaml", f"a: &a [{items}]\n" + "".join(f"b{i}: *a\n" for i in range(50)))
    assert len(load_yaml(path, max_alias_nodes=50 * 101).data) == 51
    with pytest.raises(RulePackError) as caught:
        load_yaml(path, max_alias_nodes=50 * 101 - 1)
    assert caught.value.line == 51  # the fiftieth alias


# --- Regular expressions on RE2 -------------------------------------------------------------


def test_a_backtracking_citation_pattern_runs_in_linear_time(tmp_path: Path) -> None:
    path = write(tmp_path, "tilbakesporing.yaml", f"""
        extends: sektorkapittel
        name: tilbakesporing
        citation:
          pattern: '{BACKTRACKING}'
        """)
    pack = load_pack(str(path))
    draft = "# Oppvekst\n\n## Prioriteringer\n\n- Vi satser på " + "1" * 40 + " tiltak.\n"
    assert re.search(BACKTRACKING, "1" * 18 + "y") is None  # Python's re takes seconds already at 20 digits
    start = time.process_time()
    lint_text(draft, "utkast.md", rules=pack)
    assert time.process_time() - start < 2


@pytest.mark.parametrize("key, pattern, word", [
    ("pattern", r"(?P<ids>\d+\.\d+) \1", "viser tilbake"),
    ("pattern", r"mål (?P<ids>(?=\d)\d+\.\d+)", "se foran/bak"),
    ("goal_id", r"\d+(?!\.)", "se foran/bak"),
], ids=["backreference", "lookahead", "goal-id-lookahead"])
def test_a_pattern_re2_cannot_run_is_refused_at_load(tmp_path: Path, key: str, pattern: str, word: str) -> None:
    path = write(tmp_path, "urunnelig.yaml", f"""
        extends: sektorkapittel
        name: urunnelig
        citation:
          pattern: '{pattern if key == "pattern" else "mål (?P<ids>[0-9.]+)"}'
          goal_id: '{pattern if key == "goal_id" else "[0-9.]+"}'
        """)
    error = pack_error(path)
    assert word in error.message
    assert error.line == line_of(path, f"{key}:")


def test_a_sequence_regex_re2_cannot_run_is_refused_with_its_line(tmp_path: Path) -> None:
    path = write(tmp_path, "sekvens.yaml", """
        extends: sektorkapittel
        name: sekvens
        rules:
          tomme-verb:
            type: sequence
            message: «{match}»
            patterns:
              - [{lemma: foreta}, {regex: "^(?!.*en$)"}]
        """)
    error = pack_error(path)
    assert "se foran/bak" in error.message
    assert error.line == line_of(path, "regex:")


def test_sequence_regex_and_not_regex_match_the_lower_case_form(tmp_path: Path) -> None:
    path = write(tmp_path, "sekvens.yaml", """
        extends: sektorkapittel
        name: sekvens
        rules:
          foreta-ubestemt:
            type: sequence
            message: «{match}»
            patterns:
              - [{lemma: foreta}, {lower: en}, {regex: "^vurd", not_regex: "en$"}]
        """)
    pack = load_pack(str(path))
    draft = ("# Oppvekst\n\n## Innledning\n\nVi skal foreta en vurdering av tilbudet. "
             "Vi skal foreta en vurderingen av tilbudet. Vi skal foreta en kartlegging.\n")
    found = [f.message for f in lint_text(draft, "u.md", rules=pack).findings if f.rule == "foreta-ubestemt"]
    assert found == ["«foreta en vurdering»"]


def test_the_builtin_pack_no_longer_needs_pythons_lookbehind(pack) -> None:
    assert pack.citation.pattern.startswith("(?<![\\w-])")


_CITATION_TEXT = st.text(alphabet=st.sampled_from(list("mMåÅaAlLet ene-,.&+()12 og ølvxæ\n")), max_size=60)


@settings(max_examples=300, deadline=None)
@given(_CITATION_TEXT)
def test_the_re2_citation_pattern_finds_what_pythons_found(pack, text: str) -> None:
    ours = [(m.span(), m.span("ids"), m.group("ids")) for m in pack.citation.finditer(text)]
    python = [(m.span(), m.span("ids"), m.group("ids")) for m in re.finditer(_PYTHON_CITATION, text)]
    assert ours == python
    assert pack.citation.sub(" ", text) == re.sub(_PYTHON_CITATION, " ", text)


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("aøÅæéüÇx_-19. \n\t()«»")), max_size=40),
       st.sampled_from([r"\w+", r"[\w-]+ \d", r"\W", r"x*", r"(?P<a>ø)|(?P<b>\w)-", r"^\s*\w", r"[^\w]+"]))
def test_re2_patterns_give_pythons_character_offsets(text: str, pattern: str) -> None:
    ours = [(m.span(), m.group(0)) for m in compile_pattern(pattern).finditer(text)]
    python = [(m.span(), m.group(0)) for m in re.finditer(pattern, text)]
    assert ours == python


def test_unicode_words_and_a_leading_guard() -> None:
    assert compile_pattern(r"\w+").findall("Grønt samfunn") == ["Grønt", "samfunn"]
    assert compile_pattern(r"(?<!\w)mål").findall("delmål mål småmål") == ["mål"]
    assert compile_pattern(r"(?<=\()mål").findall("mål (mål") == ["mål"]
    assert compile_pattern(r"ø").fullmatch("ø") is not None
    with pytest.raises(PatternError):
        compile_pattern(r"mål(?<!x)")  # a guard anywhere but first is lookaround RE2 cannot run
