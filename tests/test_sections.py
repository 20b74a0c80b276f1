"""A large plain-text file is checked in sections (tqcheck/sections.py) with packed results
(tqcheck/packed.py): same findings, positions and reports as a whole-file check, except the
repeats and name spellings that compare articles in different sections."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest
from click.testing import CliRunner

import tqcheck.sections as sections
import tqcheck.sources as sources
from tqcheck.api import FileResult, Linter
from tqcheck.cli import main
from tqcheck.document import Document
from tqcheck.packed import PackedFindings
from tqcheck.report import FORMATS, ReportOptions, renderer
from tqcheck.runner import Runner, RunOptions
from tqcheck.slim import slim_document

from .conftest import ROOT

#: categories whose findings compare a whole document: they may differ across sections
DOCUMENT_WIDE = {"repetition", "consistency"}


#: an article with a reworded repeat of its lede and a name spelt two ways (goes last)
_REPEATING = """Talks resume in Geneva

Talks between the two governments resumed on Monday in Geneva after a pause of several months, \
officials said. Dmitry Ostrovsky, who leads one delegation, spoke of a useful first day.

Talks between both governments resumed on Monday in Geneva after a pause of several months, \
officials said.

Dmitri Ostrovsky added that a second round could follow in the spring.
"""


def _dump(tmp_path: Path, newline: str = "\n", name: str = "dump.txt") -> Path:
    """Distinct articles one after the other, like an archive dump (about 140 KB)."""
    articles = sorted((ROOT / "tests" / "corpus" / "mt").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8").strip("\n") for p in articles]
    text = "\n\n".join([*texts, _REPEATING])
    path = tmp_path / name
    path.write_bytes(text.replace("\n", newline).encode("utf-8"))
    return path


def _run(path: Path, *options: str, large: int, section: int = 8192) -> tuple[int, str]:
    old = sources.LARGE_FILE_BYTES, sections.SECTION_BYTES
    sources.LARGE_FILE_BYTES, sections.SECTION_BYTES = large, section
    try:
        result = CliRunner().invoke(
            main, ["--no-gitignore", "--exit-zero", "-j", "1", *options, str(path)]
        )
    finally:
        sources.LARGE_FILE_BYTES, sections.SECTION_BYTES = old
    return result.exit_code, result.output


def _findings(output: str) -> list[dict[str, object]]:
    return json.loads(output)["findings"]  # type: ignore[no-any-return]


def _key(finding: dict[str, object]) -> str:
    return json.dumps(finding, sort_keys=True)


def test_a_section_edge_is_not_the_files_end_for_residue(tmp_path: Path) -> None:
    # Residue looked for at an article's end (boilerplate `where: end`) is looked for at the
    # file's end only, as a whole-file check does, wherever the reader cuts the sections: here
    # the first cut falls right after the first article's "All rights reserved".
    first = "Storm hits the coast\n\n" + "The storm cut power to many homes.\n\n" * 40
    first += "All rights reserved\n\n"
    second = "Rain expected on Friday\n\n" + "Forecasters expect more rain this week.\n\n" * 40
    second += "All rights reserved\n"
    path = tmp_path / "archive.txt"
    path.write_text(first + second, encoding="utf-8")
    cut_at = len(first.encode()) - 10  # the first blank line past this ends the first article
    code, whole = _run(path, "--format", "json", "--no-cache", large=1 << 40)
    assert code == 0
    code, cut = _run(path, "--format", "json", "--no-cache", large=1000, section=cut_at)
    assert code == 0
    assert any("checked in sections" in w for w in json.loads(cut)["files"][0]["warnings"])

    def residue(output: str) -> list[int]:
        return [f["line"] for f in _findings(output) if f["category"] == "boilerplate"]

    last_line = (first + second).count("\n")
    assert residue(whole) == residue(cut) == [last_line]


def test_a_short_last_section_is_read_with_the_one_before(tmp_path: Path) -> None:
    # The file's last three non-blank lines (what the 'end' rules read) straddle the last cut:
    # the residue line ends the second-to-last section and one line of text follows. The short
    # last section is joined to the one before it, so the residue is found as in a whole-file
    # check.
    body = "Storm hits the coast\n\n" + "The storm cut power to many homes.\n\n" * 40
    body += "All rights reserved\n\n"
    path = tmp_path / "archive.txt"
    path.write_text(body + "Updated at noon.\n", encoding="utf-8")
    cut_at = len(body.encode()) - 10  # the first blank line past this ends the body
    code, whole = _run(path, "--format", "json", "--no-cache", large=1 << 40)
    assert code == 0
    code, cut = _run(path, "--format", "json", "--no-cache", large=1000, section=cut_at)
    assert code == 0

    def residue(output: str) -> list[int]:
        return [f["line"] for f in _findings(output) if f["category"] == "boilerplate"]

    assert residue(whole) == residue(cut) == [body.count("\n") - 1]


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_sections_find_what_the_whole_file_finds(tmp_path: Path, newline: str) -> None:
    path = _dump(tmp_path, newline)
    code, whole = _run(path, "--format", "json", "--no-cache", large=1 << 40)
    assert code == 0
    code, cut = _run(path, "--format", "json", "--no-cache", large=10_000)
    assert code == 0
    files = json.loads(cut)["files"]
    assert any("checked in sections" in w for w in files[0]["warnings"])
    assert not any("checked in sections" in w for w in json.loads(whole)["files"][0]["warnings"])
    before, after = _findings(whole), _findings(cut)
    assert len(before) > 300
    only = [json.loads(k) for k in {_key(f) for f in before} ^ {_key(f) for f in after}]
    # Only document-wide comparisons may change: the repeats and name spellings (a few), and
    # which language's reading of a trace several packs flag is kept (it follows the language
    # of the document, here of the whole dump or of one section; such findings are `common`),
    # but the trace itself, its category over the same words, is reported either way.
    assert all(f["category"] in DOCUMENT_WIDE or f["source_lang"] == "common" for f in only)
    assert len([f for f in only if f["category"] in DOCUMENT_WIDE]) < len(before) // 20
    for f in only:
        if f["category"] not in DOCUMENT_WIDE:
            other = after if _key(f) in {_key(g) for g in before} else before
            assert any(
                g["category"] == f["category"] and g["start"] < f["end"] and f["start"] < g["end"]
                for g in other
            ), f
    kept = [
        f for f in before if f["category"] not in DOCUMENT_WIDE and f["source_lang"] != "common"
    ]
    assert kept == [
        f for f in after if f["category"] not in DOCUMENT_WIDE and f["source_lang"] != "common"
    ]
    # The verdict's word count is the whole file's.
    assert files[0]["mt_score"] == json.loads(whole)["files"][0]["mt_score"]


def test_positions_and_line_numbers_in_messages_are_the_files(tmp_path: Path) -> None:
    path = _dump(tmp_path, "\r\n")
    text = path.read_bytes().decode("utf-8")
    doc = Document(text)
    _, output = _run(path, "--format", "json", "--no-cache", large=10_000, section=4096)
    findings = _findings(output)
    repeats = 0
    for f in findings:
        start, end = f["start"], f["end"]
        assert text[start:end] == f["matched"]
        assert doc.position(start) == (f["line"], f["col"])
        assert doc.position(end) == (f["end_line"], f["end_col"])
        for related in f.get("related", []):
            assert doc.position(related["start"]) == (related["line"], related["col"])
            assert text[related["start"] : related["end"]]
            if f["category"] in DOCUMENT_WIDE:
                repeats += 1
                assert f"line {related['line']}" in related["message"]
                if f["category"] == "repetition":
                    assert f"line {related['line']}" in f["message"]
    assert repeats >= 2
    assert findings[-1]["line"] > 1000  # the repeating article is deep in the file


def _plain_copy(result: FileResult, text: str) -> FileResult:
    """The same result with a list of findings and the slim Document of the whole text."""
    findings = list(result.findings)
    copy = FileResult(
        path=result.path,
        findings=findings,
        warnings=list(result.warnings),
        source=result.source,
        verdict=result.verdict,
    )
    copy.document = slim_document(Document(text, path=result.path), findings)  # type: ignore[assignment]
    return copy


@pytest.mark.parametrize("fmt", sorted(set(FORMATS) - {"html"}))
def test_every_report_reads_packed_results_like_slim_ones(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str
) -> None:
    path = _dump(tmp_path, "\r\n")
    monkeypatch.setattr(sources, "LARGE_FILE_BYTES", 10_000)
    monkeypatch.setattr(sections, "SECTION_BYTES", 4096)
    runner = Runner(RunOptions(gitignore=False))
    packed = runner.check_file(path, str(path), fix=False, unsafe=False, slim=True)
    assert isinstance(packed.findings, PackedFindings)
    assert len(packed.findings._blobs) > 10  # several sections, several chunks
    plain = _plain_copy(packed, path.read_bytes().decode("utf-8"))
    options = ReportOptions(ruleset=runner.all_rules(), tool_version="test")
    render = renderer(fmt)
    assert render([packed], options) == render([plain], options)


def test_baseline_reads_packed_results(tmp_path: Path) -> None:
    path = _dump(tmp_path)
    baseline = tmp_path / "baseline.json"
    _run(path, "--no-cache", "--write-baseline", str(baseline), large=10_000)
    assert baseline.is_file()
    code, output = _run(
        path, "--format", "json", "--no-cache", "--baseline", str(baseline), large=10_000
    )
    assert code == 0
    assert _findings(output) == []


def test_findings_cache_and_workers_give_the_same_report(tmp_path: Path) -> None:
    first = _dump(tmp_path, name="a.txt")
    second = tmp_path / "b.txt"
    second.write_bytes(first.read_bytes().replace(b"Macron", b"Macronn"))
    options = ("--format", "json")
    _, cold = _run(tmp_path, *options, large=10_000)
    _, warm = _run(tmp_path, *options, large=10_000)
    _, pooled = _run(tmp_path, *options, "--no-cache", "-j", "2", large=10_000)
    assert cold == warm
    assert len(_findings(cold)) > 600
    # -j 2 after -j 1 on the command line: the pool checks the two files
    assert json.loads(pooled)["findings"] == json.loads(cold)["findings"]


def test_a_file_that_is_not_plain_utf8_is_read_whole(tmp_path: Path) -> None:
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(_dump(tmp_path).read_bytes().replace(b"\xc3\xa9", b"\xe9"))
    utf16 = tmp_path / "utf16.txt"
    utf16.write_bytes(_dump(tmp_path).read_text(encoding="utf-8").encode("utf-16"))
    markdown = _dump(tmp_path, name="dump.md")
    for path in (legacy, utf16, markdown):
        assert sections.plan_sections(path, str(path)) is None
        _, output = _run(path, "--format", "json", "--no-cache", large=10_000)
        warnings = json.loads(output)["files"][0]["warnings"]
        assert not any("checked in sections" in w for w in warnings), path
        assert _findings(output)
    _, output = _run(legacy, "--format", "json", "--no-cache", large=10_000)
    assert "not valid UTF-8" in json.loads(output)["files"][0]["warnings"][0]


def test_a_bom_and_a_text_without_blank_lines(tmp_path: Path) -> None:
    text = _dump(tmp_path).read_text(encoding="utf-8")
    with_bom = tmp_path / "bom.txt"
    with_bom.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    plan = sections.plan_sections(with_bom, "bom.txt")
    assert plan is not None and plan.bom == b"\xef\xbb\xbf"
    parts = list(sections.read_sections(plan, 4096))
    assert "".join(parts) == text
    assert len(parts) > 20
    assert all(p.endswith(("\n\n", "\n\r\n")) for p in parts[:-1])
    one_paragraph = tmp_path / "one.txt"
    one_paragraph.write_text(text.replace("\n\n", "\n"), encoding="utf-8")
    plan = sections.plan_sections(one_paragraph, "one.txt")
    assert plan is not None
    assert list(sections.read_sections(plan, 4096)) == [text.replace("\n\n", "\n")]


def test_a_file_that_changes_while_it_is_read_is_an_error(tmp_path: Path) -> None:
    path = _dump(tmp_path)
    plan = sections.plan_sections(path, "dump.txt")
    assert plan is not None
    path.write_bytes(path.read_bytes() + b"\nOne more line.\n")
    result = sections.check_in_sections(plan, Linter())
    assert result.error is not None and "changed while it was checked" in result.error
    assert not result.findings


def test_packed_findings_behave_as_a_sequence() -> None:
    from tqcheck.api import check_text

    findings = check_text("Vladimir Poutine called. . Then Poutine left.\n\nMore text here.")
    assert len(findings) >= 2
    packed = PackedFindings()
    packed.append_chunk(findings[:1])
    packed.append_chunk([])
    packed.append_chunk(findings[1:])
    assert len(packed) == len(findings) and bool(packed)
    assert list(packed) == findings
    assert [packed[i] for i in range(len(findings))] == findings
    assert packed[-1] == findings[-1] and packed[1:] == findings[1:]
    with pytest.raises(IndexError):
        packed[len(findings)]
    assert packed == findings
    again = pickle.loads(pickle.dumps(packed))
    assert again == packed and list(again) == findings
    assert not PackedFindings()


def test_the_findings_cache_keeps_packed_findings_packed(tmp_path: Path) -> None:
    from tqcheck.result_cache import ResultCache

    findings = PackedFindings()
    findings.append_chunk(Linter().check("Vladimir Poutine called the head of Russian diplomacy."))
    cache = ResultCache("test-context")
    cache.put("ab" * 32, findings)
    plain = list(findings)
    cache.put("cd" * 32, plain)
    assert cache.get("ab" * 32) is findings  # not unpacked into a list
    stored = cache.get("cd" * 32)
    assert stored == plain and stored is not plain  # a list is copied


@pytest.mark.parametrize("newline", ["\n", "\r\n"])
def test_sections_checked_by_workers_give_the_same_bytes(tmp_path: Path, newline: str) -> None:
    path = _dump(tmp_path, newline)
    for fmt in ("json", "text", "sarif", "github"):
        options = ("--format", fmt, "--no-cache")
        code, alone = _run(path, *options, large=10_000, section=2048)
        pooled_code, pooled = _run(path, *options, "-j", "2", large=10_000, section=2048)
        assert (code, alone) == (pooled_code, pooled), fmt
    # Dozens of sections, many more than the pool keeps in flight, and findings in most.
    plan = sections.plan_sections(path, "dump.txt")
    assert plan is not None
    assert len(list(sections.read_sections(plan, 2048))) > 40
    assert len(_findings(_run(path, "--format", "json", large=10_000, section=2048)[1])) > 300


def test_a_file_that_changes_while_workers_check_it_is_an_error(tmp_path: Path) -> None:
    path = _dump(tmp_path)
    plan = sections.plan_sections(path, "dump.txt")
    assert plan is not None
    path.write_bytes(path.read_bytes() + b"\nOne more line.\n")
    result = sections.check_in_sections(plan, Linter(), jobs=2)
    assert result.error is not None and "changed while it was checked" in result.error


def test_tallies_merged_in_order_give_the_verdict_of_one_tally() -> None:
    from tqcheck.verdict import Tally

    text = _dump_text()
    findings = Linter().check(text)
    assert len(findings) > 300
    whole = Tally()
    whole.add(findings)
    merged = Tally()
    for start in range(0, len(findings), 37):
        part = Tally()
        part.add(findings[start : start + 37])
        merged.merge(part)
    assert (merged.weights, merged.evidence) == (whole.weights, whole.evidence)
    assert merged.verdict(12345) == whole.verdict(12345)
    assert merged.verdict(12345).source_lang == "fr"


def test_section_workers_follow_jobs() -> None:
    from tqcheck.parallel import resolve_section_jobs

    assert resolve_section_jobs("3") == 3
    assert resolve_section_jobs(0) == 1
    assert resolve_section_jobs("auto") == 1  # the default keeps one process's memory
    mixed = "a\r\nb\rc\nd\n\r\n\r"
    assert sections.line_breaks(mixed) == Document(mixed).line_count - 1 == 6


def _dump_text() -> str:
    articles = sorted((ROOT / "tests" / "corpus" / "mt").glob("*.txt"))
    return "\n\n".join(p.read_text(encoding="utf-8").strip("\n") for p in articles)
