"""Fuzz the parsers for a fixed time: pack loader, config loader, Markdown and HTML readers.

    python bench/fuzz.py --seconds 60

Hypothesis drives each target with random input, round-robin, until the time is up. The
invariant: a RulesetError / ConfigError with a message, or success; never any other exception;
a markup reader's mask is exactly as long as its text. A failure prints the input and exits 1.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tqcheck.config import KEYS, ConfigError, ConfigResolver  # noqa: E402
from tqcheck.markup import html as html_reader  # noqa: E402
from tqcheck.markup import markdown as markdown_reader  # noqa: E402
from tqcheck.ruleset import RulesetError, compile_pack, load_yaml  # noqa: E402

# ---- strategies ------------------------------------------------------------------------------

YAML_TOKENS = [
    "pack:",
    "lang:",
    "rules:",
    "tables:",
    "- ",
    "id:",
    "kind:",
    "pattern",
    "substitute",
    "boilerplate",
    "category:",
    "calque",
    "message:",
    "why:",
    "examples:",
    "bad:",
    "good:",
    "fixed:",
    "fix:",
    "safe",
    "swap:",
    "replace:",
    "when:",
    "unless:",
    "after:",
    "window:",
    "lines:",
    "&a",
    "*a",
    "!!python/object:os.system",
    "!!binary",
    "!!set",
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "'",
    '"',
    "|",
    ">",
    "\n",
    "\n  ",
    "\n    ",
    "\t",
    "#",
    "---",
    "...",
    "? ",
    "%YAML",
    "~",
    "null",
    "1e999",
    "-1",
    "0x10",
    "(a+)+$",
    "\\",
    "\x00",
    "\ufeff",
    "😀",
]
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=True),
    st.text(max_size=12),
    st.sampled_from(
        [
            "pattern",
            "substitute",
            "boilerplate",
            "calque",
            "safe",
            "unsafe",
            "(a+)+",
            "[",
            "{x}",
            "{x|t}",
            "error",
            "warning",
        ]
    ),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4),
        st.dictionaries(
            st.sampled_from(
                [
                    "id",
                    "kind",
                    "category",
                    "message",
                    "why",
                    "examples",
                    "fix",
                    "pattern",
                    "replace",
                    "swap",
                    "lines",
                    "when",
                    "unless",
                    "after",
                    "window",
                    "bad",
                    "good",
                    "fixed",
                    "group",
                    "tags",
                    "severity",
                    "where",
                    "within",
                    "ignore_case",
                    "notes",
                    "x",
                ]
            ),
            inner,
            max_size=8,
        ),
    ),
    max_leaves=20,
)
RULE = st.fixed_dictionaries(
    {
        "id": st.text(min_size=1, max_size=8),
        "kind": st.sampled_from(["pattern", "substitute", "boilerplate", "nope"]),
        "category": st.sampled_from(["calque", "typography", "bogus"]),
        "message": st.text(max_size=20),
        "why": st.text(max_size=20),
        "examples": VALUES,
    },
    optional={
        "pattern": st.one_of(st.text(max_size=12), VALUES),
        "swap": VALUES,
        "lines": VALUES,
        "replace": VALUES,
        "fix": st.sampled_from(["safe", "unsafe", "none", "maybe"]),
        "when": VALUES,
        "unless": VALUES,
        "group": VALUES,
        "severity": VALUES,
    },
)
PACK = st.fixed_dictionaries(
    {"pack": SCALARS, "lang": SCALARS, "rules": st.one_of(st.lists(RULE, max_size=3), VALUES)},
    optional={"tables": VALUES, "description": VALUES, "extra": VALUES},
)
YAMLISH = st.lists(st.sampled_from(YAML_TOKENS) | st.text(max_size=4), max_size=40).map("".join)
# Every key the configuration knows, plus a per_path key and an unknown one.
CONFIG_KEYS = [*KEYS, "paths", "x"]
MARKUP_TOKENS = [
    "<p>",
    "</p>",
    "<",
    ">",
    "</",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "<script>",
    "</script>",
    "<pre>",
    "&",
    "&amp;",
    "&eacute;",
    "&#",
    "&#x110000;",
    "&#0;",
    ";",
    "`",
    "```",
    "~~~",
    "    ",
    "\n",
    "\r\n",
    "\r",
    "---\n",
    "+++\n",
    "[",
    "](",
    ")",
    "![",
    "<http://x>",
    "*",
    "_",
    "#",
    "> ",
    "- ",
    "1. ",
    "|",
    "\\",
    "tqcheck-disable",
    "tqcheck-enable",
    "<!-- tqcheck-disable-next-line x -->",
    "Poutine",
    "é",
    "😀",
    "\x0b",
    "\x1b",
]
MARKUP = st.lists(st.sampled_from(MARKUP_TOKENS) | st.text(max_size=3), max_size=60).map("".join)

# ---- targets -------------------------------------------------------------------------------


def target_yaml(text: str) -> None:
    try:
        compile_pack(load_yaml(text, "fuzz.yaml"), "fuzz.yaml")
    except RulesetError as exc:
        assert str(exc)


def target_pack(data: dict) -> None:
    try:
        compile_pack(data, "fuzz.yaml")
    except RulesetError as exc:
        assert str(exc)


def target_config(text: str, folder: Path) -> None:
    (folder / ".tqcheck.yaml").write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        ConfigResolver(None).for_path(folder / "a.txt")
    except ConfigError as exc:
        assert str(exc)


def target_markup(text: str) -> None:
    for reader in (markdown_reader.read, html_reader.read):
        result = reader(text)
        assert len(result.prose) == len(text), reader


# ---- the loop ---------------------------------------------------------------------------------


def run_for(seconds: float) -> int:
    folder = Path(tempfile.mkdtemp(prefix="tqcheck-fuzz-"))
    config_text = st.one_of(
        YAMLISH,
        st.dictionaries(st.sampled_from(CONFIG_KEYS), VALUES, max_size=5).map(
            lambda d: "\n".join(f"{k}: {v!r}" for k, v in d.items())
        ),
    )
    tests: dict[str, tuple[st.SearchStrategy, Callable[..., None]]] = {
        "pack YAML text": (YAMLISH, target_yaml),
        "pack mapping": (PACK, target_pack),
        "config file": (config_text, lambda t: target_config(t, folder)),
        "markdown/html": (MARKUP, target_markup),
    }
    counts = dict.fromkeys(tests, 0)
    deadline = time.monotonic() + seconds
    batch = 200
    while time.monotonic() < deadline:
        for name, (strategy, target) in tests.items():
            configured = settings(
                max_examples=batch,
                deadline=None,
                database=None,
                suppress_health_check=list(HealthCheck),
            )(given(strategy)(target))
            try:
                configured()
            except Exception:
                print(f"FAILED: {name}")
                traceback.print_exc()
                return 1
            counts[name] += batch
            if time.monotonic() >= deadline:
                break
    for name, count in counts.items():
        print(f"{name}: {count} inputs, no failure")
    print(f"total {sum(counts.values())} inputs in {seconds:.0f} s")
    return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    sys.exit(run_for(parser.parse_args().seconds))


if __name__ == "__main__":
    main()
