"""The same findings from one process, a process pool and a Dask cluster; cache or not."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "examples"))


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """50 generated articles (a sample of the benchmark's `many` set)."""
    import gen_corpus

    writer = gen_corpus.Writer(seed=7)
    folder = tmp_path_factory.mktemp("many")
    for index in range(50):
        text, _ = writer.article(writer.rng.randint(3000, 6000))
        (folder / f"a{index // 10}" / f"article-{index:02d}.txt").parent.mkdir(exist_ok=True)
        (folder / f"a{index // 10}" / f"article-{index:02d}.txt").write_text(text, "utf-8")
    return folder


def cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    import os

    return subprocess.run(
        [sys.executable, "-m", "tqcheck", *args],
        cwd=ROOT,
        capture_output=True,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_jobs_output_is_byte_identical(corpus: Path) -> None:
    outputs = {}
    for jobs in ("1", "2"):
        for fmt in ("text", "json"):
            run = cli("--no-cache", "--jobs", jobs, "--format", fmt, str(corpus))
            assert run.returncode == 1, run.stderr
            outputs[jobs, fmt] = run.stdout
    assert outputs["1", "text"] == outputs["2", "text"]
    assert outputs["1", "json"] == outputs["2", "json"]
    assert json.loads(outputs["1", "json"])["summary"]["findings"] > 50


def test_findings_cache_gives_identical_results(corpus: Path, tmp_path: Path) -> None:
    env = {"TQCHECK_CACHE_DIR": str(tmp_path / "cache")}
    plain = cli("--no-cache", "-j", "1", "--format", "json", str(corpus), env=env).stdout
    first = cli("-j", "2", "--format", "json", str(corpus), env=env).stdout
    assert list((tmp_path / "cache").glob("results-*/*.pickle"))
    second = cli("-j", "1", "--format", "json", str(corpus), env=env).stdout
    assert plain == first == second
    (corpus / "a0" / "article-00.txt").write_text("Vladimir Poutine spoke.\n", "utf-8")
    try:
        third = json.loads(cli("--format", "json", str(corpus), env=env).stdout)
        changed = [f for f in third["findings"] if f["path"].endswith("article-00.txt")]
        assert [f["matched"] for f in changed] == ["Poutine"]
    finally:
        (corpus / "a0" / "article-00.txt").unlink()


@pytest.mark.skipif(importlib.util.find_spec("distributed") is None, reason="dask not installed")
def test_dask_gives_the_cli_findings(corpus: Path) -> None:
    import dask_check
    from dask.distributed import Client, LocalCluster

    expected = json.loads(cli("--no-cache", "--format", "json", str(corpus)).stdout)["findings"]
    cluster = LocalCluster(n_workers=2, processes=False, threads_per_worker=1)
    with cluster, Client(cluster) as client:
        found = dask_check.check_folder(str(corpus), client)
    key = lambda f: (f["path"], f["start"], f["end"], f["rule_id"])  # noqa: E731
    assert sorted(found, key=key) == sorted(expected, key=key)
    assert len(found) > 50


def test_findings_cache_keeps_markdown_and_plain_text_of_the_same_bytes_apart(
    tmp_path: Path,
) -> None:
    """The same bytes read as Markdown and as plain text give different findings (code spans
    are not prose in Markdown): the cache must not answer one with the other's."""
    text = "Vladimir Poutine spoke.\n\n`Vladimir Poutine` is a code span.\n"
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.md").write_text(text, "utf-8")
    (folder / "b.txt").write_text(text, "utf-8")
    env = {"TQCHECK_CACHE_DIR": str(tmp_path / "cache")}

    def matched(*args: str) -> dict[str, int]:
        report = json.loads(cli("--format", "json", "-j", "1", *args, str(folder), env=env).stdout)
        counts: dict[str, int] = {}
        for finding in report["findings"]:
            name = Path(finding["path"]).name
            counts[name] = counts.get(name, 0) + 1
        return counts

    plain = matched("--no-cache")
    assert plain["b.txt"] > plain["a.md"] > 0
    assert matched() == plain  # the first cached run
    assert matched() == plain  # answered from the cache
