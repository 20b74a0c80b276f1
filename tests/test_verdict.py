"""The per-article verdict: MT score, likely source language, evidence; --summary and JSON."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tqcheck.cli import main
from tqcheck.findings import Finding, Severity
from tqcheck.verdict import MIN_WORDS, mt_score, source_language, verdict


def finding(category: str, lang: str = "fr", severity: Severity = Severity.ERROR) -> Finding:
    return Finding("r", category, severity, "m", "w", 0, 1, "x", source_lang=lang)


def test_score_is_zero_without_findings_and_grows_then_saturates() -> None:
    assert mt_score(0, 500) == 0
    scores = [mt_score(weight, 1000) for weight in (1, 3, 6, 12, 24, 36)]
    assert scores == sorted(scores) and len(set(scores)) == len(scores)
    assert scores[-1] < 100 and scores[0] > 0
    # Saturation: the same added weight moves a heavy article less than a light one.
    assert mt_score(24, 500) - mt_score(18, 500) < mt_score(7, 500) - mt_score(1, 500)


def test_score_is_a_density_and_short_texts_are_floored() -> None:
    assert mt_score(6, 1000) == mt_score(3, 500)
    assert mt_score(3, 10) == mt_score(3, MIN_WORDS)


def test_category_and_severity_weigh() -> None:
    text = "word " * 400
    calques = verdict([finding("calque")] * 3, text).mt_score
    spaces = verdict([finding("punctuation", "common")] * 3, text).mt_score
    infos = verdict([finding("calque", severity=Severity.INFO)] * 3, text).mt_score
    assert calques > spaces > 0 and calques > infos > 0


def test_source_language_and_evidence() -> None:
    found = [finding("name-form")] * 6 + [finding("calque")] * 3 + [finding("typography")] * 2
    found += [finding("boilerplate", "common"), finding("false-friend", "de")]
    assert source_language(found) == ("fr", "fr: 6 name forms, 3 calques, French typography")
    assert source_language([finding("boilerplate", "common")]) == (None, "")
    assert source_language([finding("untranslated", "it")])[0] == "it"


def _write(tmp_path: Path) -> tuple[Path, Path]:
    body = (Path(__file__).parent.parent / "examples" / "clean-article.txt").read_text()
    mt = tmp_path / "mt.txt"
    mt.write_text(
        "US Presidents Joe Biden and Russian President Vladimir Putin will speak. " + body + "\n"
    )
    clean = tmp_path / "clean.txt"
    clean.write_text(body + "\n")
    return mt, clean


def test_summary_table_sorted_by_score(tmp_path: Path) -> None:
    mt, clean = _write(tmp_path)
    result = CliRunner().invoke(main, ["--summary", str(clean), str(mt)])
    rows = result.output.splitlines()
    assert rows[0].split()[:3] == ["score", "lang", "findings"]
    assert rows[1].endswith("fr: 1 agreement slip") and str(mt) in rows[1]
    assert rows[2].split()[:2] == ["0", "-"] and str(clean) in rows[2]
    assert int(rows[1].split()[0]) > 0
    assert result.exit_code == 1


def test_json_files_carry_the_verdict(tmp_path: Path) -> None:
    mt, clean = _write(tmp_path)
    result = CliRunner().invoke(
        main, ["--format", "json", str(mt), str(clean), str(tmp_path / "missing.txt")]
    )
    files = {Path(f["path"]).name: f for f in json.loads(result.output)["files"]}
    assert files["mt.txt"]["mt_score"] > 0 and files["mt.txt"]["source_lang"] == "fr"
    assert files["mt.txt"]["evidence"] == "fr: 1 agreement slip"
    assert (files["clean.txt"]["mt_score"], files["clean.txt"]["source_lang"]) == (0, None)
    assert files["missing.txt"]["mt_score"] is None
