"""`pattern`: a regular expression with named groups and a replacement template.

Calques and false friends need context a dictionary cannot hold ("the head of Russian diplomacy"
-> "Russia's foreign minister"), so the replacement is a template over the match's groups, with
lookups in the pack's tables.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..findings import Finding
from ..prefilter import iter_matches
from ..regex_cache import precompiled
from .base import (
    BUILTIN_FILTERS,
    Rule,
    RuleSpecError,
    carry_case,
    compile_regex,
    render_template,
)

_PLACEHOLDER_NAMES = precompiled(r"\{(\w+)((?:\|\w+)*)\}")


@dataclass(eq=False, repr=False)  # Rule's own __eq__ and __repr__
class PatternRule(Rule):
    """A regex with named groups; the fix is a replacement template over them."""

    kind_name = "pattern"
    kind_keys = frozenset({"pattern", "replace", "group"})

    pattern: str = ""
    replace: tuple[str, ...] = ()
    group: str | None = None
    _regex: re.Pattern[str] | None = field(default=None, repr=False)

    @classmethod
    def from_spec(cls, spec: Mapping[str, Any], common: dict[str, Any]) -> PatternRule:
        regex = compile_regex(spec.get("pattern"), "pattern")
        replace = spec.get("replace", [])
        replace = [replace] if isinstance(replace, str) else replace
        if not isinstance(replace, list) or not all(isinstance(r, str) for r in replace):
            raise RuleSpecError("'replace' must be a string or a list of strings", "replace")
        group = spec.get("group")
        if group is not None and (not isinstance(group, str) or group not in regex.groupindex):
            raise RuleSpecError(f"'group' {group!r} is not a named group of the pattern", "group")
        tables = common.get("tables", {})
        for template in replace:
            for name, chain in _PLACEHOLDER_NAMES.findall(template):
                if not name.isdigit() and name not in regex.groupindex:
                    raise RuleSpecError(
                        f"'replace' uses {{{name}}}, which is not a named group of the pattern",
                        "replace",
                    )
                for table in filter(None, chain.split("|")):
                    if table not in tables and table not in BUILTIN_FILTERS:
                        raise RuleSpecError(
                            f"'replace' looks up table {table!r}, which the pack does not "
                            f"define and is not a built-in filter ({', '.join(BUILTIN_FILTERS)})",
                            "replace",
                        )
        if common.get("fix_safety") is not None and not replace:
            raise RuleSpecError("a rule with a fix needs 'replace'", "replace")
        rule = cls(**common, pattern=regex.pattern, replace=tuple(replace), group=group)
        rule._regex = regex
        return rule

    @property
    def regex(self) -> re.Pattern[str]:
        if self._regex is None:
            self._regex = compile_regex(self.pattern, "pattern")
        return self._regex

    def find(
        self, doc: Document, regions: Sequence[tuple[int, int]] | None = None
    ) -> Iterator[Finding]:
        """Findings in the whole text, or only in `regions` (the prefilter's windows)."""
        for m in iter_matches(self.regex, doc.prose, regions, fast=True):
            if self.group is not None:
                start, end = m.span(self.group)
                if start < 0:
                    continue
            else:
                start, end = m.span()
            if end <= start or not self.allowed(doc, start, end):
                continue
            values: dict[str, str | None] = dict(m.groupdict())
            values["0"] = m.group(0)
            matched = doc.text[start:end]
            suggestions = []
            for template in self.replace:
                text = render_template(template, values, self.tables)
                if text is not None:
                    text = carry_case(matched, text)
                    if text not in suggestions:
                        suggestions.append(text)
            yield self.make_finding(doc, start, end, tuple(suggestions), values=values)

    def describe_options(self) -> dict[str, Any]:
        return {"pattern": self.pattern}

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_regex"] = None
        return state
