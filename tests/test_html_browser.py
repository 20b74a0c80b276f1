"""The HTML report in a real headless Chromium (DevTools protocol over a pipe, tests/browser.py).

Skipped, saying why, when no Chromium is installed; .ci/run installs Debian's package.
A screenshot of the example article's report is kept in tests/artifacts/ (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tqcheck.api import FileResult, Linter
from tqcheck.report import ReportOptions, renderer

from .browser import Browser, find_chromium

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "article.txt"
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM = find_chromium()

pytestmark = pytest.mark.skipif(
    CHROMIUM is None,
    reason="no Chromium found (install Debian's 'chromium' package, or set TQCHECK_CHROMIUM); "
    "browser tests skipped",
)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None
    with Browser(CHROMIUM) as b:
        yield b


def write_report(paths: list[Path], out: Path) -> list[FileResult]:
    results = list(Linter().check_paths([str(p) for p in paths]))
    out.write_text(renderer("html")(results, ReportOptions(tool_version="test")), "utf-8")
    return results


def load(browser: Browser, page: Path) -> None:
    browser.events.clear()
    browser.open(page)
    assert browser.eval("document.documentElement.dataset.ready") == "1"


def in_view(browser: Browser, element_id: str) -> bool:
    return browser.eval(
        f"(() => {{ const r = document.getElementById({element_id!r}).getBoundingClientRect();"
        " return r.height > 0 && r.top >= 0 && r.bottom <= innerHeight; })()"
    )


def test_example_report_loads_cleanly_and_marks_every_finding(browser, tmp_path) -> None:
    page = tmp_path / "report.html"
    results = write_report([EXAMPLE], page)
    load(browser, page)
    assert browser.console_errors() == []
    count = len(results[0].findings)
    assert count > 5
    assert browser.eval("document.querySelectorAll('mark.tq:not(.cont)').length") == count
    assert browser.eval("document.querySelectorAll('mark[data-rule][data-category]').length") >= (
        count
    )
    ARTIFACTS.mkdir(exist_ok=True)
    browser.screenshot(ARTIFACTS / "report-article.png")
    assert (ARTIFACTS / "report-article.png").stat().st_size > 10_000


def test_focus_shows_tooltip_and_keys_move_between_findings(browser, tmp_path) -> None:
    page = tmp_path / "report.html"
    results = write_report([EXAMPLE], page)
    load(browser, page)
    browser.press("j")
    assert browser.eval("document.activeElement.id") == "m0-0"
    first = results[0].findings[0]
    tip = browser.eval("document.getElementById('tq-tip').textContent")
    assert first.message in tip and first.why in tip
    assert browser.eval("document.getElementById('tq-tip').hidden") is False
    browser.press("n")
    browser.press("j")
    assert browser.eval("document.activeElement.id") == "m0-2"
    browser.press("k")
    assert browser.eval("document.activeElement.id") == "m0-1"
    browser.press("Escape")
    assert browser.eval("document.getElementById('tq-tip').hidden") is True


def test_click_in_findings_list_scrolls_to_the_highlight(browser, tmp_path) -> None:
    filler = "The committee met on Tuesday and discussed the budget for the coming year. " * 3
    article = tmp_path / "long.txt"
    article.write_text(
        "\n\n".join(
            [filler] * 80 + ["Sign that talks are hard, the head of Russian diplomacy left."]
        )
        + "\n",
        encoding="utf-8",
    )
    page = tmp_path / "report.html"
    results = write_report([article], page)
    last = len(results[0].findings) - 1
    assert last >= 0
    mark = f"m0-{last}"
    load(browser, page)
    # bring the list entry (not the highlight) into view, then click it like a user
    browser.eval(f"document.getElementById('d0-{last}').scrollIntoView({{block: 'nearest'}})")
    assert not in_view(browser, mark)
    rect = browser.eval(
        f"(() => {{ const r = document.querySelector('#d0-{last} a.go').getBoundingClientRect();"
        " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
    )
    browser.click_at(*rect)
    assert in_view(browser, mark)
    assert browser.eval("document.activeElement.id") == mark
    assert browser.console_errors() == []


def test_article_markup_cannot_run(browser, tmp_path) -> None:
    article = tmp_path / "evil.txt"
    payload = (
        "<script>window.__pwned=1</script> The head of Russian diplomacy "
        '<img src=x onerror="window.__pwned=2"> <b onclick="x()">bold</b>'
    )
    article.write_text(payload + "\n", encoding="utf-8")
    page = tmp_path / "report.html"
    write_report([article], page)
    load(browser, page)
    assert browser.eval("typeof window.__pwned") == "undefined"
    assert (
        browser.eval("document.querySelectorAll('article img, article script, article b').length")
        == 0
    )
    assert browser.eval("document.querySelector('article.text').textContent") == payload
    assert browser.eval("document.scripts.length") == 1


def test_folder_index_sorts_and_opens_a_file(browser, tmp_path) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text("Nothing to see.\n", encoding="utf-8")
    (folder / "b.txt").write_text(
        "Sign that it works, the head of Russian diplomacy left.\n", encoding="utf-8"
    )
    (folder / "c.txt").write_bytes(b"\x00\x01\x02binary")
    page = tmp_path / "report.html"
    write_report([folder], page)
    load(browser, page)
    assert browser.console_errors() == []
    assert "could not be read" in browser.eval("document.getElementById('file-2').textContent")
    names = "[...document.querySelectorAll('#index tbody th')].map(t => t.textContent)"
    browser.eval("document.querySelectorAll('#index thead button')[1].click()")  # findings
    browser.eval("document.querySelectorAll('#index thead button')[1].click()")  # descending
    assert browser.eval(names)[0].endswith("b.txt")
    link = (
        "[...document.querySelectorAll('#index tbody a')]"
        ".find(a => a.textContent.endsWith('b.txt'))"
    )
    browser.eval(f"{link}.click()")
    assert browser.eval("document.querySelector('#file-1 details').open") is True
    assert in_view(browser, "file-1-h")
