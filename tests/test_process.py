"""What surrounds the checking: the pool, lazy pack loading, the streamed reports.

These paths are tuned for speed (tqcheck/parallel.py, tqcheck/report/json.py's direct finding
encoder, the text report's streaming); every test here pins that they change no byte.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from tqcheck.api import FileResult, Linter
from tqcheck.findings import Edit, Finding, Fix, FixSafety, Related, Severity
from tqcheck.report import ReportOptions, renderer, writer
from tqcheck.report import json as json_report
from tqcheck.runner import RunError, Runner, RunOptions

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "tests" / "corpus"


def cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> bytes:
    run = subprocess.run(
        [sys.executable, "-m", "tqcheck", *args],
        cwd=cwd,
        capture_output=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), **(env or {})},
        check=False,
    )
    assert run.returncode in (0, 1, 2), run.stderr
    return run.stdout + b"\n--stderr--\n" + run.stderr + f"\nexit {run.returncode}".encode()


def test_direct_finding_encoder_equals_the_general_one() -> None:
    findings = [f for r in Linter().check_paths([str(CORPUS)]) for f in r.findings]
    assert any(f.fix for f in findings) and any(f.suggestions for f in findings)
    odd = Finding(
        rule_id="x-\u00e9",
        category='quo"te',
        severity=Severity.INFO,
        message="line\nbreak \\ \ud800",
        why="",
        start=3,
        end=9,
        matched="\t\x00",
        suggestions=("a", 'b"'),
        fix=Fix((Edit(3, 4, "x"), Edit(5, 9, "")), FixSafety.UNSAFE),
        confidence=0.25,
        related=(Related(0, 2, "first", 1, 1),),
    )
    for f in [*findings, odd]:
        for path in ("a.txt", 'dir/"odd"\u2019.md'):
            expected = json_report._at(json_report.finding_to_dict(path, f), 2)
            assert json_report._finding_at_2(json_report._escape(path), f) == expected


def test_direct_file_and_fix_encoders_equal_the_general_one() -> None:
    results = list(Linter().check_paths([str(CORPUS)]))
    results.append(FileResult(path="bad\u2019.txt", error='no "such" file', warnings=["w", "x"]))
    results.append(FileResult(path="empty.txt"))
    for r in results:
        assert json_report._file_at_2(r) == json_report._at(json_report.file_to_dict(r), 2)
    fixes = [f.fix for r in results for f in r.findings if f.fix is not None]
    fixes.append(Fix((), FixSafety.SAFE))
    fixes.append(Fix((Edit(0, 1, 'a"\n'), Edit(2, 3, "")), FixSafety.UNSAFE))
    for fix in fixes:
        value = {
            "safety": fix.safety.value,
            "edits": [
                {"start": e.start, "end": e.end, "replacement": e.replacement} for e in fix.edits
            ],
        }
        assert json_report._fix_at_3(fix) == json_report._at(value, 3)


def test_streamed_text_report_is_the_rendered_one() -> None:
    results = list(Linter().check_paths([str(CORPUS)]))
    results.append(FileResult(path="bad.txt", error="no such file", warnings=["w"]))
    for options in (ReportOptions(), ReportOptions(color=True, show_source=False)):
        pieces: list[str] = []
        writer("text")(results, options, pieces.append)
        assert "".join(pieces) == renderer("text")(results, options)
        assert len(pieces) > 2  # one piece per file, not one string


def test_a_run_answered_by_the_findings_cache_loads_no_pack(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path))
    monkeypatch.delenv("TQCHECK_NO_CACHE", raising=False)
    article = ROOT / "examples" / "article.txt"

    def run() -> tuple[list[FileResult], Runner]:
        runner = Runner(RunOptions(cache=True))
        results = list(runner.check_paths([str(article)]))
        runner.save_caches()
        return results, runner

    first, runner = run()
    assert all(linter._ruleset is not None for linter in runner._linters.values())
    second, runner = run()
    assert all(linter._ruleset is None for linter in runner._linters.values())
    assert [f.rule_id for f in second[0].findings] == [f.rule_id for f in first[0].findings]
    assert second[0].findings


def test_run_error_survives_the_pipe_from_a_worker() -> None:
    error = pickle.loads(pickle.dumps(RunError(["pack.yaml: bad", "1 rule example(s) failed"])))
    assert error.lines == ["pack.yaml: bad", "1 rule example(s) failed"]


def test_pool_reports_equal_one_process_with_errors_and_warnings(tmp_path: Path) -> None:
    article = (ROOT / "examples" / "article.txt").read_text(encoding="utf-8")
    for index in range(40):
        folder = tmp_path / f"d{index % 3}"
        folder.mkdir(exist_ok=True)
        (folder / f"a{index:02d}.txt").write_text(article[: 200 + 40 * index], encoding="utf-8")
    (tmp_path / "d0" / "binary.txt").write_bytes(b"\x00\x01\x02" * 50)
    (tmp_path / "d1" / "legacy.txt").write_bytes("Caf\u00e9 \u201cPoutine\u201d.".encode("cp1252"))
    (tmp_path / "d2" / "empty.txt").write_bytes(b"")
    for fmt in ("text", "json", "sarif", "html", "jsonl"):
        one = cli("--no-cache", "-j", "1", "--format", fmt, "d0", "d1", "d2", cwd=tmp_path)
        two = cli("--no-cache", "-j", "2", "--format", fmt, "d0", "d1", "d2", cwd=tmp_path)
        assert one == two, fmt
    env = {"TQCHECK_CACHE_DIR": str(tmp_path / "cache")}
    cold = cli("-j", "2", "--format", "json", ".", cwd=tmp_path, env=env)
    warm = cli("-j", "2", "--format", "json", ".", cwd=tmp_path, env=env)
    assert cold == warm == cli("--no-cache", "-j", "1", "--format", "json", ".", cwd=tmp_path)


def _slim_run(paths: list[str], verdict: bool, cache: bool = True) -> list[FileResult]:
    runner = Runner(RunOptions(cache=cache, gitignore=False))
    results = list(runner.check_paths(paths, slim=True, verdict=verdict))
    runner.save_caches()
    results.sort(key=lambda r: r.path.split(os.sep))
    return results


def _reports(
    results: list[FileResult], formats: tuple[str, ...] = ("json", "text", "summary", "sarif")
) -> list[str]:
    out = []
    for fmt in formats:
        pieces: list[str] = []
        writer(fmt)(results, ReportOptions(), pieces.append)
        out.append("".join(pieces))
    return out


def test_warm_runs_answer_from_stored_report_parts_with_the_same_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("TQCHECK_NO_CACHE", raising=False)
    folder = tmp_path / "articles"
    folder.mkdir()
    for path in sorted(CORPUS.rglob("*.txt"))[:40]:
        (folder / f"{path.parent.name}-{path.name}").write_bytes(path.read_bytes())
    (folder / "notes.md").write_text("# Title\n\nVladimir Poutine said. .\n\n`Pékin`\n")
    (folder / "clean.txt").write_text("Nothing to see here.\n")
    (folder / "copy.txt").write_bytes((folder / "clean.txt").read_bytes())
    paths = [str(folder)]
    expected = _reports(_slim_run(paths, verdict=True, cache=False))
    # a run without verdicts stores no word counts: the next run with verdicts counts them
    plain = ("text", "sarif")  # the formats that show no verdict
    assert _reports(_slim_run(paths, verdict=False), plain) == _reports(
        _slim_run(paths, verdict=False, cache=False), plain
    )
    assert _reports(_slim_run(paths, verdict=True)) == expected
    stored = [p for p in (tmp_path / "cache").glob("results-*/*.pickle")]
    assert stored

    # now every file is answered from its report parts: no Document, no word count
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a warm run built a Document or counted words")

    monkeypatch.setattr(Linter, "document", refuse)
    monkeypatch.setattr("tqcheck.verdict.count_words", refuse)
    warm = _slim_run(paths, verdict=True)
    assert _reports(warm) == expected
    assert any(r.findings for r in warm)
    # without slim results (the HTML report), the cache still serves findings the usual way
    monkeypatch.undo()
    monkeypatch.setenv("TQCHECK_CACHE_DIR", str(tmp_path / "cache"))
    runner = Runner(RunOptions(cache=True, gitignore=False))
    full = list(runner.check_paths(paths))
    assert all(r.document is None or r.document.text for r in full)


def test_findings_cache_shards_of_another_layout_are_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tqcheck.result_cache import ResultCache

    cache = ResultCache("c" * 64, tmp_path)
    digest = "ab" + "0" * 62
    cache.put(digest, [])
    cache.put_report(digest, (3, None))
    cache.put_report("cd" + "0" * 62, (1, None))  # no findings stored: not kept
    cache.save()
    again = ResultCache("c" * 64, tmp_path)
    assert again.get_report(digest) == ([], (3, None))
    assert again.get_report("cd" + "0" * 62) is None
    shard = tmp_path / f"results-{'c' * 32}" / "ab.pickle"
    shard.write_bytes(pickle.dumps(("c" * 64, {digest: []})))  # the layout before report parts
    assert ResultCache("c" * 64, tmp_path).get(digest) is None
    shard.write_bytes(b"\x80\x05garbage")
    assert ResultCache("c" * 64, tmp_path).get_report(digest) is None


def test_findings_fixes_edits_and_related_pickle_by_value_whole() -> None:
    import dataclasses

    edit = Edit(3, 7, "Putin")
    fix = Fix((edit, Edit(9, 9, ",")), FixSafety.UNSAFE)
    related = Related(1, 2, "first here", line=4, col=5)
    finding = Finding(
        "r", "calque", Severity.ERROR, "m", "w", 3, 7, "Pout", ("Putin",), fix, "fr", "p",
        0.5, (related,), 1, 4, 1, 8, {"k": 1},
    )  # fmt: skip
    for value in (edit, fix, related, finding):
        reduced = value.__reduce__()
        assert reduced[0] is type(value)  # rebuilt by the constructor, not the state protocol
        # every field travels (a field added to the class without its reducer fails here)
        assert len(reduced[1]) == len(dataclasses.fields(value))
        back = pickle.loads(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        assert back == value
        for f in dataclasses.fields(value):
            assert getattr(back, f.name) == getattr(value, f.name), f.name


def test_the_process_entry_exits_quickly_with_the_same_output_and_atexit_handlers(
    tmp_path: Path,
) -> None:
    mark = tmp_path / "atexit-ran"
    article = str(ROOT / "examples" / "article.txt")
    script = (
        "import atexit, sys\n"
        f"atexit.register(lambda: open({str(mark)!r}, 'w').write('ran'))\n"
        f"sys.argv = ['tqcheck', '--no-cache', {article!r}]\n"
        "from tqcheck.cli import {}\n"
        "{}()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = []
    for entry in ("main", "run"):
        mark.unlink(missing_ok=True)
        done = subprocess.run(
            [sys.executable, "-c", script.format(entry, entry)], env=env, capture_output=True
        )
        assert mark.read_text() == "ran", entry
        runs.append((done.returncode, done.stdout, done.stderr))
    assert runs[0] == runs[1]
    assert runs[0][0] == 1 and b"fr-name-person" in runs[0][1]


def test_quick_exit_leaves_unusual_exits_to_the_interpreter(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import atexit
    import threading

    from tqcheck import cli as cli_module

    exits: list[int] = []
    monkeypatch.setattr(cli_module.os, "_exit", exits.append)
    handlers: list[None] = []  # this test process's own handlers must not run now
    monkeypatch.setattr(atexit, "_run_exitfuncs", lambda: handlers.append(None))
    cli_module._exit_now("a message for stderr")
    assert exits == []
    release = threading.Event()
    worker = threading.Thread(target=release.wait)
    worker.start()
    try:
        cli_module._exit_now(1)  # a thread still running: the interpreter waits for it
        assert exits == []
    finally:
        release.set()
        worker.join()
    assert handlers == []
    cli_module._exit_now(None)
    cli_module._exit_now(2)
    assert exits == [0, 2]
    assert len(handlers) == 2


def test_a_run_with_the_shipped_packs_only_imports_no_example_checker(tmp_path: Path) -> None:
    script = (
        "import sys\n"
        f"sys.argv = ['tqcheck', '--no-cache', {str(ROOT / 'examples' / 'article.txt')!r}]\n"
        "from tqcheck.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "print('loaded', 'tqcheck.rule_examples' in sys.modules, 'tqcheck.engine' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TQCHECK_CACHE_DIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True)
    assert done.stdout.splitlines()[-1] == b"loaded False True"
