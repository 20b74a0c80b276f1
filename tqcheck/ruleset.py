"""Load, validate and compile YAML rule packs into a Ruleset.

Packs are data written by people, so every mistake must come back as a message naming the file,
the line and the rule, never as a traceback. YAML is read with a safe loader only (no tag can
construct a Python object), and mappings remember their line for those messages.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .findings import FixSafety, Severity

if TYPE_CHECKING:
    from .checks import Rule

# The rule kinds (.checks) are imported where packs are compiled, not here: a run served by
# the pack cache and the findings cache reads this module (pack files, Ruleset) but never
# compiles a rule.

PACK_KEYS = frozenset({"pack", "lang", "description", "tables", "rules"})
FIX_VALUES = {"safe": FixSafety.SAFE, "unsafe": FixSafety.UNSAFE, "none": None}


class RulesetError(Exception):
    """A pack could not be loaded. str() gives `file:line: rule-id: message`."""

    def __init__(self, path: str, message: str, line: int = 0, rule_id: str = "") -> None:
        self.path, self.message, self.line, self.rule_id = path, message, line, rule_id
        where = f"{path}:{line}" if line else path
        who = f" {rule_id}:" if rule_id else ""
        super().__init__(f"{where}:{who} {message}")


# ---- YAML with line numbers ------------------------------------------------------------------


class LineDict(dict):  # type: ignore[type-arg]
    """A mapping from YAML that knows the line it started on, and each key's line."""

    line: int = 0
    key_lines: dict[str, int]


_LOADER: Any = None


def _line_loader() -> Any:
    """The SafeLoader subclass whose mappings record their lines and refuse duplicate keys.

    Built on first use, so a run served from the compiled-pack cache never imports yaml.
    """
    global _LOADER
    if _LOADER is None:
        import yaml

        class _LineLoader(yaml.SafeLoader):
            pass

        _LineLoader.add_constructor(
            yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping
        )
        _LOADER = _LineLoader
    return _LOADER


def _construct_mapping(loader: Any, node: Any) -> LineDict:
    import yaml

    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if not isinstance(key, (str, int, float, bool)) and key is not None:
            raise yaml.constructor.ConstructorError(
                None, None, "a mapping key must be a plain value", key_node.start_mark
            )
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {key!r}", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def load_yaml(text: str, path: str) -> Any:
    """Parse YAML safely; a syntax error becomes a RulesetError naming the line."""
    import yaml

    try:
        return yaml.load(text, Loader=_line_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        problem = exc.problem or str(exc)
        raise RulesetError(path, f"invalid YAML: {problem}", line) from None
    except yaml.YAMLError as exc:
        raise RulesetError(path, f"invalid YAML: {exc}") from None


# ---- packs and rulesets -------------------------------------------------------------------


@dataclass
class Pack:
    """One pack file: its name, source language, description, path and its rules, kept for
    the rule listing and the documentation."""

    name: str
    lang: str
    description: str
    path: str
    rules: list[Rule] = field(default_factory=list)


@dataclass
class Ruleset:
    """Compiled rules in a stable order (pack file order, then rule order within a pack)."""

    packs: list[Pack]
    rules: list[Rule]
    #: the compiled-pack cache's key of the packs these rules come from (cache.py), if any
    key: str | None = None

    def __post_init__(self) -> None:
        self.rules = [rule.bind(self.rules) for rule in self.rules]
        self.by_id = {rule.id: rule for rule in self.rules}

    def get(self, rule_id: str) -> Rule | None:
        return self.by_id.get(rule_id)

    def filtered(
        self,
        select: Sequence[str] = (),
        ignore: Sequence[str] = (),
        langs: Sequence[str] = (),
    ) -> Ruleset:
        """Keep rules matched by `select` (all if empty) and not by `ignore`.

        A selector matches a rule id, a category, a pack name or a source language, and may be a
        glob ("fr-ff-*").
        """
        rules = [
            rule
            for rule in self.rules
            if (not select or any(rule_matches(rule, s) for s in select))
            and not any(rule_matches(rule, s) for s in ignore)
            and (not langs or rule.lang in langs or rule.lang == "common")
        ]
        return Ruleset(self.packs, rules, self.key)


def rule_matches(rule: Rule, selector: str) -> bool:
    """Does `selector` (rule id, category, pack, language, or a glob of them) name this rule?"""
    return any(
        fnmatch.fnmatchcase(value, selector)
        for value in (rule.id, rule.category, rule.pack, rule.lang, *rule.tags)
    )


def builtin_rules_dir() -> Path:
    """The packs shipped with tqcheck: inside the wheel, or `rules/` of a source checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "rules"
    return installed if installed.is_dir() else here.parent / "rules"


def pack_files(directory: Path) -> list[Path]:
    """YAML files under a rules folder, in a stable order."""
    if directory.is_file():
        return [directory]
    return sorted(p for p in directory.rglob("*") if p.suffix in (".yaml", ".yml") and p.is_file())


def load_pack(path: Path, display: str | None = None) -> Pack:
    """Read and compile one pack file."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise RulesetError(name, f"cannot read pack: {exc}") from None
    return compile_pack(load_yaml(text, name), name)


def compile_pack(data: Any, path: str) -> Pack:
    """Validate a parsed pack and compile its rules."""
    if not isinstance(data, Mapping):
        raise RulesetError(path, "a pack must be a YAML mapping with 'pack' and 'rules'")
    line_of = getattr(data, "key_lines", {})
    unknown = sorted(set(map(str, data)) - PACK_KEYS)
    if unknown:
        raise RulesetError(
            path,
            f"unknown key {unknown[0]!r} (expected {', '.join(sorted(PACK_KEYS))})",
            line_of.get(unknown[0], 0),
        )
    for key in ("pack", "lang", "rules"):
        if key not in data:
            raise RulesetError(path, f"missing required key '{key}'", getattr(data, "line", 0))
    name, lang = data["pack"], data["lang"]
    if not isinstance(name, str) or not isinstance(lang, str):
        raise RulesetError(path, "'pack' and 'lang' must be strings", line_of.get("pack", 0))
    tables = data.get("tables") or {}
    if not isinstance(tables, Mapping) or not all(isinstance(t, Mapping) for t in tables.values()):
        raise RulesetError(path, "'tables' must map names to mappings", line_of.get("tables", 0))
    tables = {str(t): {str(k): str(v) for k, v in table.items()} for t, table in tables.items()}
    rules_data = data["rules"]
    if not isinstance(rules_data, list) or not rules_data:
        raise RulesetError(path, "'rules' must be a non-empty list", line_of.get("rules", 0))
    pack = Pack(name, lang, str(data.get("description", "")), path)
    for spec in rules_data:
        pack.rules.append(compile_rule(spec, pack, tables))
    return pack


def compile_rule(spec: Any, pack: Pack, tables: Mapping[str, Mapping[str, str]]) -> Rule:
    """Validate one rule mapping and build its kind's Rule object."""
    from .checks import CATEGORIES, RuleSpecError, rule_class
    from .checks.base import COMMON_KEYS, compile_conditions

    line = getattr(spec, "line", 0)
    if not isinstance(spec, Mapping):
        raise RulesetError(pack.path, "each rule must be a mapping", line)
    rule_id = spec.get("id")
    if not isinstance(rule_id, str) or not rule_id:
        raise RulesetError(pack.path, "rule without an 'id'", line)
    key_lines = getattr(spec, "key_lines", {})

    def fail(message: str, key: str | None = None) -> RulesetError:
        return RulesetError(pack.path, message, key_lines.get(key or "", line), rule_id)

    for key in ("kind", "category", "message", "why", "examples"):
        if key not in spec:
            raise fail(f"missing required key '{key}'")
    try:
        cls = rule_class(str(spec["kind"]))
    except RuleSpecError as exc:
        raise fail(str(exc), "kind") from None
    unknown = sorted(set(map(str, spec)) - COMMON_KEYS - cls.kind_keys)
    if unknown:
        allowed = ", ".join(sorted(COMMON_KEYS | cls.kind_keys))
        raise fail(f"unknown key {unknown[0]!r} for kind {cls.kind_name} ({allowed})", unknown[0])
    if spec["category"] not in CATEGORIES:
        raise fail(
            f"unknown category {spec['category']!r} (expected {', '.join(CATEGORIES)})",
            "category",
        )
    for key in ("message", "why"):
        if not isinstance(spec[key], str) or not spec[key].strip():
            raise fail(f"'{key}' must be a non-empty string", key)
    try:
        severity = Severity.parse(str(spec.get("severity", "warning")))
    except ValueError as exc:
        raise fail(str(exc), "severity") from None
    fix = spec.get("fix", "none")
    if fix not in FIX_VALUES:
        raise fail("'fix' must be safe, unsafe or none", "fix")
    tags = spec.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise fail("'tags' must be a list of strings", "tags")
    try:
        examples = _check_examples(spec["examples"], FIX_VALUES[fix] is not None)
        common: dict[str, Any] = {
            "id": rule_id,
            "category": spec["category"],
            "severity": severity,
            "message": spec["message"].strip(),
            "why": " ".join(spec["why"].split()),
            "fix_safety": FIX_VALUES[fix],
            "pack": pack.name,
            "lang": pack.lang,
            "when": compile_conditions(spec.get("when"), "when"),
            "unless": compile_conditions(spec.get("unless"), "unless"),
            "examples": examples,
            "tags": tuple(tags),
            "source": pack.path,
            "line": line,
            "tables": tables,
        }
        return cls.from_spec(spec, common)
    except RuleSpecError as exc:
        raise fail(str(exc), exc.key) from None


def _check_examples(examples: Any, has_fix: bool) -> tuple[dict[str, str], ...]:
    from .checks import RuleSpecError

    if not isinstance(examples, list):
        raise RuleSpecError("'examples' must be a list", "examples")
    checked = []
    for example in examples:
        if not isinstance(example, Mapping) or not (
            set(example) <= {"bad", "fixed", "good"}
            and (("bad" in example) != ("good" in example))
            and ("fixed" not in example or "bad" in example)
            and all(isinstance(v, str) for v in example.values())
        ):
            raise RuleSpecError(
                "each example is {bad: ..., fixed: ...} or {good: ...} with string values",
                "examples",
            )
        checked.append({str(k): str(v) for k, v in example.items()})
    if not any("bad" in e for e in checked) or not any("good" in e for e in checked):
        raise RuleSpecError("'examples' needs at least one 'bad' and one 'good'", "examples")
    if has_fix and not any("fixed" in e for e in checked):
        raise RuleSpecError("a rule with a fix needs a 'bad' example with 'fixed'", "examples")
    return tuple(checked)


def load_ruleset(
    extra_dirs: Iterable[str | Path] = (),
    builtin: bool = True,
) -> Ruleset:
    """Load the shipped packs (unless `builtin` is False) and the user's rule folders."""
    sources: list[tuple[Path, str]] = []
    if builtin:
        base = builtin_rules_dir()
        sources += [(p, f"rules/{p.relative_to(base).as_posix()}") for p in pack_files(base)]
    for directory in extra_dirs:
        path = Path(directory)
        if not path.exists():
            raise RulesetError(str(directory), "rule folder does not exist")
        sources += [(p, str(p)) for p in pack_files(path)]
    packs = [load_pack(path, display) for path, display in sources]
    return assemble(packs)


def assemble(packs: list[Pack]) -> Ruleset:
    """Put packs together, refusing two rules with one id."""
    seen: dict[str, Rule] = {}
    rules: list[Rule] = []
    names: dict[str, str] = {}
    for pack in packs:
        if pack.name in names:
            raise RulesetError(
                pack.path, f"pack name {pack.name!r} is also used by {names[pack.name]}"
            )
        names[pack.name] = pack.path
        for rule in pack.rules:
            if rule.id in seen:
                other = seen[rule.id]
                raise RulesetError(
                    pack.path,
                    f"rule id is also defined in {other.source}:{other.line}",
                    rule.line,
                    rule.id,
                )
            seen[rule.id] = rule
            rules.append(rule)
    return Ruleset(packs, rules)
