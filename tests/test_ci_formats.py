"""The CI formats: valid documents (SARIF against the official schema), whatever the text."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from tqcheck.api import FileResult
from tqcheck.cli import main
from tqcheck.document import Document
from tqcheck.findings import Edit, Finding, Fix, FixSafety, Severity
from tqcheck.report import FORMATS, ReportOptions, renderer
from tqcheck.report.github import escape_data, escape_property

MINI = str(Path(__file__).parent / "packs" / "mini.yaml")
BASE = ["--no-default-rules", "--rules", MINI]
SCHEMA = (
    Path(__file__).resolve().parent.parent.parent / "shared" / "schemas" / "sarif-schema-2.1.0.json"
)
# A finding line full of what breaks naive writers: ESC, form feed, U+FFFF, '%', ',' ':'.
NASTY = "Poutine said\x1b[31m 50%, then: \x0c\uffff. . Then\n\nSource link -9\n"


@pytest.fixture
def files(tmp_path: Path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "a.txt").write_text(
        "Vladimir Poutine spoke.\n\nThe head of French diplomacy agreed.\n", encoding="utf-8"
    )
    (tmp_path / "news" / "b,c:%.txt").write_text(NASTY, encoding="utf-8")
    return tmp_path


def run(*args: str):
    return CliRunner().invoke(main, [*BASE, *args], catch_exceptions=False)


def test_every_registered_format_renders(files: Path) -> None:
    for fmt in FORMATS:
        result = run("--format", fmt, "news")
        assert result.exit_code == 1, fmt
        assert result.output.strip(), fmt


def test_sarif_is_valid_against_the_official_schema(files: Path) -> None:
    if not SCHEMA.is_file():
        pytest.skip(f"SARIF schema not present at {SCHEMA}")
    import jsonschema

    result = run("--format", "sarif", "news", "missing.txt")
    data = json.loads(result.output)
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.validate(data, schema, cls=jsonschema.Draft7Validator)
    run_ = data["runs"][0]
    rules = run_["tool"]["driver"]["rules"]
    first = run_["results"][0]
    assert rules[first["ruleIndex"]]["id"] == first["ruleId"] == "t-name"
    assert rules[first["ruleIndex"]]["fullDescription"]["text"] == (
        "French spelling of a foreign name."
    )
    assert rules[first["ruleIndex"]]["properties"]["category"] == "name-form"
    location = first["locations"][0]["physicalLocation"]
    assert location["artifactLocation"] == {"uri": "news/a.txt", "uriBaseId": "%SRCROOT%"}
    assert location["region"] == {
        "startLine": 1,
        "startColumn": 10,
        "endLine": 1,
        "endColumn": 17,
        "snippet": {"text": "Poutine"},
    }
    change = first["fixes"][0]["artifactChanges"][0]
    assert change["replacements"] == [
        {
            "deletedRegion": {"startLine": 1, "startColumn": 10, "endLine": 1, "endColumn": 17},
            "insertedContent": {"text": "Putin"},
        }
    ]
    assert run_["columnKind"] == "unicodeCodePoints"
    assert run_["invocations"][0]["executionSuccessful"] is False  # missing.txt
    uris = {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] for r in run_["results"]
    }
    assert "news/b%2Cc%3A%25.txt" in uris


def test_github_commands_escape_properties_and_data(files: Path) -> None:
    lines = run("--format", "github", "news").output.splitlines()
    assert lines[0] == (
        "::error file=news/a.txt,line=1,col=10,endLine=1,endColumn=17,title=t-name::"
        "'Poutine' is the French form; English writes 'Putin'"
    )
    nasty = [line for line in lines if "b%2Cc%3A%25.txt" in line]
    assert nasty and all(line.startswith("::") for line in nasty)
    assert all("\x1b" not in line and "\x00" not in line for line in lines)
    assert escape_data("50% a\r\nb") == "50%25 a%0D%0Ab"
    assert escape_property("a,b:c%") == "a%2Cb%3Ac%25"


def test_xml_formats_parse_despite_control_characters(files: Path) -> None:
    junit = ET.fromstring(run("--format", "junit", "news").output.encode("utf-8"))
    cases = junit.findall(".//testcase")
    assert [c.get("name") for c in cases] == ["news/a.txt", "news/b,c:%.txt"]
    assert len(cases[0].findall("failure")) == 2
    assert cases[0].find("failure").get("type") == "t-name"
    assert junit.get("failures") == str(sum(len(c.findall("failure")) for c in cases))
    style = ET.fromstring(run("--format", "checkstyle", "news").output.encode("utf-8"))
    errors = style.findall("file/error")
    assert errors[0].get("source") == "tqcheck.t-name" and errors[0].get("line") == "1"
    assert errors[0].get("column") == "10" and errors[0].get("severity") == "error"


def test_gitlab_code_quality_fields(files: Path) -> None:
    issues = json.loads(run("--format", "gitlab", "news").output)
    assert issues[0]["check_name"] == "t-name"
    assert issues[0]["severity"] == "major"
    assert issues[0]["location"] == {"path": "news/a.txt", "lines": {"begin": 1, "end": 1}}
    prints = [i["fingerprint"] for i in issues]
    assert len(set(prints)) == len(prints)
    assert {i["severity"] for i in issues} <= {"info", "minor", "major", "critical", "blocker"}
    again = json.loads(run("--format", "gitlab", "news").output)
    assert [i["fingerprint"] for i in again] == prints  # stable across runs


def test_jsonl_one_finding_per_line(files: Path) -> None:
    output = run("--format", "jsonl", "news", "missing.txt").output
    records = [json.loads(line) for line in output.splitlines()]
    findings = [r for r in records if r["kind"] == "finding"]
    assert len(output.splitlines()) == len(records)
    assert findings[0]["rule_id"] == "t-name" and findings[0]["line"] == 1
    assert [r for r in records if r["kind"] == "error"] == [
        {
            "kind": "error",
            "path": "missing.txt",
            "error": "no such file or folder",
        }
    ]


def test_all_formats_valid_with_nul_escape_and_lone_surrogate() -> None:
    text = "a\x00b \x1b[2J Poutine \ud800 \uffff\x0c end"
    start = text.index("Poutine")
    doc = Document(text, path="x.txt")
    line, col = doc.position(start)
    finding = Finding(
        rule_id="t-name",
        category="name-form",
        severity=Severity.ERROR,
        message="bad \x00\x1b[31m \ud800 \uffff\r\n::warning::injected",
        why="why \x00",
        start=start,
        end=start + 7,
        matched="Poutine\x00",
        fix=Fix((Edit(start, start + 7, "Putin\x07"),), FixSafety.SAFE),
    ).with_position(line, col, line, col + 7)
    results = [FileResult(path="x\x00.txt", findings=[finding], document=doc)]
    options = ReportOptions(tool_version="0.1.0")
    for fmt in ("sarif", "gitlab", "jsonl"):
        out = renderer(fmt)(results, options)
        out.encode("utf-8")  # no lone surrogate survives
        for chunk in [out] if fmt != "jsonl" else out.splitlines():
            json.loads(chunk)
    for fmt in ("junit", "checkstyle"):
        out = renderer(fmt)(results, options)
        ET.fromstring(out.encode("utf-8"))
    github = renderer("github")(results, options)
    assert github.count("\n") == 1 and "\x1b" not in github and "\x00" not in github
    assert github.startswith("::error ") and "%0D%0A::warning::injected" in github


def test_streamed_json_and_jsonl_are_the_whole_documents(files: Path) -> None:
    # The CLI writes json and jsonl piece by piece; the pieces join to exactly the document
    # built whole (report_dict + the indented encoder), for empty, clean, failed and noisy runs.
    from tqcheck.api import Linter
    from tqcheck.report import json as json_report
    from tqcheck.report import jsonl as jsonl_report
    from tqcheck.report import writer

    linter = Linter(rules_dirs=[MINI], builtin=False)
    checked = list(linter.check_paths(["news", "missing.txt"]))
    clean = [FileResult(path="clean.txt", findings=[])]
    options = ReportOptions(tool_version="9.9")
    for results in ([], clean, checked, checked[:1]):
        whole = json_report.dumps_indented(json_report.report_dict(results, options)) + "\n"
        pieces: list[str] = []
        writer("json")(results, options, pieces.append)
        assert "".join(pieces) == whole == json_report.render(results, options)
        lines: list[str] = []
        writer("jsonl")(results, options, lines.append)
        assert "".join(lines) == jsonl_report.render(results, options)
    assert len([p for p in pieces if '"rule_id"' in p]) == 1  # one piece per file's findings


def test_a_report_that_fails_part_way_leaves_the_previous_output_file(tmp_path: Path) -> None:
    from tqcheck.output import emit_stream

    target = tmp_path / "report.json"
    target.write_text("previous", encoding="utf-8")

    def produce(out) -> None:
        out("{\n")
        raise RuntimeError("renderer failed")

    with pytest.raises(RuntimeError):
        emit_stream(produce, str(target))
    assert target.read_text(encoding="utf-8") == "previous"
    assert [p.name for p in tmp_path.iterdir()] == ["report.json"]
    emit_stream(lambda out: (out("a\ud800"), out("b\n")), str(target))
    assert target.read_text(encoding="utf-8") == "a\ufffdb\n"


def test_a_streamed_report_into_a_closed_pipe_exits_quietly(tmp_path: Path) -> None:
    # `tqcheck ... --format json | head -c 100`: the reader leaves while the report streams
    # (the corpus report is ~650 KB, far beyond a pipe's buffer); no error line, exit 2.
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "TQCHECK_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(root)}
    command = [sys.executable, "-m", "tqcheck", "tests/corpus", "--format", "json", "-j", "1"]
    proc = subprocess.Popen(
        command, cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.read(100).startswith(b"{")
    proc.stdout.close()
    errors = proc.stderr.read()
    assert proc.wait() == 2
    assert errors == b""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
def test_a_report_that_cannot_be_written_to_standard_output_says_so(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    root = Path(__file__).resolve().parent.parent
    env = {**os.environ, "TQCHECK_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(root)}
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "tqcheck", "examples"],
            cwd=root,
            env=env,
            stdout=full,
            stderr=subprocess.PIPE,
        )
    assert proc.returncode == 2
    assert b"standard output: cannot write report" in proc.stderr
    assert b"None" not in proc.stderr
