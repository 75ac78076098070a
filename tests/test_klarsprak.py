"""Klarspråk: the rule types declared in YAML, the default klarsprak rule set, opt-outs,
replacements (--diff/--write) and the errors a pack author gets."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from planvakt.linting.engine import lint_path, lint_text
from planvakt.linting.errors import RulePackError
from planvakt.linting.report.model import FileReport, Finding
from planvakt.linting.rulepack.loader import builtin_packs, load_pack

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT.parent / "shared" / "samples"
PACKS = Path(__file__).parent / "klarsprak" / "packs"
KLARSPRAK = {"sentence-length", "lix", "passive", "noun-heavy", "chancery", "vague", "impersonal"}


def klarsprak(report: FileReport) -> list[Finding]:
    return [f for f in report.findings if f.rule in KLARSPRAK]


def body(text: str, *, title: str = "Oppvekst og utdanning", language: str | None = None,
         rules: str = "sektorkapittel") -> FileReport:
    """``text`` as the introduction of a chapter."""
    from planvakt.linting.engine import lint_document
    from planvakt.linting.readers import read_string

    document = read_string(f"# {title}\n\n## Innledning\n\n{text}\n", "utkast.md", markdown=True)
    return lint_document(document, load_pack(rules), language=language)


def flagged(report: FileReport, source: str, rule: str | None = None) -> list[tuple[str, str]]:
    """(rule, the words each finding points at) — `source` is the draft's text."""
    lines = source.split("\n")
    found = []
    for finding in klarsprak(report):
        if rule and finding.rule != rule:
            continue
        line = lines[finding.line - 1]
        end = finding.end_column or len(line) + 1
        found.append((finding.rule, line[finding.column - 1:end - 1]))
    return found


def words_of(text: str, rule: str, **kwargs: str) -> list[str]:
    report = body(text, **kwargs)
    source = f"# {kwargs.get('title', 'Oppvekst og utdanning')}\n\n## Innledning\n\n{text}\n"
    return [words for _, words in flagged(report, source, rule)]


# --- the shared samples (the "Done when") -------------------------------------


@pytest.fixture(scope="module")
def samples() -> Path:
    if not SAMPLES.is_dir():
        pytest.skip(f"the shared samples are not beside the repository (looked in {SAMPLES})")
    return SAMPLES


def test_draft_introduction_is_flagged_for_every_plain_language_problem(samples: Path) -> None:
    path = samples / "oppvekst-utkast.md"
    source = path.read_text(encoding="utf-8")
    report = lint_path(path)
    found = klarsprak(report)
    by_words = {(rule, words.lower()) for rule, words in flagged(report, source)}

    long = [f for f in found if f.rule == "sentence-length"]
    assert len(long) == 1
    assert long[0].severity == "error" and "60 ord" in long[0].message
    assert long[0].line == source.split("\n").index(next(l for l in source.split("\n") if "Det skal foretas" in l)) + 1
    assert {("chancery", "herunder"), ("chancery", "samt"), ("vague", "robust"), ("impersonal", "man"),
            ("passive", "foretas")} <= by_words
    assert all(f.hint for f in found), [f for f in found if not f.hint]
    assert all(f.section == "innledning" for f in found)
    chancery = {f.replacement for f in found if f.rule == "chancery"}
    assert chancery == {"blant annet", "og"}
    passive = next(f for f in found if f.rule == "passive" and "foretas" in f.message)
    assert "hvem" in passive.hint.lower()


def test_complete_chapter_gets_no_plain_language_findings(samples: Path) -> None:
    for name in ("oppvekst-komplett.md", "slack-lim-inn.txt"):
        report = lint_path(samples / name)
        assert klarsprak(report) == [], name
        assert not [f for f in report.findings if f.rule in ("sentence-length", "chancery")]


def test_stats_carry_lix_in_the_json_report(samples: Path) -> None:
    completed = subprocess.run([sys.executable, "-m", "planvakt.linting", "check", "--format", "json",
                                str(samples / "oppvekst-komplett.md")], capture_output=True, text=True, cwd=ROOT)
    assert completed.returncode == 0, completed.stderr
    stats = json.loads(completed.stdout)["files"][0]["stats"]
    assert isinstance(stats["lix"], float) and 20 < stats["lix"] < 70
    assert set(stats["lix_sections"]) == {"innledning", "status", "prioriteringer", "samarbeid"}
    assert stats["words"] > 0 and stats["words_per_sentence"] > 0


# --- the default rules: true and false positives ---------------------------------------


def test_sentence_length_levels_and_lists() -> None:
    long = ("Vi skal bygge to nye barnehager i sentrum i perioden, og vi skal samtidig pusse opp de eldste "
            "skolebyggene i de ytre bydelene slik at elevene får et bedre inneklima.")
    found = [f for f in klarsprak(body(long)) if f.rule == "sentence-length"]
    assert [f.severity for f in found] == ["warning"] and "30 ord" in found[0].message
    very_long = long[:-1] + (", og vi skal i tillegg bygge ny sykkelparkering under tak ved alle skolene "
                             "og barnehagene i sentrum.")
    assert [f.severity for f in klarsprak(body(very_long)) if f.rule == "sentence-length"] == ["error"]
    listing = ("Sektoren samarbeider med frivillige lag og foreninger om fritidstilbud, med helse og velferd om "
               "barn i familier med lav inntekt, og med nabokommunene om barnevernsvakt og PP-tjeneste.")
    assert not [f for f in klarsprak(body(listing)) if f.rule == "sentence-length"]


def test_sentence_length_counts_sentences_not_lines() -> None:
    text = "Vi bygger.\nVi pusser opp. Vi flytter " + " ".join(["tjenestene"] * 3) + "."
    assert not [f for f in klarsprak(body(text)) if f.rule == "sentence-length"]


@pytest.mark.parametrize("sentence", [
    "Utdanningen skjer på skolen og i bedriften.",
    "Helsestasjonen gjennomfører hjemmebesøk hos alle nyfødte.",
    "Flyktninger får tilbud om norskopplæring og praksisplass.",
    "Vi gjennomfører tiltakene etter kartleggingen.",
    "Møtet fant sted i rådhuset.",
    "Kommunen skal vurdere skolestrukturen.",
])
def test_not_noun_heavy(sentence: str) -> None:
    assert words_of(sentence, "noun-heavy") == []


@pytest.mark.parametrize("sentence, words, replacement", [
    ("Kommunen skal foreta en vurdering av skolestrukturen.", "foreta en vurdering av", "vurdere"),
    ("Vi skal gjennomføre en kartlegging av behovet.", "gjennomføre en kartlegging av", "kartlegge"),
    ("Sektoren gjennomfører en evaluering i 2022.", "gjennomfører en evaluering", "evaluerer"),
    ("Vi foretar en grundig analyse av ventetidene.", "foretar en grundig analyse av", None),
    ("Vurderingen skal skje i samarbeid med foreldrene.", "Vurderingen skal skje", None),
    ("Kartleggingen fant sted i fjor.", "Kartleggingen fant sted", None),
])
def test_noun_heavy(sentence: str, words: str, replacement: str | None) -> None:
    report = body(sentence)
    found = [f for f in klarsprak(report) if f.rule == "noun-heavy"]
    assert words_of(sentence, "noun-heavy") == [words]
    assert found[0].replacement == replacement
    assert found[0].hint


@pytest.mark.parametrize("sentence", [
    "Det finnes mange gode tilbud, og de fleste brukerne trives.",
    "Vi lykkes når elevene trives og lærer, og det synes å virke.",
    "Ansatte og foreldre møtes to ganger i året, og vi ses i august.",
    "Kommunens budsjett er stramt, og skolens ledelse ber om flere lærere.",
    "Oslo kommunes og Bergen kommunes erfaringer er nyttige.",
    "Planen vurderes av bystyret i juni.",                 # one s-passive in a paragraph is fine
])
def test_not_passive(sentence: str) -> None:
    assert words_of(sentence, "passive") == []


def test_passive_density_flags_each_passive_with_a_hint_that_asks_for_the_actor() -> None:
    text = "Planen vurderes av bystyret i juni, og tiltakene iverksettes fra høsten."
    report = body(text)
    found = [f for f in klarsprak(report) if f.rule == "passive"]
    assert [w for w in words_of(text, "passive")] == ["vurderes", "iverksettes"]
    assert all("hvem" in f.hint for f in found) and "å vurdere" in found[0].hint
    assert all(f.severity == "suggestion" and f.replacement is None for f in found)
    long_paragraph = ("Planen vurderes av bystyret i juni. " + "Vi bygger nye skoler og barnehager i sentrum. " * 12
                      + "Tiltakene iverksettes fra høsten.")
    assert words_of(long_paragraph, "passive") == []      # two in about a hundred words


def test_chancery_replacements_only_for_the_exact_form() -> None:
    text = "Vi vurderer tjenestene samt skolene, og det er påkrevd med flere lærere. Saken er således avgjort."
    report = body(text)
    found = {f.message.split("»")[0].strip("«"): f for f in klarsprak(report) if f.rule == "chancery"}
    assert set(found) == {"samt", "påkrevd", "således"}
    assert found["samt"].replacement == "og" and found["påkrevd"].replacement == "nødvendig"
    assert found["således"].replacement is None and "slik / derfor" in found["således"].hint
    capital = [f for f in klarsprak(body("Samt dette kommer skolene.")) if f.rule == "chancery"]
    assert capital[0].replacement == "Og"


def test_vague_and_impersonal() -> None:
    assert words_of("Vi skal ha fokus på tidlig innsats i forhold til barna.", "vague") == ["fokus", "i forhold til"]
    assert words_of("Fokusområdene og forholdet til foreldrene er gode.", "vague") == []
    assert words_of("Man må søke innen fristen.", "impersonal") == ["Man"]
    assert words_of("Mannen i resepsjonen hjelper deg.", "impersonal") == []
    hint = next(f.hint for f in klarsprak(body("Ventetiden er kort i forhold til i fjor.")) if f.rule == "vague")
    assert "sammenlignet med" in hint   # the phrase has its own hint


def test_nynorsk_forms() -> None:
    nn = dict(title="Oppvekst og utdanning", language="nn")
    assert words_of("Det er påkravd med fleire tilsette, og ein må søkje innan fristen.", "chancery", **nn) == ["påkravd"]
    assert words_of("Det er påkravd med fleire tilsette, og ein må søkje innan fristen.", "impersonal", **nn) == ["ein må"]
    assert words_of("Ein ny barnehage opnar i august.", "impersonal", **nn) == []
    assert words_of("Planen skal vurderast av bystyret, og tiltaka skal setjast i verk.", "passive", **nn) == \
        ["vurderast", "setjast"]
    herunder = [f for f in klarsprak(body("Vi vurderer tenestene, herunder skulane.", **nn)) if f.rule == "chancery"]
    assert herunder[0].replacement == "mellom anna"
    assert words_of("Ein må søke innen fristen.", "impersonal", language="nb") == []   # not a bokmål pronoun


def test_finding_positions_point_at_the_words_in_the_source() -> None:
    source = "# Oppvekst\n\n## Innledning\n\nVi har ansvar for skoler\nsamt barnehager i sentrum.\n"
    report = lint_text(source, "utkast.md", markdown=True)
    finding = next(f for f in report.findings if f.rule == "chancery")
    line = source.split("\n")[finding.line - 1]
    assert (finding.line, line[finding.column - 1:finding.end_column - 1]) == (6, "samt")


def test_lix_value_and_section_findings() -> None:
    # 2 sentences, 11 words, 5 of them longer than six letters («bygger» has six): 11/2 + 100*5/11
    text = "Kommunen bygger barnehager. Vi samarbeider med foreldrene om tilbudet hver dag."
    report = body(text)
    assert report.stats["lix"] == pytest.approx(11 / 2 + 100 * 5 / 11, abs=0.05)
    heavy = " ".join(["Kommunens tjenestetilbud videreutvikles kontinuerlig gjennom systematisk "
                      "kvalitetsforbedringsarbeid og tverrsektorielle samarbeidsrelasjoner."] * 12)
    found = [f for f in body(heavy).findings if f.rule == "lix"]
    assert {f.section for f in found} == {None, "innledning"}
    assert all("LIX" in f.message and f.severity == "warning" for f in found)


# --- packs: include, extends, switching off, vocabulary, errors --------------------------


def test_klarsprak_is_included_by_sektorkapittel_and_is_not_a_pack_of_its_own() -> None:
    pack = load_pack()
    assert {spec.id for spec in pack.rules} == KLARSPRAK
    assert {spec.type for spec in pack.rules} == {"existence", "substitution", "occurrence", "metric", "sequence"}
    assert "klarsprak" not in builtin_packs()
    with pytest.raises(RulePackError, match="include"):
        load_pack("klarsprak")


def test_extending_pack_switches_rules_off_changes_thresholds_and_accepts_words() -> None:
    text = ("Sektoren skal bli mer robust. Planen vurderes av bystyret, og tiltakene iverksettes i år. "
            "Vi bygger to nye barnehager og en ny skole i sentrum og i Nordbyen i løpet av perioden.")
    default = {f.rule for f in klarsprak(body(text))}
    custom = {f.rule for f in klarsprak(body(text, rules=str(PACKS / "uten-passiv.yaml")))}
    assert {"vague", "passive"} <= default and "sentence-length" not in default
    assert "vague" not in custom and "passive" not in custom          # accepted word, rule off
    assert "sentence-length" in custom                                 # 18 words: over 15 now warns
    assert klarsprak(body(text, rules=str(PACKS / "ingen-klarsprak.yaml"))) == []


@pytest.mark.parametrize("name, line, message", [
    ("feil-nokkel.yaml", 5, "ukjent nøkkel «swapp» i rules.chancery. Mente du «swap»?"),
    ("feil-type.yaml", 5, "«existance» er ikke gyldig for rules.ny-regel.type"),
    ("feil-type-nokkel.yaml", 5, "ukjent nøkkel «swap» i rules.vague"),
    ("mangler-type.yaml", 5, "mangler nøkkelen «type»"),
    ("feil-scope.yaml", 5, "Mente du «prioriteringer»?"),
    ("feil-felt.yaml", 5, "Mente du «{suggestion}»?"),
    ("feil-liste.yaml", 8, "listen «@substantiv» finnes ikke"),
    ("feil-id.yaml", 5, "«heading-missing» er en innebygd sjekk"),
])
def test_rule_errors_name_file_line_and_key(name: str, line: int, message: str) -> None:
    with pytest.raises(RulePackError) as caught:
        load_pack(str(PACKS / name))
    error = caught.value
    assert Path(error.path).name == name and error.line == line, str(error)
    assert message in error.message


def test_typo_in_an_included_rule_set_names_that_file(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text("kind: rules\nname: mine\nrules:\n  x:\n    type: existence\n"
                                        "    tokenz: [a]\n    message: m\n", encoding="utf-8")
    (tmp_path / "pack.yaml").write_text("extends: sektorkapittel\nname: p\ninclude: [mine.yaml]\n", encoding="utf-8")
    with pytest.raises(RulePackError) as caught:
        load_pack(str(tmp_path / "pack.yaml"))
    assert Path(caught.value.path).name == "mine.yaml" and caught.value.line == 6
    assert "Mente du «tokens»?" in caught.value.message


def test_builtin_check_ids_still_work_under_checks() -> None:
    pack = load_pack()
    assert pack.check("heading-missing").severity == "error"
    assert pack.rule("chancery").type == "substitution" and pack.rule("heading-missing") is None


# --- the rule types, in a custom pack -----------------------------------------------------


def test_each_rule_type_with_its_scope() -> None:
    source = ("# Oppvekst og utdanning\n\n## Innledning\n\nTiltak i PPT og SFO. Det vil bli bedre. "
              "Andelen var 12 prosent, 14 prosent og 20 prosent.\n\n## Prioriteringer\n\n### Godt liv for alle\n\n"
              "- Tiltak for barn i SFO (mål 1.1).\n- En tiltaksplan for skolen (mål 1.1).\n\n### Diverse\n\nTekst.\n")
    report = lint_text(source, "utkast.md", rules=load_pack(str(PACKS / "egne-regler.yaml")), markdown=True)
    lines = source.split("\n")

    def at(rule: str) -> list[tuple[int, str]]:
        return [(f.line, lines[f.line - 1][f.column - 1:(f.end_column or f.column) - 1])
                for f in report.findings if f.rule == rule]

    assert at("tiltak-uten-aktor") == [(11, "Tiltak")]   # only under «Prioriteringer»; not «tiltaksplan»
    replacements = [f.replacement for f in report.findings if f.rule == "bokstavord"]
    assert replacements == ["PP-tjenesten", "skolefritidsordningen", "skolefritidsordningen"]
    assert len(at("mange-prosent")) == 3                  # three in one sentence, max 2
    assert [words for _, words in at("tall-og-prosent")] == ["12 prosent", "14 prosent", "20 prosent"]
    assert [words for _, words in at("overskrift-diverse")] == ["Diverse"]
    assert report.stats["words_per_paragraph"] > 0
    assert [f.severity for f in report.findings if f.rule == "lange-avsnitt"] == ["suggestion"]


@pytest.mark.parametrize("sentence, language, words", [
    ("Vi har gjennomført en kartlegging av behovet.", None, "gjennomført en kartlegging av"),
    ("Det er gjennomført en evaluering av tiltaket.", None, "gjennomført en evaluering av"),
    ("Vi har gjennomført ei kartlegging av behovet.", "nn", "gjennomført ei kartlegging av"),
    ("Vi gjennomfører ei kartlegging av behovet.", "nn", "gjennomfører ei kartlegging av"),
])
def test_noun_heavy_with_forms_the_lemma_table_does_not_know(sentence: str, language: str | None,
                                                               words: str) -> None:
    report = body(sentence, language=language)
    [finding] = [f for f in report.findings if f.rule == "noun-heavy"]
    assert words_of(sentence, "noun-heavy", **({"language": language} if language else {})) == [words]
    assert finding.replacement is None              # the tense is the writer's to choose


def test_nynorsk_passives_of_loan_verbs_the_nynorsk_dictionary_lacks() -> None:
    assert words_of("Tiltaket skal evaluerast, og planen må reviderast.", "passive", language="nn") == \
        ["evaluerast", "reviderast"]
    assert words_of("Elevane får god ballast og ein klar kontrast.", "passive", language="nn") == []


def test_a_precise_i_forhold_til_is_not_vague() -> None:
    assert words_of("Kostnadene står ikke i forhold til nytten.", "vague") == []
    assert words_of("Vi vil se dette i forhold til budsjettet.", "vague") == ["i forhold til"]


def test_a_run_on_sentence_of_short_parts_is_long_all_the_same() -> None:
    run_on = ("Vi skal bygge ny skole i sentrum, vi skal pusse opp tre barnehager i Nordbyen, og vi skal samtidig "
              "utvide helsestasjonen, slik at flere får hjelp, og slik at ventetida går ned.")
    assert len(words_of(run_on, "sentence-length")) == 1            # 34 words, every part under 12
    listing = ("Vi samarbeider med frivillige lag, med helse og velferd, med skolene og med nabokommunene "
               "om tilbudet til barn, unge og familier i hele kommunen.")
    assert words_of(listing, "sentence-length") == []               # 26 words: a list, let through


def test_det_is_matched_like_any_other_word() -> None:
    # spaCy gives «det» (like «mark», «neg», «root») a fixed symbol id instead of its hash
    assert words_of("Vi skal gjennomføre det årlige innkjøp av nye PC-er.", "noun-heavy") == \
        ["gjennomføre det årlige innkjøp av"]


def test_sequence_matches_never_overlap_and_adjacent_ones_all_count() -> None:
    # «vurdering skal skje» overlaps «foreta en vurdering», which is as long and starts first
    assert words_of("Vi vil foreta en vurdering skal skje i år.", "noun-heavy") == ["foreta en vurdering"]
    chain = words_of(" ".join(["foreta en vurdering av"] * 1500) + " saken.", "noun-heavy")
    assert chain == ["foreta en vurdering av"] * 1500   # one 6,000-word sentence: each one, once


def test_sequence_windows_find_what_the_full_matcher_finds() -> None:
    """Matching only around anchors gives the same matches as spaCy's Matcher on the whole Doc."""
    from spacy.matcher import Matcher

    from planvakt.linting.checks import CheckContext
    from planvakt.linting.nlp.analysis import analyse
    from planvakt.linting.outline import build_outline
    from planvakt.linting.readers import read_string
    from planvakt.linting.rule_types.runner import compiled
    from planvakt.linting.rule_types.text import body_table

    pack = load_pack()
    sys.path.insert(0, str(ROOT / "bench"))
    from corpus import chapter  # noqa: E402

    text = chapter(3000, seed=4) + "\n\n" + "\n\n".join(
        ["Vi skal foreta en vurdering av tilbudet. Vurderingen skal skje i juni.",
         "Kommunen gjør endringer og tar en beslutning. Kartleggingen av behovet fant sted i fjor."] * 5)
    document = read_string(text, "k.md", markdown=True)
    outline = build_outline(document, pack, "nb")
    analysis = analyse(outline.blocks(), pack, "nb")
    context = CheckContext(document=document, outline=outline, analysis=analysis, pack=pack)
    prepared_pack = compiled(pack, "nb", analysis.lemmas, analysis.nlp.vocab)
    table = body_table(context, analysis.lemmas, prepared_pack.words)
    rule = next(r for r in prepared_pack.rules if r.spec.id == "noun-heavy")
    full = Matcher(analysis.nlp.vocab)
    for pattern in rule.prepared.patterns:
        full.add("p", [pattern.tokens])
    expected = {(s, e) for _, s, e in full(analysis.doc_all) if table.sentence_bounds(s)[1] >= e}
    windowed = set()
    from planvakt.linting.rule_types.sequence import _windows
    for low, high, owners in _windows(rule.prepared, table):
        for index in owners:
            windowed |= {(low + s, low + e) for _, s, e in rule.prepared.matchers[index](analysis.doc_all[low:high])
                         if table.sentence_bounds(low + s)[1] >= low + e}
    assert expected and windowed == expected


def test_schema_has_the_generated_rule_definitions() -> None:
    from planvakt.linting.rule_types.schema import SCHEMA_PATH, render, updated

    text = SCHEMA_PATH.read_text(encoding="utf-8")
    assert render(updated(json.loads(text))) == text, "run: python -m planvakt.linting.rule_types.schema"


# --- opt-outs -------------------------------------------------------------------------------


def test_disable_comments() -> None:
    source = ("# Oppvekst og utdanning\n\n## Innledning\n\n<!-- planvakt-disable chancery -->\n"
              "Vi har ansvar for skoler samt barnehager.\n\nVi har ansvar for skoler samt barnehager.\n\n"
              "<!-- planvakt-disable-section vague -->\n## Status og utfordringer\n\nSektoren skal bli robust.\n\n"
              "Fokus er på tidlig innsats.\n\n## Samarbeid for å nå målene\n\nVi skal bli robuste.\n")
    report = lint_text(source, "utkast.md", markdown=True)
    assert [f.line for f in report.findings if f.rule == "chancery"] == [8]
    assert [f.line for f in report.findings if f.rule == "vague"] == [19]
    everything = lint_text("<!-- planvakt-disable-file -->\n" + source, "utkast.md", markdown=True)
    assert everything.findings == []


# --- --diff and --write ------------------------------------------------------------------


def test_an_opt_out_naming_a_rule_that_does_not_exist_says_so() -> None:
    source = ("# Oppvekst og utdanning\n\n## Innledning\n\n<!-- planvakt-disable chancey, vague, tullball -->\n\n"
              "Vi viser til kommuneplanens samfunnsdel samt planen.\n")
    report = lint_text(source, "utkast.md", markdown=True)
    unknown = [(f.line, f.message, f.hint) for f in report.findings if f.rule == "disable-unknown-rule"]
    assert [line for line, _, _ in unknown] == [5, 5]
    assert "«chancey»" in unknown[0][1] and unknown[0][2] == "Mente du «chancery»?"
    assert "«tullball»" in unknown[1][1] and "planvakt explain" in unknown[1][2]
    assert "chancery" in [f.rule for f in report.findings]        # the misspelt opt-out silenced nothing


def test_a_section_opt_out_inside_the_section_covers_what_points_at_its_heading() -> None:
    heavy = ("Kommuneorganisasjonens tjenesteproduksjonsstrategier forutsetter kompetanseutviklingsprogrammer, "
             "ressursallokeringsmekanismer og implementeringsprosesser innenfor administrasjonsavdelingene. ") * 12
    source = ("# Oppvekst og utdanning\n\n## Innledning\n\nVi viser til kommuneplanens samfunnsdel.\n\n"
              "## Status og utfordringer\n\n{comment}" + heavy + "\n")

    def lix_sections(comment: str) -> list[str | None]:
        report = lint_text(source.format(comment=comment), "utkast.md", markdown=True)
        return [f.section for f in report.findings if f.rule == "lix"]

    assert lix_sections("") == [None, "status"]                   # the chapter, and the section at its heading
    assert lix_sections("<!-- planvakt-disable-section lix -->\n\n") == [None]


def _planvakt(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "planvakt.linting", "check", *args], capture_output=True, text=True,
                          cwd=ROOT)


def test_diff_shows_replacements_and_changes_nothing(tmp_path: Path) -> None:
    draft = tmp_path / "utkast.md"
    original = ("# Oppvekst og utdanning\r\n\r\n## Innledning\r\n\r\nVi har ansvar for skoler samt barnehager, "
                "herunder SFO.\r\n")
    draft.write_bytes(original.encode("utf-8"))
    completed = _planvakt("--diff", str(draft))
    assert "-Vi har ansvar for skoler samt barnehager, herunder SFO." in completed.stdout
    assert "+Vi har ansvar for skoler og barnehager, blant annet SFO." in completed.stdout
    assert completed.stdout.startswith(f"--- {draft}")
    assert draft.read_bytes() == original.encode("utf-8")


def test_write_changes_the_file_in_its_own_encoding_and_line_endings(tmp_path: Path) -> None:
    draft = tmp_path / "utkast.txt"
    draft.write_bytes("Oppvekst og utdanning\r\n\r\nInnledning\r\n\r\nVi har ansvar for skoler samt "
                      "barnehager.\r\n".encode("cp1252"))
    completed = _planvakt("--write", str(draft))
    assert "samt» → «og" in completed.stderr
    assert draft.read_bytes() == ("Oppvekst og utdanning\r\n\r\nInnledning\r\n\r\nVi har ansvar for skoler og "
                                  "barnehager.\r\n").encode("cp1252")
    assert "chancery" not in completed.stdout      # the report is of the written file


def test_write_never_touches_a_word_file(tmp_path: Path) -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from docx_factory import docx_from_markdown

    draft = tmp_path / "utkast.docx"
    data = docx_from_markdown("# Oppvekst og utdanning\n## Innledning\nVi har ansvar for skoler samt barnehager.")
    draft.write_bytes(data)
    for option in ("--write", "--diff"):
        completed = _planvakt(option, str(draft))
        assert completed.returncode == 2
        assert "endrer ikke Word-filer" in completed.stderr
        assert draft.read_bytes() == data


def test_replacements_are_skipped_where_the_file_differs_from_what_was_read() -> None:
    from planvakt.linting.rule_types.fixes import apply_replacements

    finding = Finding(rule="chancery", severity="warning", message="", line=1, column=11, section=None, hint="",
                      replacement="og", end_column=15)
    assert apply_replacements("Skoler og samt barnehager", [finding])[0] == "Skoler og og barnehager"
    moved = "Skoler o\u00adg samt barnehager"      # a soft hyphen the reader dropped shifts the columns
    text, applied, skipped = apply_replacements(moved, [finding])
    assert text == moved and not applied and skipped == [finding]


def test_replacement_columns_match_the_source_for_every_klarsprak_finding() -> None:
    source = ("# Oppvekst og utdanning\n\n## Innledning\n\nVi skal foreta en vurdering av skolene samt "
              "gjennomføre en\nkartlegging av behovet, og det er påkrevd.\n")
    report = lint_text(source, "utkast.md", markdown=True)
    lines = source.split("\n")
    for finding in report.findings:
        if finding.replacement is not None:
            original = lines[finding.line - 1][finding.column - 1:finding.end_column - 1]
            assert re.fullmatch(r"[\wæøåÆØÅ .]+", original), finding
    replaced = {f.replacement for f in report.findings if f.replacement}
    assert {"og", "nødvendig", "vurdere"} <= replaced
    # a match across a line break has no replacement (no end column on its line)
    assert all(f.replacement is None for f in report.findings if f.rule == "noun-heavy" and f.line == 5
               and "gjennomføre" in f.message)


def test_explain_and_sarif_know_the_pack_rules(tmp_path: Path) -> None:
    explained = subprocess.run([sys.executable, "-m", "planvakt.linting", "explain", "passive"], capture_output=True,
                               text=True, cwd=ROOT)
    assert explained.returncode == 0, explained.stderr
    assert "occurrence" in explained.stdout and "forslag" in explained.stdout and "hele kapitlet" in explained.stdout
    draft = tmp_path / "utkast.md"
    draft.write_text("# Oppvekst\n\n## Innledning\n\nVi vurderer skolene samt barnehagene.\n", encoding="utf-8")
    sarif = json.loads(_planvakt("--format", "sarif", str(draft)).stdout)
    rules = {rule["id"]: rule for rule in sarif["runs"][0]["tool"]["driver"]["rules"]}
    assert rules["chancery"]["defaultConfiguration"]["level"] == "warning"
    assert rules["chancery"]["helpUri"].startswith("https://")
    assert "Kansellisten" in rules["chancery"]["shortDescription"]["text"]


# --- robustness --------------------------------------------------------------------------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_WORDS = ["samt", "herunder", "Man", "man", "vurderes", "foretas", "en", "vurdering", "av", "skolene", "fokus",
          "i", "forhold", "til", "robust", "Kommunen", "skal", "foreta", "gjennomføre", "kartlegging", "skje",
          "finnes", "ein", "må", "påkrevd", "dersom", "12", "prosent", "«sitat»", "(mål", "1.1)", "–", "SFO",
          "Vurderingen", "fant", "sted", "iht.", "f.eks.", "\u00ad", "æøå", "**fet**"]
_SEPARATORS = [" ", " ", " ", ", ", ". ", "\n", "\n\n", "\n- ", "\n\n## Status og utfordringer\n\n",
               "\n<!-- planvakt-disable chancery -->\n"]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from(_SEPARATORS)), min_size=1, max_size=80))
def test_any_draft_gives_well_formed_findings_and_replacements(parts: list[tuple[str, str]]) -> None:
    from planvakt.linting.rule_types.fixes import apply_replacements

    source = "# Oppvekst og utdanning\n\n## Innledning\n\n" + "".join(word + sep for word, sep in parts) + "\n"
    report = lint_text(source, "utkast.md", markdown=True)
    lines = source.split("\n")
    for finding in klarsprak(report):
        assert finding.message and finding.hint and "{" not in finding.message + finding.hint, finding
        assert 1 <= finding.line <= len(lines) and finding.column >= 1
        if finding.end_column is not None:
            assert finding.end_column > finding.column
            assert finding.end_column - 1 <= len(lines[finding.line - 1])
    new, applied, _ = apply_replacements(source, report.findings)
    assert len(new.split("\n")) == len(lines)   # replacements never add or remove lines
    for finding in applied:
        assert lines[finding.line - 1][finding.column - 1:finding.end_column - 1].strip()
