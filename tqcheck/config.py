"""Repository configuration: `.tqcheck.yaml` or `[tool.tqcheck]` in pyproject.toml.

A newsroom's archive, its style (British quotes) and its own rule packs live in the repository,
so every run (a developer's, pre-commit, CI) must see the same settings without repeating
options. The file nearest to a checked file wins (found by walking up its folders); `--config`
names one for the whole run. Configuration is data only: YAML through a safe loader, TOML
through tomllib; nothing in it can make tqcheck import or run code. Every mistake is an error
naming the file, the key and (where the format tells it) the line, never a silent default.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CONFIG_NAMES = (".tqcheck.yaml", ".tqcheck.yml")
FAIL_ON = ("error", "warning", "info", "never")
SEVERITIES = ("error", "warning", "info")
QUOTE_STYLES = ("american", "british")
#: Rules carrying this tag are turned off by `quote_style: british`.
AMERICAN_QUOTE_TAG = "quote-style-american"
KEYS = (
    "select",
    "ignore",
    "severity",
    "per_path",
    "rules",
    "exclude",
    "quote_style",
    "fail_on",
    "baseline",
    "source_lang",
)
PER_PATH_KEYS = ("paths", "select", "ignore")


class ConfigError(Exception):
    """A configuration mistake. str() is `file:line: key 'k': message`, one line."""

    def __init__(self, path: Path | str, message: str, key: str = "", line: int = 0) -> None:
        self.path, self.message, self.key, self.line = str(path), message, key, line
        where = f"{path}:{line}" if line else str(path)
        what = f" key '{key}':" if key else ""
        super().__init__(f"{where}:{what} {message}")


@dataclass(frozen=True)
class PathOverride:
    """Settings for the files matching `paths` (globs relative to the config file's folder)."""

    paths: tuple[str, ...]
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()


@dataclass(frozen=True)
class Config:
    """One configuration file, validated; paths in it already resolved against its folder."""

    path: Path | None = None
    root: Path = field(default_factory=Path.cwd)
    select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    per_path: tuple[PathOverride, ...] = ()
    rules: tuple[Path, ...] = ()
    exclude: tuple[str, ...] = ()
    quote_style: str = "american"
    fail_on: str | None = None
    baseline: Path | None = None
    #: Source languages whose packs run (plus the language-neutral `common` packs); empty
    #: means `auto`: every pack runs and the report infers the source language.
    source_lang: tuple[str, ...] = ()

    def relative(self, file: Path | str) -> str:
        """The file's path relative to this config's folder, POSIX style, for glob matching."""
        absolute = Path(os.path.abspath(file))
        try:
            return absolute.relative_to(self.root).as_posix()
        except ValueError:
            return Path(os.path.relpath(absolute, self.root)).as_posix()

    def excluded(self, file: Path | str, is_dir: bool = False) -> bool:
        """Does `exclude` (gitignore-style globs) skip this file or folder?"""
        if not self.exclude:
            return False
        rel = self.relative(file) + ("/" if is_dir else "")
        return _spec(self.exclude).match_file(rel)

    def selection(
        self,
        file: Path | str | None,
        cli_select: Sequence[str] = (),
        cli_ignore: Sequence[str] = (),
    ) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(select, ignore) for one file.

        Command-line `--select`/`--ignore` replace the file's top-level lists; `per_path`
        entries matching the file then apply: their `select` replaces the selection (unless
        `--select` was given), their `ignore` adds to it. `quote_style: british` ignores rules
        tagged `quote-style-american`.
        """
        select: tuple[str, ...] = tuple(cli_select) or self.select
        ignore: tuple[str, ...] = tuple(cli_ignore) or self.ignore
        if file is not None:
            rel = self.relative(file)
            for override in self.per_path:
                if _spec(override.paths).match_file(rel):
                    if override.select is not None and not cli_select:
                        select = override.select
                    ignore += override.ignore
        if self.quote_style == "british":
            ignore += (AMERICAN_QUOTE_TAG,)
        return select, ignore

    def as_dict(self, file: Path | str | None = None) -> dict[str, Any]:
        """The resolved settings, as `tqcheck config` prints them."""
        select, ignore = self.selection(file)
        data: dict[str, Any] = {
            "config_file": str(self.path) if self.path else None,
            "root": str(self.root),
        }
        if file is not None:
            data["file"] = str(file)
            data["excluded"] = self.excluded(file)
            data["effective_select"] = list(select)
            data["effective_ignore"] = list(ignore)
        data.update(
            {
                "select": list(self.select),
                "ignore": list(self.ignore),
                "severity": dict(self.severity),
                "per_path": [
                    {
                        "paths": list(o.paths),
                        **({"select": list(o.select)} if o.select is not None else {}),
                        "ignore": list(o.ignore),
                    }
                    for o in self.per_path
                ],
                "rules": [str(p) for p in self.rules],
                "exclude": list(self.exclude),
                "quote_style": self.quote_style,
                "source_lang": list(self.source_lang) or "auto",
                "fail_on": self.fail_on or "warning",
                "baseline": str(self.baseline) if self.baseline else None,
            }
        )
        return data


_SPECS: dict[tuple[str, ...], Any] = {}


def _spec(globs: tuple[str, ...]) -> Any:
    """A compiled gitignore-style matcher, cached: the same globs are matched for every file."""
    spec = _SPECS.get(globs)
    if spec is None:
        import pathspec

        spec = _SPECS[globs] = pathspec.GitIgnoreSpec.from_lines(globs)
    return spec


# ---- finding ------------------------------------------------------------------------------


def git_root(start: Path) -> Path | None:
    """The nearest folder at or above `start` holding `.git` (a folder, or a file for worktrees)."""
    for folder in (start, *start.parents):
        if (folder / ".git").exists():
            return folder
    return None


def config_in(folder: Path) -> Path | None:
    """The configuration file of this folder, if it has one (`.tqcheck.yaml` first)."""
    for name in CONFIG_NAMES:
        candidate = folder / name
        if candidate.is_file():
            return candidate
    pyproject = folder / "pyproject.toml"
    if pyproject.is_file() and _has_tool_table(pyproject):
        return pyproject
    return None


def _has_tool_table(path: Path) -> bool:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False
    return re.search(r"^\s*\[\s*tool\s*\.\s*tqcheck\s*[\].]", text, re.MULTILINE) is not None


class ConfigResolver:
    """Finds and loads the configuration for each checked file, once per folder."""

    def __init__(self, explicit: Path | None = None) -> None:
        self.explicit = load_config(explicit) if explicit is not None else None
        self._by_folder: dict[Path, Config] = {}
        self._by_file: dict[Path, Config] = {}

    def for_folder(self, folder: Path) -> Config:
        """The configuration that applies inside `folder`."""
        if self.explicit is not None:
            return self.explicit
        folder = Path(os.path.abspath(folder))
        cached = self._by_folder.get(folder)
        if cached is not None:
            return cached
        found = config_in(folder)
        if found is not None:
            config = self._by_file.get(found) or load_config(found)
            self._by_file[found] = config
        elif folder.parent != folder:
            config = self.for_folder(folder.parent)
        else:
            config = Config(root=Path.cwd())
        self._by_folder[folder] = config
        return config

    def for_path(self, path: Path | str) -> Config:
        """The configuration for a file (its folder's) or a folder (its own)."""
        p = Path(path)
        return self.for_folder(p if p.is_dir() else (p.parent if str(p.parent) else Path(".")))


# ---- loading and validating ----------------------------------------------------------------


def load_config(path: Path) -> Config:
    """Read and validate one configuration file (YAML, or pyproject.toml's [tool.tqcheck])."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(path, "configuration file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(path, f"cannot read configuration: {exc}") from None
    if path.name == "pyproject.toml" or path.suffix == ".toml":
        data, lines = _read_toml(text, path)
    else:
        data, lines = _read_yaml(text, path)
    return validate(data, path, lines)


def _read_yaml(text: str, path: Path) -> tuple[Mapping[str, Any], dict[str, int]]:
    from .ruleset import RulesetError, load_yaml

    try:
        data = load_yaml(text, str(path))
    except RulesetError as exc:
        raise ConfigError(path, exc.message, line=exc.line) from None
    if data is None:
        return {}, {}
    if not isinstance(data, Mapping):
        raise ConfigError(path, "the configuration must be a YAML mapping of keys to values")
    return data, dict(getattr(data, "key_lines", {}))


def _read_toml(text: str, path: Path) -> tuple[Mapping[str, Any], dict[str, int]]:
    try:
        import tomllib
    except ModuleNotFoundError:  # Python 3.10
        import tomli as tomllib  # type: ignore[no-redef]

    try:
        document = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, f"invalid TOML: {exc}") from None
    data = document.get("tool", {}).get("tqcheck", {})
    if not isinstance(data, Mapping):
        raise ConfigError(path, "[tool.tqcheck] must be a table")
    return data, _toml_key_lines(text)


def _toml_key_lines(text: str) -> dict[str, int]:
    """Lines of the keys directly under [tool.tqcheck] (tomllib keeps no positions)."""
    lines: dict[str, int] = {}
    table = ""
    for number, line in enumerate(text.splitlines(), 1):
        header = re.match(r"^\s*\[\[?\s*([^\]]+?)\s*\]\]?", line)
        if header:
            table = re.sub(r"\s+", "", header.group(1))
            if table.startswith("tool.tqcheck."):
                lines.setdefault(table.removeprefix("tool.tqcheck.").split(".")[0], number)
            continue
        key = re.match(r"^\s*([A-Za-z0-9_-]+)\s*=", line)
        if key and table == "tool.tqcheck":
            lines.setdefault(key.group(1), number)
    return lines


def validate(data: Mapping[str, Any], path: Path, lines: Mapping[str, int]) -> Config:
    """Check every key and type; resolve folders against the file's folder."""
    root = Path(os.path.abspath(path)).parent

    def fail(key: str, message: str, line: int | None = None) -> ConfigError:
        return ConfigError(path, message, key, lines.get(key, 0) if line is None else line)

    for key in data:
        if key not in KEYS:
            import difflib

            close = difflib.get_close_matches(str(key), KEYS, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f" (known: {', '.join(KEYS)})"
            raise fail(str(key), f"unknown key{hint}")

    def strings(key: str, value: Any, line: int | None = None, name: str = "") -> tuple[str, ...]:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            raise fail(name or key, "must be a list of strings", line)
        return tuple(value)

    def choice(key: str, allowed: Sequence[str]) -> str | None:
        value = data.get(key)
        if value is None:
            return None
        if value not in allowed:
            raise fail(key, f"must be one of {', '.join(allowed)} (got {value!r})")
        return str(value)

    severity = data.get("severity") or {}
    if not isinstance(severity, Mapping):
        raise fail("severity", "must map rule ids (or selectors) to error, warning or info")
    for rule, level in severity.items():
        if not isinstance(rule, str) or level not in SEVERITIES:
            raise fail(
                "severity",
                f"'{rule}': must be error, warning or info (got {level!r})",
                getattr(severity, "key_lines", {}).get(str(rule)),
            )

    per_path = data.get("per_path") or []
    if not isinstance(per_path, list):
        raise fail("per_path", "must be a list of {paths: [...], select: [...], ignore: [...]}")
    overrides = []
    for entry in per_path:
        entry_lines = getattr(entry, "key_lines", {})
        entry_line = getattr(entry, "line", None)
        if not isinstance(entry, Mapping) or "paths" not in entry:
            raise fail("per_path", "each entry needs 'paths' (a list of globs)", entry_line)
        for key in entry:
            if key not in PER_PATH_KEYS:
                raise fail(
                    f"per_path.{key}",
                    f"unknown key (known: {', '.join(PER_PATH_KEYS)})",
                    entry_lines.get(str(key), entry_line),
                )
        overrides.append(
            PathOverride(
                paths=strings(
                    "per_path", entry["paths"], entry_lines.get("paths"), "per_path.paths"
                ),
                select=strings(
                    "per_path", entry["select"], entry_lines.get("select"), "per_path.select"
                )
                if "select" in entry
                else None,
                ignore=strings(
                    "per_path",
                    entry.get("ignore", []),
                    entry_lines.get("ignore"),
                    "per_path.ignore",
                ),
            )
        )

    rules = tuple(
        check_rules_folder(folder, root, path, lines.get("rules", 0))
        for folder in strings("rules", data.get("rules", []))
    )
    baseline = data.get("baseline")
    if baseline is not None and (not isinstance(baseline, str) or not baseline):
        raise fail("baseline", "must be a file name (relative to the configuration file)")

    return Config(
        path=Path(path),
        root=root,
        select=strings("select", data.get("select", [])),
        ignore=strings("ignore", data.get("ignore", [])),
        severity=tuple((str(k), str(v)) for k, v in severity.items()),
        per_path=tuple(overrides),
        rules=rules,
        exclude=strings("exclude", data.get("exclude", [])),
        quote_style=choice("quote_style", QUOTE_STYLES) or "american",
        fail_on=choice("fail_on", FAIL_ON),
        baseline=root / baseline if baseline else None,
        source_lang=_source_langs(data.get("source_lang", "auto"), fail),
    )


def _source_langs(value: Any, fail: Any) -> tuple[str, ...]:
    """`auto` (every pack) or a list of language codes such as [fr, de]."""
    if value == "auto" or value == ["auto"]:
        return ()
    items = [value] if isinstance(value, str) else value
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(v, str) and v.isalpha() and v.islower() for v in items)
    ):
        raise fail("source_lang", "must be 'auto' or a list of language codes, e.g. [fr, de]")
    return tuple(items)


def check_rules_folder(folder: str, root: Path, config_path: Path, line: int = 0) -> Path:
    """Resolve a `rules:` folder and refuse one that leaves the repository.

    The repository root is the git root above the configuration file, or its folder outside
    git. A checked-in config must not make tqcheck read packs from elsewhere on the machine
    (`../../etc`, an absolute path, or a symlink pointing out), whatever the folder is called.
    """
    repo = (git_root(root) or root).resolve()
    target = (root / folder).resolve()
    if not target.is_relative_to(repo):
        raise ConfigError(
            config_path,
            f"rule folder {folder!r} is outside the repository root {repo}",
            "rules",
            line,
        )
    if not target.exists():
        raise ConfigError(config_path, f"rule folder {folder!r} does not exist", "rules", line)
    files = [target] if target.is_file() else sorted(target.rglob("*"))
    for file in files:
        if file.is_file() and not file.resolve().is_relative_to(repo):
            raise ConfigError(
                config_path,
                f"{file} in rule folder {folder!r} links outside the repository root {repo}",
                "rules",
                line,
            )
    return target
