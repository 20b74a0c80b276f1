"""What every rule kind shares: identity, context conditions, message templates, case carry.

A rule kind subclasses `Rule`, declares the YAML keys it accepts (`kind_keys`) and implements
`find`. Everything a finding needs beyond the span (message, why, severity, fix safety) is built
here, so each kind only decides *where* it matches and *what* to suggest.
"""

from __future__ import annotations

import dataclasses
import functools
import re
import reprlib
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from .. import regex_cache
from ..document import Document
from ..findings import Edit, Finding, Fix, FixSafety, Severity
from ..regex_cache import precompiled
from ..regex_guard import compile_pattern, is_risky

CATEGORIES = (
    "name-form",
    "false-friend",
    "calque",
    "typography",
    "punctuation",
    "boilerplate",
    "untranslated",
    "repetition",
    "consistency",
    "agreement",
)

COMMON_KEYS = frozenset(
    {
        "id",
        "kind",
        "category",
        "severity",
        "message",
        "why",
        "fix",
        "unless",
        "when",
        "examples",
        "tags",
    }
)


class RuleSpecError(ValueError):
    """A rule's YAML is wrong. Carries the key at fault so the loader can name it."""

    def __init__(self, message: str, key: str | None = None) -> None:
        super().__init__(message)
        self.key = key


# ---- context conditions -------------------------------------------------------------------

_CONDITION_KEYS = ("before", "after", "near", "sentence", "paragraph", "match")


@dataclass(frozen=True)
class Condition:
    """Regexes searched around a match; `holds` is true when every one of them is found."""

    tests: tuple[tuple[str, re.Pattern[str]], ...]
    window: int = 60

    def holds(self, doc: Document, start: int, end: int, require_all: bool = True) -> bool:
        """True when every test is found (`when`), or with require_all=False any (`unless`)."""
        # Each region is sliced out so that '^' and '$' anchor at its edges: "immediately
        # after the match" is written '^...' in `after`, "immediately before" '...$' in `before`.
        prose = doc.prose
        for where, regex in self.tests:
            if where == "before":
                found = regex.search(prose[max(0, start - self.window) : start])
            elif where == "after":
                found = regex.search(prose[end : end + self.window])
            elif where == "near":
                found = regex.search(prose[max(0, start - self.window) : start]) or regex.search(
                    prose[end : end + self.window]
                )
            elif where == "sentence":
                span = doc.sentence_at(start)
                found = regex.search(prose[span.start : max(span.end, end)])
            elif where == "paragraph":
                span = doc.paragraph_at(start)
                found = regex.search(prose[span.start : max(span.end, end)])
            else:  # match
                found = regex.search(prose[start:end])
            if found and not require_all:
                return True
            if not found and require_all:
                return False
        return require_all


def _compile_condition(spec: Any, key: str) -> Condition:
    if not isinstance(spec, Mapping):
        raise RuleSpecError(f"'{key}' must be a mapping or a list of mappings", key)
    unknown = set(spec) - set(_CONDITION_KEYS) - {"window"}
    if unknown:
        raise RuleSpecError(
            f"unknown key {sorted(unknown)[0]!r} in '{key}' "
            f"(expected {', '.join(_CONDITION_KEYS)}, window)",
            key,
        )
    window = spec.get("window", 60)
    if not isinstance(window, int) or window < 1:
        raise RuleSpecError(f"'{key}.window' must be a positive whole number", key)
    tests = []
    for where in _CONDITION_KEYS:
        if where in spec:
            tests.append((where, compile_regex(spec[where], f"{key}.{where}")))
    if not tests:
        raise RuleSpecError(f"'{key}' names no condition", key)
    return Condition(tuple(tests), window)


# `unless` holds when any one of its tests is found, so the tests of all of a rule's `unless`
# conditions that look at the same text (same place, same window) can be searched as one
# alternation: a rule with 23 of them (fr-name-place) searched 23 slices per match.

_Looked = tuple[str, int]  # (where, window)
_MERGED: dict[int, tuple[tuple[Condition, ...], list[Condition]]] = {}
_FLAG_LETTERS = ((re.IGNORECASE, "i"), (re.MULTILINE, "m"), (re.DOTALL, "s"))
_INLINE_FLAGS = precompiled(r"(?:\(\?[imsx]+\))+")


def _scoped(regex: Any) -> str | None:
    """`regex` as a self-contained piece of an alternation (`(?i)x` -> `(?i:x)`), or None when
    it cannot be one: groups (back-references would shift), verbose mode, a time limit,
    flags a scoped group cannot carry."""
    pattern, flags = regex.pattern, regex.flags & ~re.UNICODE
    head = _INLINE_FLAGS.match(pattern)
    letters = set(head.group(0)) - set("(?)") if head else set()
    body = pattern[head.end() :] if head else pattern
    for flag, letter in _FLAG_LETTERS:
        if flags & flag:
            letters.add(letter)
            flags &= ~flag
    if flags or "x" in letters:
        return None
    # The pack cache knows each test's risk and code (regex_cache): parsing ~20 tests
    # again on every run cost ~1.5 ms of a one-article start.
    plain = regex.flags & ~re.UNICODE
    try:
        risky = regex_cache.known_risky(pattern, plain)
        if risky is None:
            risky = is_risky(pattern, regex.flags)
        if risky or regex_cache.compile(pattern, plain).groups:
            return None
    except re.error:
        return None
    return f"(?{''.join(sorted(letters))}:{body})" if letters else f"(?:{body})"


def _merged_unless(unless: tuple[Condition, ...]) -> list[Condition]:
    """One-test conditions to search, the tests of the same place merged where they can."""
    memo = _MERGED.get(id(unless))
    if memo is not None and memo[0] is unless:
        return memo[1]
    pieces: dict[_Looked, list[str]] = {}
    alone: list[tuple[str, int, Any]] = []
    for condition in unless:
        for where, regex in condition.tests:
            piece = _scoped(regex)
            if piece is None:
                alone.append((where, condition.window, regex))
            else:
                pieces.setdefault((where, condition.window), []).append(piece)
    merged: list[tuple[str, int, Any]] = []
    for (where, window), listed in pieces.items():
        try:
            merged.append((where, window, regex_cache.compile("|".join(listed))))
        except re.error:  # pragma: no cover - each piece compiled alone
            merged.extend((where, window, regex_cache.compile(p)) for p in listed)
    result = [Condition(((where, regex),), window) for where, window, regex in merged + alone]
    if len(_MERGED) > 4096:
        _MERGED.clear()
    _MERGED[id(unless)] = (unless, result)
    return result


def unless_patterns(unless: tuple[Condition, ...]) -> list[tuple[str, int]]:
    """(pattern, flags) of every regex `allowed` searches for these `unless` conditions,
    merged ones included, for the pack cache's regex code table (tqcheck/cache.py)."""
    return [
        (regex.pattern, regex.flags & ~re.UNICODE)
        for condition in _merged_unless(unless)
        for _, regex in condition.tests
        if isinstance(regex.pattern, str)
    ]


def _any_found(tests: list[Condition], doc: Document, start: int, end: int) -> bool:
    """Is any of the tests found where it looks (Condition.holds with require_all=False)?"""
    return any(c.holds(doc, start, end, require_all=False) for c in tests)


def compile_conditions(spec: Any, key: str) -> tuple[Condition, ...]:
    if spec is None:
        return ()
    items = spec if isinstance(spec, list) else [spec]
    return tuple(_compile_condition(item, key) for item in items)


def compile_regex(source: Any, key: str, flags: int = 0) -> re.Pattern[str]:
    """Compile a pack's regex, turning a syntax error into a message naming the key."""
    if not isinstance(source, str) or not source:
        raise RuleSpecError(f"'{key}' must be a non-empty string (a regular expression)", key)
    try:
        return compile_pattern(source, flags)  # type: ignore[return-value]
    except re.error as exc:
        raise RuleSpecError(f"'{key}' is not a valid regular expression: {exc}", key) from None


# ---- templates and case ----------------------------------------------------------------------

_PLACEHOLDER = precompiled(r"\{(\w+)((?:\|\w+)*)\}")


def _gerund(verb: str) -> str | None:
    """English -ing form of a regular verb: the fallback when a pack's table lacks the verb."""
    if not verb.isalpha() or not verb.islower() or len(verb) < 2:
        return None
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    vowels = "aeiou"
    if (
        len(verb) <= 4
        and verb[-1] not in vowels + "wxy"
        and verb[-2] in vowels
        and verb[-3:-2] not in ("", *vowels)
    ):
        return verb + verb[-1] + "ing"
    return verb + "ing"


#: Filters every template can use after the pack's own tables: `{verb|gerund|ing}` looks the
#: verb up in the table `gerund` and, failing that, builds the -ing form.
BUILTIN_FILTERS = {
    "ing": _gerund,
    "lower": str.lower,
    "upper": str.upper,
    "capitalize": lambda s: s[:1].upper() + s[1:],
}


def render_template(
    template: str,
    values: Mapping[str, str | None],
    tables: Mapping[str, Mapping[str, str]] | None = None,
    strict: bool = True,
) -> str | None:
    """Fill `{name}` and `{name|table}` placeholders.

    `{name|a|b}` tries the table (or built-in filter) `a`, then `b`, on the group's text: the
    first that gives an answer wins. With `strict`, a missing value or a failed lookup makes the
    whole result None (the finding then has no fix); otherwise the placeholder is left as
    written, which is what a message wants.
    """
    failed = False

    def substitute(m: re.Match[str]) -> str:
        nonlocal failed
        name, chain = m.group(1), [f for f in m.group(2).split("|") if f]
        value = values.get(name)
        if value is not None and chain:
            value = _apply_filters(value, chain, tables or {})
        if value is None:
            failed = True
            return m.group(0)
        return value

    result = _PLACEHOLDER.sub(substitute, template)
    if failed and strict:
        return None
    return result


def _apply_filters(
    value: str, chain: list[str], tables: Mapping[str, Mapping[str, str]]
) -> str | None:
    for name in chain:
        found: str | None = None
        if name in tables:
            table = tables[name]
            key = normalise_key(value)
            # A word that opens a sentence is capitalised; a table lists it once, in lower
            # case, and the fix gets its capital back from `carry_case`. An entry may map to
            # the empty string (a word the fix deletes: French 'n'' before a verb), which is
            # an answer, not a failed lookup.
            for candidate in (value, key, key[:1].lower() + key[1:]):
                found = table.get(candidate)
                if found is not None:
                    break
        elif name in BUILTIN_FILTERS:
            found = BUILTIN_FILTERS[name](value) or None
        if found is not None:
            return found
    return None


def carry_case(matched: str, replacement: str) -> str:
    """Give the replacement the matched text's case: POUTINE -> PUTIN, The x -> The y."""
    if not replacement:
        return replacement
    letters = [c for c in matched if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        return replacement.upper()
    # Only a replacement that itself starts with a lowercase letter is capitalised: "19th"
    # must not become "19Th", nor "é" become "É" because the match started with "Ã".
    if matched[:1].isupper() and replacement[:1].islower():
        return replacement[0].upper() + replacement[1:]
    return replacement


def strip_accents(text: str) -> str:
    """'Pékin' -> 'Pekin': the spelling a scraper or a keyboard without accents leaves."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def normalise_key(text: str) -> str:
    """Collapse whitespace and typographic apostrophes so lookups ignore them."""
    return " ".join(text.replace("’", "'").split())


# ---- the rule ----------------------------------------------------------------------------------


@dataclass(eq=False, repr=False)
class Rule:
    """A compiled rule. Subclasses add their own fields and implement `find`.

    A subclass is declared `@dataclass(eq=False, repr=False)`: `__eq__` and `__repr__` below
    give what a dataclass's would (equal when of the same class with equal compared fields;
    the class name and each shown field), read from the dataclass fields of the instance's
    class. `dataclass()` compiles both for every class it decorates, ~0.45 ms per rule kind at
    each start-up.
    """

    kind_name: ClassVar[str] = ""
    kind_keys: ClassVar[frozenset[str]] = frozenset()
    #: Detectors that never need a literal anchor (prefilter) set this False.
    literal: ClassVar[bool] = True

    id: str
    category: str
    severity: Severity
    message: str
    why: str
    fix_safety: FixSafety | None
    pack: str
    lang: str
    when: tuple[Condition, ...] = ()
    unless: tuple[Condition, ...] = ()
    examples: tuple[dict[str, str], ...] = ()
    tags: tuple[str, ...] = ()
    source: str = ""
    line: int = 0
    tables: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        names = _compared_fields(self.__class__)
        return tuple(getattr(self, n) for n in names) == tuple(getattr(other, n) for n in names)

    __hash__ = None  # type: ignore[assignment]  # mutable and compared by value, as a dataclass

    @reprlib.recursive_repr()
    def __repr__(self) -> str:
        shown = ", ".join(f"{n}={getattr(self, n)!r}" for n in _shown_fields(self.__class__))
        return f"{self.__class__.__qualname__}({shown})"

    @property
    def kind(self) -> str:
        return self.kind_name

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], common: dict[str, Any]) -> Rule:
        """Build the rule from its YAML mapping; `common` holds the already checked fields."""
        raise NotImplementedError

    def find(self, doc: Document) -> Iterator[Finding]:
        raise NotImplementedError

    # -- helpers for subclasses --

    def allowed(self, doc: Document, start: int, end: int) -> bool:
        """Apply `when`/`unless`: is this match an error in its context?"""
        if self.when and not any(c.holds(doc, start, end) for c in self.when):
            return False
        if not self.unless:
            return True
        return not _any_found(_merged_unless(self.unless), doc, start, end)

    def make_finding(
        self,
        doc: Document,
        start: int,
        end: int,
        suggestions: tuple[str, ...] = (),
        values: Mapping[str, str | None] | None = None,
        edit: tuple[int, int, str] | None = None,
        **extra: Any,
    ) -> Finding:
        """A finding for text[start:end]; the fix replaces it with the first suggestion.

        `edit` overrides the span the fix replaces (boilerplate deletes the whole line).
        """
        matched = doc.text[start:end]
        fix = None
        if self.fix_safety is not None:
            if edit is not None:
                fix = Fix((Edit(*edit),), self.fix_safety)
            elif suggestions and suggestions[0] != matched:
                fix = Fix((Edit(start, end, suggestions[0]),), self.fix_safety)
        fields: dict[str, str | None] = {"match": matched}
        if values:
            fields.update(values)
        fields["suggestion"] = suggestions[0] if suggestions else ""
        message = render_template(self.message, fields, self.tables, strict=False) or ""
        return Finding(
            rule_id=self.id,
            category=self.category,
            severity=self.severity,
            message=message,
            why=self.why,
            start=start,
            end=end,
            matched=matched,
            suggestions=suggestions,
            fix=fix,
            source_lang=self.lang,
            pack=self.pack,
            confidence=extra.pop("confidence", None),
            related=extra.pop("related", ()),
            extra=extra,
        )

    def bind(self, rules: Sequence[Rule]) -> Rule:
        """This rule as it runs beside `rules` (the ruleset it was assembled or filtered into).

        Most rules stand alone and return themselves. A detector that needs what other rules
        know (the consistency check reads the name packs' canonical forms) returns a copy
        holding it, so two filtered rulesets sharing one compiled rule never disturb each other.
        """
        return self

    def describe_options(self) -> dict[str, Any]:
        """Kind-specific settings shown by `tqcheck explain`."""
        return {}


@functools.cache
def _compared_fields(cls: type[Rule]) -> tuple[str, ...]:
    """The fields a dataclass `__eq__` of `cls` would compare, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.compare)


@functools.cache
def _shown_fields(cls: type[Rule]) -> tuple[str, ...]:
    """The fields a dataclass `__repr__` of `cls` would show, in declaration order."""
    return tuple(f.name for f in dataclasses.fields(cls) if f.repr)
