"""The command line: `tqcheck PATHS`, plus `rules`, `explain` and `test-rules`.

A thin face over `tqcheck.api`: parse options, call the API, print, choose the exit code.
Exit codes: 0 no finding at or above --fail-on, 1 findings, 2 usage, configuration, rule or I/O
error. User errors print one line naming the file; never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import click

from . import __version__
from .cli_ci import ci_options, config_command, init_command
from .report import FORMATS, VERDICT_FORMATS
from .report.common import printable

if TYPE_CHECKING:
    from .api import FileResult, Linter

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
FAIL_ON = ("error", "warning", "info", "never")


class DefaultGroup(click.Group):
    """A group whose default command is `check`, so `tqcheck file.txt` just works.

    It is also the last resort: an exception no command expected becomes one line on stderr
    and exit code 2, never a traceback in a CI log (TQCHECK_DEBUG=1 shows it).
    """

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except (click.ClickException, click.exceptions.Exit, click.Abort, SystemExit):
            raise
        except BrokenPipeError:  # `tqcheck ... | head`: the reader left; nothing to report
            _silence_stdout()
            sys.exit(EXIT_ERROR)
        except Exception as exc:
            internal_error(exc)

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if not args or (
            args[0] not in self.commands and args[0] not in ("--help", "-h", "--version")
        ):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tqcheck")
def main() -> None:
    """Find machine-translation traces in English news text and fix them.

    \b
    tqcheck article.txt            check files and folders (the default command)
    tqcheck --fix article.txt      apply the safe fixes in place
    tqcheck --fix - < in > out     editor pipe: fixed text on stdout
    tqcheck rules                  list every rule
    tqcheck explain RULE-ID        what a rule catches, and why
    """


def run() -> None:
    """The process entry point (the `tqcheck` script, `python -m tqcheck`): `main`, then a
    quick exit.

    Once the report is written, an interpreter's normal exit tears down every module and frees
    each of the ~100,000 objects the pack and prefilter caches built (with collections over
    them): ~25 ms of a ~130 ms one-article run, for nothing. `_exit_now` runs the atexit
    handlers and flushes stdout and stderr, as a normal exit would, then ends the process.
    Tests and library callers that invoke `main` keep the normal exit.
    """
    try:
        main()
    except SystemExit as exc:
        _exit_now(exc.code)
        raise


def _exit_now(code: object) -> None:
    """End the process with `code` at once, or return when the interpreter's own exit must
    handle it: a message as the code, a thread still running, a stream that cannot be flushed
    (a reader that left: the interpreter reports that as it always has)."""
    if code is None:
        code = 0
    if not isinstance(code, int):
        return
    threading = sys.modules.get("threading")
    if threading is not None and any(
        t is not threading.main_thread() and t.is_alive() and not t.daemon
        for t in threading.enumerate()
    ):
        return
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # the normal exit reports it
        return
    import atexit

    atexit._run_exitfuncs()  # as the normal exit would (they print their own errors)
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BaseException:  # as above
        return
    os._exit(code)


def internal_error(exc: BaseException) -> None:
    """One line for a bug, with the traceback only when TQCHECK_DEBUG=1."""
    if os.environ.get("TQCHECK_DEBUG") == "1":
        import traceback

        traceback.print_exception(exc)
    detail = " ".join(str(exc).split())[:300]
    click.echo(
        printable(f"tqcheck: internal error: {type(exc).__name__}: {detail} (please report)"),
        err=True,
    )
    sys.exit(EXIT_ERROR)


def _silence_stdout() -> None:
    """Point stdout at /dev/null so the interpreter's final flush does not fail again."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


def _fail(message: str) -> None:
    click.echo(printable(f"tqcheck: error: {message}"), err=True)
    sys.exit(EXIT_ERROR)


def _load_linter(
    rules: Sequence[str], select: Sequence[str], ignore: Sequence[str], builtin: bool = True
) -> Linter:
    from .api import Linter
    from .rule_examples import check_all_examples
    from .ruleset import RulesetError

    try:
        linter = Linter(rules_dirs=rules, select=select, ignore=ignore, builtin=builtin)
    except RulesetError as exc:
        _fail(str(exc))
    user_sources = {str(r) for r in rules}
    user_rules = [
        r for r in linter.ruleset.rules if any(r.source.startswith(s) for s in user_sources)
    ]
    failures = check_all_examples(user_rules)
    if failures:
        for failure in failures:
            click.echo(printable(f"tqcheck: error: {failure}"), err=True)
        _fail(f"{len(failures)} rule example(s) failed; the pack is refused")
    return linter


def _use_color(choice: str) -> bool:
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


@main.command("check")
@click.argument("paths", nargs=-1)
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    type=click.Choice(list(FORMATS)),
    help="Report format (docs/configuration.md#output-formats).",
)
@click.option("--fix", is_flag=True, help="Apply safe fixes in place (stdout for '-').")
@click.option("--unsafe-fixes", is_flag=True, help="Also apply fixes marked unsafe.")
@click.option("--diff", is_flag=True, help="Print a unified diff of what --fix would do.")
@click.option("--stdin-filename", metavar="PATH", help="Name for '-' (stdin) in reports.")
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON),
    default=None,
    help="Lowest severity that makes the exit code 1 [default: warning, or the config's].",
)
@click.option(
    "--rules", "rules", multiple=True, metavar="DIR", help="Add rule packs from DIR (repeatable)."
)
@click.option("--no-default-rules", is_flag=True, help="Do not load the shipped packs.")
@click.option(
    "--select",
    multiple=True,
    metavar="SEL",
    help="Only rules matching SEL: rule id, category, pack or language; globs allowed.",
)
@click.option("--ignore", multiple=True, metavar="SEL", help="Skip rules matching SEL.")
@click.option(
    "--source-lang",
    multiple=True,
    metavar="LANG",
    help="Only the packs for these source languages (fr, de, es, it; plus common); "
    "default auto: all packs, and the report infers the language.",
)
@click.option(
    "--include",
    multiple=True,
    metavar="GLOB",
    help="File globs to check inside folders (default: *.txt, *.md).",
)
@click.option("--exclude", multiple=True, metavar="GLOB", help="Globs to skip.")
@click.option(
    "--color",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Colour the text report.",
)
@click.option("--exit-zero", is_flag=True, help="Exit 0 even when there are findings.")
@ci_options
@click.option(
    "--summary", is_flag=True, help="One line per file: MT score, source language, evidence."
)
@click.option(
    "--jobs",
    "-j",
    default="auto",
    show_default=True,
    metavar="N|auto",
    help=(
        "Worker processes; auto: one per core for folders, 1 for files and stdin. A number "
        "also checks the sections of a plain-text file over 4 MiB on that many workers."
    ),
)
@click.option("--no-cache", is_flag=True, help="Do not read or write the findings cache.")
def check_command(
    paths: tuple[str, ...],
    fmt: str,
    fix: bool,
    unsafe_fixes: bool,
    diff: bool,
    stdin_filename: str | None,
    fail_on: str,
    rules: tuple[str, ...],
    no_default_rules: bool,
    select: tuple[str, ...],
    ignore: tuple[str, ...],
    source_lang: tuple[str, ...],
    include: tuple[str, ...],
    exclude: tuple[str, ...],
    color: str,
    exit_zero: bool,
    summary: bool,
    jobs: str,
    no_cache: bool,
    **ci: Any,
) -> None:
    """Check PATHS (files, folders, or '-' for stdin)."""
    if not paths:
        raise click.UsageError("give at least one file, folder, or '-' for stdin")
    if "-" in paths and len(paths) > 1:
        raise click.UsageError("'-' (stdin) cannot be mixed with other paths")
    from .cli_ci import apply_baseline, fail, write_baseline
    from .config import ConfigError
    from .runner import RunError, Runner, RunOptions

    fixing = fix or diff
    unsafe = unsafe_fixes
    try:
        runner = Runner(
            RunOptions(
                config_file=ci["config_file"],
                select=_split(select),
                ignore=_split(ignore),
                source_lang=tuple(lang for lang in _split(source_lang) if lang != "auto"),
                rules=rules,
                builtin=not no_default_rules,
                include=include,
                exclude=exclude,
                gitignore=not ci["no_gitignore"],
                cache=not (no_cache or fixing),
                jobs=jobs,
            )
        )
        run_config = runner.run_config(paths, stdin_filename)
        fail_on = fail_on or run_config.fail_on or "warning"
        baseline_file = ci["baseline_file"] or (
            str(run_config.baseline) if run_config.baseline else None
        )
        if paths == ("-",):
            linter = runner.linter_for(stdin_filename)
            results = [_check_stdin(linter, stdin_filename, fixing, unsafe)]
        else:
            from .progress import Progress

            progress = Progress(sys.stderr)
            if jobs != "auto" and not jobs.isdigit():
                raise click.BadParameter("expected a whole number or 'auto'", param_hint="--jobs")
            slim = fmt != "html" and not diff
            verdict = ("summary" if summary and fmt == "text" else fmt) in VERDICT_FORMATS
            results = _handle_each(
                runner.check_paths(
                    paths, fixing, unsafe, progress=progress, slim=slim and not fix, verdict=verdict
                ),
                write_fixes=fix and not diff and not ci["write_baseline"],
                slim=slim,
                verdict=verdict,
            )
            runner.save_caches()
            progress.close()
    except (ConfigError, RunError) as exc:
        for line in str(exc).splitlines()[:-1]:
            click.echo(printable(f"tqcheck: error: {line}"), err=True)
        fail(str(exc).splitlines()[-1])

    if paths == ("-",) and fix and not diff:
        result = results[0]
        if result.error:
            click.echo(printable(f"{result.path}: error: {result.error}"), err=True)
            sys.exit(EXIT_ERROR)
        sys.stdout.write(result.fixed_text if result.fixed_text is not None else "")
        sys.stdout.flush()
        sys.exit(EXIT_OK)

    # Reports list files by path, whatever the order they were named in: the same files give
    # the same bytes (CI diffs reports between runs).
    results.sort(key=lambda r: r.path.split(os.sep))
    if ci["skip_unreadable"]:
        results = [_as_skipped(r) for r in results]
    if ci["write_baseline"]:
        sys.exit(write_baseline(results, ci["write_baseline"]))
    if diff:
        sys.exit(_print_diffs(results))
    if baseline_file:
        apply_baseline(results, baseline_file, ci["show_stale_baseline"])

    from .output import emit, emit_stream, statistics
    from .report import ReportOptions, writer

    options = ReportOptions(
        color=_use_color(color) and fmt == "text" and not ci["output_file"],
        unsafe_fixes=unsafe,
        fixing=fix,
        # Only SARIF and HTML describe the rules; other formats need no pack loaded.
        ruleset=runner.all_rules() if fmt in ("sarif", "html") else None,
        tool_version=__version__,
    )
    if ci["statistics"]:
        report = statistics(results, "json" if fmt == "json" else "text")
    elif ci["quiet"] and fmt == "text":
        from .report.text import summary

        noisy = any(r.findings or r.error or r.warnings for r in results)
        report = summary(results, options) + "\n" if noisy else ""
    else:
        report = None
    try:
        if report is not None:
            emit(report, ci["output_file"])
        else:
            write = writer("summary" if summary and fmt == "text" else fmt)
            emit_stream(lambda out: write(results, options, out), ci["output_file"])
    except BrokenPipeError:
        raise  # `| head` left while the report streamed: DefaultGroup exits quietly
    except OSError as exc:
        target = ci["output_file"] or "standard output"
        fail(f"{target}: cannot write report: {exc.strerror or exc}")
    sys.exit(_exit_code(results, fail_on, exit_zero))


def _check_stdin(linter: Linter, name: str | None, fix: bool, unsafe: bool) -> FileResult:
    from .api import FileResult
    from .sources import Source, SourceError, decode_bytes

    display = name or "<stdin>"
    data = sys.stdin.buffer.read()
    try:
        text, encoding, bom, warnings = decode_bytes(data, display)
    except SourceError as exc:
        return FileResult(path=display, error=exc.reason)
    source = Source(path=display, text=text, encoding=encoding, bom=bom, warnings=warnings)
    return linter.check_source(source, fix=fix, unsafe=unsafe)


def _print_diffs(results: Sequence[FileResult]) -> int:
    changed = False
    errors = False
    for result in results:
        if result.error:
            click.echo(printable(f"{result.path}: error: {result.error}"), err=True)
            errors = True
            continue
        if result.source is None or result.fixed_text is None:
            continue
        if result.fixed_text == result.source.text:
            continue
        changed = True
        import difflib

        diff = difflib.unified_diff(
            result.source.text.splitlines(keepends=True),
            result.fixed_text.splitlines(keepends=True),
            fromfile=_diff_name("a", result.path),
            tofile=_diff_name("b", result.path),
        )
        # A terminal must not run escape sequences from an article; a pipe gets the exact
        # bytes, so the diff still applies with `patch`.
        terminal = sys.stdout.isatty()
        for line in diff:
            if terminal:
                line = printable(line.rstrip("\r\n")) + "\n"
            sys.stdout.write(line if line.endswith(("\n", "\r")) else line + "\n")
    sys.stdout.flush()
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if changed else EXIT_OK


def _handle_each(
    results: Iterable[FileResult], write_fixes: bool, slim: bool, verdict: bool = True
) -> list[FileResult]:
    """Write each file's fixes as soon as it is checked, then keep only what reports need.

    Done file by file so a run over a large archive never holds every article's text at once
    (tqcheck/slim.py says what is kept).
    """
    from .slim import slim_result

    kept = []
    for result in results:
        if write_fixes:
            _write_fixes([result])
        kept.append(slim_result(result, verdict) if slim else result)
    return kept


def _as_skipped(result: FileResult) -> FileResult:
    """--skip-unreadable: a file that could not be read is a warning, not an error.

    Only files never read (no source) are skipped this way; a rule failure or a fix that could
    not be written stays an error.
    """
    if result.error and result.source is None:
        result.warnings.append(f"skipped: {result.error}")
        result.error = None
    return result


def _write_fixes(results: Sequence[FileResult]) -> None:
    from .sources import SourceError, write_back

    for result in results:
        if result.source is None or result.fixed_text is None:
            continue
        if result.fixed_text == result.source.text:
            continue
        try:
            write_back(result.source, result.fixed_text)
        except SourceError as exc:
            result.error = exc.reason


def _exit_code(results: Sequence[FileResult], fail_on: str, exit_zero: bool) -> int:
    from .findings import Severity

    if any(r.error for r in results):
        return EXIT_ERROR
    if exit_zero or fail_on == "never":
        return EXIT_OK
    threshold = Severity.parse(fail_on)
    if any(f.severity >= threshold for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_OK


# ---- rules, explain, test-rules -------------------------------------------------------------


@main.command("rules")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "markdown", "names"]),
    default="text",
    show_default=True,
    help="markdown: the rule documentation (docs/rules.md); names: the cross-language name "
    "table (docs/names.md).",
)
@click.option("--rules", "rules", multiple=True, metavar="DIR", help="Add rule packs from DIR.")
@click.option("--no-default-rules", is_flag=True, help="Do not load the shipped packs.")
def rules_command(fmt: str, rules: tuple[str, ...], no_default_rules: bool) -> None:
    """List every rule: id, category, severity, fix safety, pack, entries."""
    linter = _load_linter(rules, (), (), builtin=not no_default_rules)
    if fmt == "names":
        from .docs import names_markdown

        click.echo(names_markdown(linter.ruleset.rules), nl=False)
        return
    if fmt == "markdown":
        from .docs import rules_markdown

        click.echo(rules_markdown(linter.ruleset.packs, linter.ruleset.rules), nl=False)
        return
    rows = [_rule_row(rule) for rule in linter.ruleset.rules]
    if fmt == "json":
        import json

        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    widths = [max(len(str(row[k])) for row in rows) for k in ("id", "category", "severity")]
    for row in rows:
        click.echo(
            f"{row['id']:<{widths[0]}}  {row['category']:<{widths[1]}}  "
            f"{row['severity']:<{widths[2]}}  {row['fix']:<6}  {row['pack']}"
            + (f"  ({row['entries']} entries)" if row.get("entries") else "")
        )
    entries = sum(int(row.get("entries") or 0) for row in rows)
    click.echo(
        f"{len(rows)} rules in {len(linter.ruleset.packs)} packs; {entries} dictionary entries."
    )


def _rule_row(rule: Any) -> dict[str, Any]:
    options = rule.describe_options()
    return {
        "id": rule.id,
        "kind": rule.kind,
        "category": rule.category,
        "severity": rule.severity.label,
        "fix": rule.fix_safety.value if rule.fix_safety else "none",
        "pack": rule.pack,
        "lang": rule.lang,
        "entries": options.get("entries"),
    }


@main.command("explain")
@click.argument("rule_id")
@click.option("--rules", "rules", multiple=True, metavar="DIR", help="Add rule packs from DIR.")
@click.option("--no-default-rules", is_flag=True, help="Do not load the shipped packs.")
def explain_command(rule_id: str, rules: tuple[str, ...], no_default_rules: bool) -> None:
    """Explain RULE-ID: what it catches, why translation produces it, its examples."""
    linter = _load_linter(rules, (), (), builtin=not no_default_rules)
    rule = linter.ruleset.get(rule_id)
    if rule is None:
        import difflib as _difflib

        close = _difflib.get_close_matches(rule_id, list(linter.ruleset.by_id), n=3)
        hint = f" (did you mean {', '.join(close)}?)" if close else ""
        _fail(f"no rule {rule_id!r}{hint}")
    from .docs import explain_text

    click.echo(explain_text(rule))


@main.command("test-rules")
@click.argument("paths", nargs=-1, required=True)
def test_rules_command(paths: tuple[str, ...]) -> None:
    """Run the bad/good examples of every rule in PATHS (pack files or folders)."""
    from .rule_examples import check_all_examples
    from .ruleset import RulesetError, load_ruleset

    try:
        ruleset = load_ruleset(paths, builtin=False)
    except RulesetError as exc:
        _fail(str(exc))
    failures = check_all_examples(ruleset.rules)
    for failure in failures:
        click.echo(str(failure))
    examples = sum(len(r.examples) for r in ruleset.rules)
    if failures:
        click.echo(f"{len(failures)} of {examples} examples failed in {len(ruleset.rules)} rules.")
        sys.exit(EXIT_FINDINGS)
    click.echo(f"All {examples} examples of {len(ruleset.rules)} rules pass.")


main.add_command(init_command)
main.add_command(config_command)


@main.command("lsp")
@click.option("--stdio", is_flag=True, help="Talk over stdin/stdout (the default and only way).")
def lsp_command(stdio: bool) -> None:
    """Run the language server for editors (needs the 'lsp' extra: pip install tqcheck[lsp])."""
    try:
        from .lsp import main as serve
    except ImportError as exc:
        _fail(
            f"the language server needs pygls ({exc}); install it with: pip install 'tqcheck[lsp]'"
        )
    serve()


def _split(values: Sequence[str]) -> tuple[str, ...]:
    """`--ignore a,b --ignore c` -> (a, b, c): lists may be given either way."""
    return tuple(part.strip() for value in values for part in value.split(",") if part.strip())


def _diff_name(side: str, path: str) -> str:
    """git-style a/ b/ prefixes for relative paths; absolute paths are shown as they are."""
    return path if path.startswith(("/", "<")) else f"{side}/{path}"
