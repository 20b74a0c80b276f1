"""The bare floor: one pass over the text with the name dictionary, no rules, no reports.

    python bench/floors.py ahocorasick PATH   # one pyahocorasick pass per file
    python bench/floors.py re PATH            # one compiled `re` alternation per file
    python bench/floors.py --export-prh OUT   # the same dictionary as a textlint-rule-prh file

It prints the number of matches, so a run can be checked against what was planted. It is what
any dictionary linter must at least pay; tqcheck does that and then runs ~200 more rules.
"""

from __future__ import annotations

import json
import os
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


EXPORTED = Path(__file__).resolve().parent / "out" / "names.json"


def _js_pattern(literal: str) -> str:
    """A prh /regex/ for a literal (prh's own escaping writes '\\-', which JS refuses)."""
    special = set("\\^$.*+?()[]{}|/")
    return "/" + "".join("\\" + c if c in special else c for c in literal) + "/"


def dictionary() -> dict[str, str]:
    """Wrong form -> right form, from the name rules of rules/fr/names.yaml (read from the
    JSON export when it exists, so a floor run pays for no YAML parsing)."""
    if EXPORTED.exists():
        return json.loads(EXPORTED.read_text(encoding="utf-8"))  # type: ignore[no-any-return]
    import yaml

    data = yaml.safe_load((ROOT / "rules" / "fr" / "names.yaml").read_text(encoding="utf-8"))
    pairs: dict[str, str] = {}
    for rule in data["rules"]:
        for wrong, right in (rule.get("swap") or {}).items():
            pairs[str(wrong)] = right[0] if isinstance(right, list) else str(right)
    return pairs


def files(path: str) -> list[str]:
    if os.path.isfile(path):
        return [path]
    out = []
    for folder, _, names in os.walk(path):
        out += [os.path.join(folder, n) for n in names if n.endswith((".txt", ".md"))]
    return sorted(out)


def main() -> None:
    if sys.argv[1] == "--export-prh":
        pairs = dictionary()
        EXPORTED.parent.mkdir(parents=True, exist_ok=True)
        EXPORTED.write_text(json.dumps(pairs, ensure_ascii=False), encoding="utf-8")
        rules = [
            {"expected": right, "pattern": _js_pattern(wrong)} for wrong, right in pairs.items()
        ]
        import yaml

        Path(sys.argv[2]).write_text(
            yaml.safe_dump({"version": 1, "rules": rules}, allow_unicode=True), encoding="utf-8"
        )
        return
    kind, path = sys.argv[1], sys.argv[2]
    words = sorted(dictionary(), key=lambda w: (-len(w), w))
    count = 0
    if kind == "ahocorasick":
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for w in words:
            automaton.add_word(w, w)
        automaton.make_automaton()
        for name in files(path):
            text = Path(name).read_text(encoding="utf-8")
            count += sum(1 for _ in automaton.iter(text))
    else:
        regex = re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")\b")
        for name in files(path):
            count += sum(1 for _ in regex.finditer(Path(name).read_text(encoding="utf-8")))
    print(json.dumps({"matches": count}))


if __name__ == "__main__":
    main()
