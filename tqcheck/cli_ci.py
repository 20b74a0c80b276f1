"""Command-line pieces for running in repositories and CI: config, baseline, output options.

Kept out of cli.py so the main command only gains a decorator and a few calls; the logic
itself lives in click-free modules (config, runner, baseline, output).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from .report.common import printable

if TYPE_CHECKING:
    from .api import FileResult

F = TypeVar("F", bound=Callable[..., Any])
EXIT_ERROR = 2


def ci_options(func: F) -> F:
    """The options of `check` that fit it to repositories and CI (see docs/configuration.md)."""
    options = [
        click.option(
            "--config",
            "config_file",
            metavar="FILE",
            type=click.Path(exists=True, dir_okay=False, path_type=Path),
            help="Use this configuration file for every path (no search for .tqcheck.yaml).",
        ),
        click.option(
            "--no-gitignore", is_flag=True, help="Also check files that .gitignore excludes."
        ),
        click.option(
            "--baseline",
            "baseline_file",
            metavar="FILE",
            help="Report only findings not recorded in this baseline file.",
        ),
        click.option(
            "--write-baseline",
            metavar="FILE",
            help="Record the current findings in FILE (paths relative to its folder) and exit.",
        ),
        click.option(
            "--show-stale-baseline",
            is_flag=True,
            help="List baseline entries that no longer occur (on stderr).",
        ),
        click.option(
            "--skip-unreadable",
            is_flag=True,
            help="Report files that cannot be read as warnings; they do not make the exit code 2.",
        ),
        click.option("--statistics", is_flag=True, help="Print counts per rule instead."),
        click.option(
            "-q", "--quiet", is_flag=True, help="Text report: only the summary; nothing if clean."
        ),
        click.option(
            "--output-file",
            "-o",
            metavar="FILE",
            help="Write the report to FILE (atomically); nothing on stdout.",
        ),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def fail(message: str) -> None:
    click.echo(printable(f"tqcheck: error: {message}"), err=True)
    sys.exit(EXIT_ERROR)


def apply_baseline(results: Sequence[FileResult], baseline_file: str, show_stale: bool) -> None:
    """Drop the findings the baseline accepts; optionally list entries that went away."""
    from .baseline import Baseline, BaselineError

    try:
        baseline = Baseline.load(Path(baseline_file))
    except BaselineError as exc:
        fail(str(exc))
    for result in results:
        if result.findings and result.document is not None:
            result.findings = baseline.filter_new(
                result.path, result.document.text, result.findings
            )
    if show_stale:
        checked = [r.path for r in results if not r.error]
        for entry in baseline.stale(checked):
            click.echo(
                printable(
                    f"{entry['path']}: stale baseline entry: {entry.get('rule_id', '?')} "
                    f"{entry.get('matched', '')!r} (no longer found)"
                ),
                err=True,
            )


def write_baseline(results: Sequence[FileResult], target: str) -> int:
    """Write the baseline file; the exit code (2 if some file could not be checked)."""
    from .atomic import atomic_write_text
    from .baseline import baseline_document

    path = Path(target)
    files = [
        (r.path, r.document.text, r.findings)
        for r in results
        if r.document is not None and not r.error
    ]
    try:
        atomic_write_text(path, baseline_document(path, files))
    except OSError as exc:
        fail(f"{target}: cannot write baseline: {exc.strerror or exc}")
    count = sum(len(f) for _, _, f in files)
    click.echo(f"Wrote {count} finding(s) of {len(files)} file(s) to {target}.", err=True)
    errors = [r for r in results if r.error]
    for r in errors:
        click.echo(printable(f"{r.path}: error: {r.error}"), err=True)
    return EXIT_ERROR if errors else 0


# ---- tqcheck config / tqcheck init -----------------------------------------------------------

STARTER = """\
# tqcheck configuration (docs/configuration.md). Found by walking up from each checked file.
# Command-line options override what is set here.

# Rules to run / skip: rule id, category, pack, language or tag; globs allowed ("fr-ff-*").
# select: [fr, common]
ignore: []

# Change a rule's severity (error, warning, info).
# severity:
#   fr-plural-title-one-name: error

# Settings for some paths only (globs as in .gitignore, relative to this file).
# per_path:
#   - paths: ["archive/**"]
#     ignore: [typography]

# Extra rule packs of this repository (folders relative to this file, inside the repository).
# rules: [tqcheck-rules]

# Files and folders never checked (.gitignore is respected as well).
exclude: []

# british turns off rules tagged quote-style-american (comma placement after quotes).
quote_style: american

# Lowest severity that fails the run: error, warning, info or never.
fail_on: warning

# Accept the findings recorded here; report only new ones (tqcheck --write-baseline FILE).
# baseline: .tqcheck-baseline.json
"""


@click.command("init")
@click.argument(
    "folder", required=False, default=".", type=click.Path(file_okay=False, path_type=Path)
)
def init_command(folder: Path) -> None:
    """Write a commented starter .tqcheck.yaml in FOLDER (default: here); never overwrites."""
    target = folder / ".tqcheck.yaml"
    try:
        with target.open("x", encoding="utf-8") as handle:
            handle.write(STARTER)
    except FileExistsError:
        fail(f"{target} already exists; not overwritten")
    except OSError as exc:
        fail(f"{target}: cannot write: {exc.strerror or exc}")
    click.echo(f"Wrote {target}.")


@click.command("config")
@click.argument("path", required=False, default=".")
@click.option(
    "--config",
    "config_file",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Use this configuration file instead of searching.",
)
def config_command(path: str, config_file: Path | None) -> None:
    """Print the configuration that applies to PATH (default: here), as YAML."""
    import yaml

    from .config import ConfigError, ConfigResolver

    try:
        config = ConfigResolver(config_file).for_path(path)
    except ConfigError as exc:
        fail(str(exc))
    data = config.as_dict(None if Path(path).is_dir() else path)
    click.echo(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), nl=False)
