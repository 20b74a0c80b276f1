"""Time tqcheck against its peers on the generated corpora, whole processes, side by side.

    python bench/gen_corpus.py                     # once: bench/out/corpus
    bash bench/setup_peers.sh                      # once: textlint+prh, proselint under bench/out
    python bench/run.py --write bench/results.md   # measure and write the report

Every figure is a whole process (interpreter start-up, imports, pack loading included), timed
with a wall clock; peak memory is the child's maximum resident set (wait4 rusage). Tools run
alternately within each round (A B C, A B C, ...), so a machine that slows down mid-run slows
all of them alike and their ratios survive. Each tool's findings are counted against what the
corpus generator planted, so a fast run that finds nothing shows it.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from fresh_bytecode import ensure_bytecode  # bench/ is the script folder: on sys.path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
OUT = HERE / "out"
CORPUS = OUT / "corpus"
PY = sys.executable

#: rule ids whose findings answer each planted kind (one finding per planted error)
PLANTED_RULES = {
    "calque": {"fr-calque-head-of-diplomacy", "fr-calque-telephone-interview"},
    # "1,5" is a decimal comma in every source-language pack; the engine keeps one of the
    # equal findings (the first pack in order) and marks it `common`
    "typography": {f"{lang}-typo-decimal-comma" for lang in ("fr", "de", "es", "it")},
    "punctuation": {"common-punct-spaced-double-period"},
    "boilerplate": {"common-boilerplate-source-link"},
}


@dataclass
class Tool:
    name: str
    argv: Callable[[Path], list[str]]
    sets: tuple[str, ...]
    found: Callable[[bytes, dict[str, int]], tuple[int, int] | None]
    env: dict[str, str] = field(default_factory=dict)
    warmup: bool = False  # one untimed run first (fills the pack or findings cache)
    workers: bool = False  # runs worker processes: sample the whole tree's memory


@dataclass
class Sample:
    wall: list[float] = field(default_factory=list)
    peak_kib: list[int] = field(default_factory=list)
    found: tuple[int, int] | None = None
    #: digest of the first round's report (-j 1 and -j 2 must print the same bytes)
    digest: str = ""


TIME = shutil.which("time") or "/usr/bin/time"


def run_once(
    argv: list[str], env: dict[str, str], workers: bool = False
) -> tuple[float, int, bytes]:
    """Wall seconds, peak memory (KiB) and stdout of one process and its workers.

    The peak of the largest single process comes from /usr/bin/time (-f %M), not from this
    runner's wait4: Linux carries a parent's resident size into a child's maximum across
    fork+exec, so a runner that holds big JSON reports would inflate every child's figure. `time`
    itself is tiny. A run with workers (`-j 2`) holds several processes at once, which %M does
    not add up: the process tree's proportional set size (PSS: pages shared after fork counted
    once, split between the sharers) is also sampled every 100 ms, and the peak is the larger.
    Only for such runs (`workers`): reading smaps makes the kernel walk each process's page
    tables, CPU taken from the run being timed, and every 20 ms it cost `-j 2` ~10% here.
    """
    with tempfile.TemporaryFile() as out, tempfile.NamedTemporaryFile("r") as peak:
        start = time.perf_counter()
        proc = subprocess.Popen(
            [TIME, "-f", "%M", "-o", peak.name, *argv],
            stdout=out,
            stderr=subprocess.DEVNULL,
            cwd=ROOT,
            env={**os.environ, **env},
        )
        tree_kib = 0
        while proc.poll() is None:
            if workers:
                tree_kib = max(tree_kib, tree_pss_kib(proc.pid))
                time.sleep(0.1)
            else:
                time.sleep(0.005)
        wall = time.perf_counter() - start
        out.seek(0)
        kib = int((peak.read().strip().splitlines() or ["0"])[-1])
        return wall, max(kib, tree_kib), out.read()


def tree_pss_kib(root: int) -> int:
    """Sum of the PSS of `root`'s descendants (not `root`, the `time` wrapper); 0 if unknown."""
    total = 0
    todo = list(_children(root))
    while todo:
        pid = todo.pop()
        todo.extend(_children(pid))
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
                    break
        except (OSError, ValueError):
            pass
    return total


def _children(pid: int) -> list[int]:
    try:
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return []
    found: list[int] = []
    for task in tasks:
        with contextlib.suppress(OSError, ValueError):
            found.extend(int(c) for c in (task / "children").read_text().split())
    return found


# ---- counting what was found -----------------------------------------------------------------


def tq_found(stdout: bytes, planted: dict[str, int]) -> tuple[int, int]:
    findings = json.loads(stdout)["findings"]
    found = 0
    names = sum(1 for f in findings if f["category"] == "name-form")
    found += min(names, planted.get("name", 0))
    for kind, rules in PLANTED_RULES.items():
        hits = sum(1 for f in findings if f["rule_id"] in rules)
        found += min(hits, planted.get(kind, 0))
    return found, sum(planted.values())


def names_found(count: int, planted: dict[str, int]) -> tuple[int, int]:
    return min(count, planted.get("name", 0)), planted.get("name", 0)


def textlint_found(stdout: bytes, planted: dict[str, int]) -> tuple[int, int] | None:
    try:
        data = json.loads(stdout)
    except ValueError:
        return None
    return names_found(sum(len(f["messages"]) for f in data), planted)


def floor_found(stdout: bytes, planted: dict[str, int]) -> tuple[int, int]:
    return names_found(json.loads(stdout)["matches"], planted)


def proselint_found(stdout: bytes, planted: dict[str, int]) -> tuple[int, int] | None:
    return None  # proselint checks style, not translation traces: its warnings are not counted


# ---- the tools ---------------------------------------------------------------------------------


def tools(cache_dir: Path) -> list[Tool]:
    tq_env = {"TQCHECK_CACHE_DIR": str(cache_dir)}

    def tq(*options: str) -> Callable[[Path], list[str]]:
        # --no-gitignore: the corpus lives under bench/out/, which the repository's .gitignore
        # excludes, so a plain run would find no file at all.
        return lambda p: [
            PY,
            "-m",
            "tqcheck",
            "--format",
            "json",
            "--no-gitignore",
            *options,
            str(p),
        ]

    found = [
        Tool(
            "tqcheck", tq("--no-cache", "-j", "1"), ("small", "many", "big"), tq_found, tq_env, True
        ),
        Tool(
            "tqcheck -j 2",
            tq("--no-cache", "-j", "2"),
            ("many", "big"),
            tq_found,
            tq_env,
            workers=True,
        ),
        Tool(
            # the language-independent packs (punctuation, boilerplate, the detectors) stay on:
            # the ratio shows what the de, es and it packs add, not what the detectors cost
            "tqcheck fr + common packs",
            tq("--no-cache", "-j", "1", "--select", "fr,common"),
            ("many",),
            lambda out, planted: None,
            tq_env,
        ),
        Tool(
            "tqcheck findings cache warm",
            tq("-j", "1"),
            ("many",),
            tq_found,
            tq_env,
            True,
        ),
        Tool(
            "floor: pyahocorasick",
            lambda p: [PY, str(HERE / "floors.py"), "ahocorasick", str(p)],
            ("small", "many", "big"),
            floor_found,
        ),
        Tool(
            "floor: one re alternation",
            lambda p: [PY, str(HERE / "floors.py"), "re", str(p)],
            ("small", "many", "big"),
            floor_found,
        ),
    ]
    textlint = OUT / "node_modules" / ".bin" / "textlint"
    if textlint.exists():
        found.append(
            Tool(
                "textlint + prh",
                lambda p: [
                    str(textlint),
                    "--config",
                    str(OUT / ".textlintrc.json"),
                    "--format",
                    "json",
                    str(p) if p.is_file() else f"{p}/**/*.txt",
                ],
                ("small", "many", "big"),
                textlint_found,
            )
        )
    proselint = OUT / "venv-proselint" / "bin" / "proselint"
    if proselint.exists():
        found.append(
            Tool(
                "proselint",
                lambda p: [str(proselint), "check", str(p)],
                ("small", "many", "big"),
                proselint_found,
            )
        )
    return found


# ---- running and reporting ---------------------------------------------------------------------


def set_path(name: str) -> Path:
    return CORPUS / name if name != "small" else CORPUS / "small" / "article.txt"


def set_bytes(name: str) -> int:
    path = CORPUS / name
    return sum(f.stat().st_size for f in path.rglob("*.txt"))


def measure(sets: list[str], runs: dict[str, int], cache_dir: Path) -> dict[str, dict[str, Sample]]:
    manifest = json.loads((CORPUS / "manifest.json").read_text())
    results: dict[str, dict[str, Sample]] = {}
    for set_name in sets:
        planted = manifest["sets"][set_name]["by_kind"]
        active = [t for t in tools(cache_dir) if set_name in t.sets]
        samples = {t.name: Sample() for t in active}
        for tool in active:
            if tool.warmup:
                run_once(tool.argv(set_path(set_name)), tool.env, tool.workers)
        for round_ in range(runs[set_name]):
            for tool in active:
                wall, peak, stdout = run_once(tool.argv(set_path(set_name)), tool.env, tool.workers)
                sample = samples[tool.name]
                sample.wall.append(wall)
                sample.peak_kib.append(peak)
                if round_ == 0:
                    sample.found = tool.found(stdout, planted)
                    sample.digest = hashlib.sha256(stdout).hexdigest()
                print(
                    f"{set_name:5} {tool.name:32} {wall:7.3f} s {peak / 1024:7.1f} MiB",
                    file=sys.stderr,
                )
        results[set_name] = samples
    return results


def machine() -> list[str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    versions = [f"Python {platform.python_version()}"]
    try:
        from importlib.metadata import version

        import ahocorasick  # noqa: F401

        versions.append(f"pyahocorasick {version('pyahocorasick')}")
    except Exception:
        pass
    sys.path.insert(0, str(ROOT))
    from tqcheck import __version__

    versions.insert(0, f"tqcheck {__version__}")
    textlint = OUT / "node_modules" / "textlint" / "package.json"
    prh = OUT / "node_modules" / "textlint-rule-prh" / "package.json"
    for label, pkg in (("textlint", textlint), ("textlint-rule-prh", prh)):
        if pkg.exists():
            versions.append(f"{label} {json.loads(pkg.read_text())['version']}")
    proselint = OUT / "venv-proselint" / "bin" / "python"
    if proselint.exists():
        out = subprocess.run(
            [
                str(proselint),
                "-c",
                "from importlib.metadata import version; print(version('proselint'))",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        versions.append(f"proselint {out}")
    if shutil.which("node"):
        node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
        versions.append(f"node {node}")
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- load average when the report was written (1, 5, 15 min): {load}; other work on the "
        "machine slows every tool, and a busy second core hides what --jobs 2 gains",
        f"- machine: {os.cpu_count()} CPUs (nproc), {cpu}, "
        f"{platform.system()} {platform.release()}",
        f"- versions: {', '.join(versions)}",
    ]


def report(results: dict[str, dict[str, Sample]], runs: dict[str, int]) -> str:
    lines = [
        "# Benchmark results",
        "",
        "Regenerate: `python bench/gen_corpus.py && bash bench/setup_peers.sh && "
        "python bench/run.py --write bench/results.md`.",
        "Whole processes, start-up included; tools alternate within each round; median "
        "(min-max) wall time over the rounds; peak = largest RSS of one process, or of a run's "
        "processes together when it has workers (sampled PSS of the tree); found/planted counts "
        "the findings that answer the planted errors (textlint and the floors: names only).",
        "",
        *machine(),
        "",
    ]
    medians: dict[tuple[str, str], float] = {}
    for set_name, samples in results.items():
        size = set_bytes(set_name)
        lines += [
            f"## {set_name} ({size / 1e6:.1f} MB, {runs[set_name]} rounds)",
            "",
            "| tool | median s | min-max s | MB/s | peak MiB | found/planted |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        for name, sample in samples.items():
            med = statistics.median(sample.wall)
            medians[(set_name, name)] = med
            found = f"{sample.found[0]}/{sample.found[1]}" if sample.found else "-"
            lines.append(
                f"| {name} | {med:.3f} | {min(sample.wall):.3f}-{max(sample.wall):.3f} | "
                f"{size / 1e6 / med:.2f} | {max(sample.peak_kib) / 1024:.0f} | {found} |"
            )
        lines.append("")
    lines += ["## Ratios", ""]

    def ratio(label: str, a: tuple[str, str], b: tuple[str, str]) -> None:
        if a in medians and b in medians:
            lines.append(f"- {label}: {medians[a] / medians[b]:.2f}")

    ratio(
        "many: textlint+prh time / tqcheck -j 1 time (target >= 10)",
        ("many", "textlint + prh"),
        ("many", "tqcheck"),
    )
    ratio(
        "many: pyahocorasick floor time / tqcheck -j 1 time (target >= 0.25)",
        ("many", "floor: pyahocorasick"),
        ("many", "tqcheck"),
    )
    ratio(
        "many: -j 1 time / -j 2 time (target >= 1.7)", ("many", "tqcheck"), ("many", "tqcheck -j 2")
    )
    for name in ("many", "big"):
        runs = results.get(name, {})
        if "tqcheck" in runs and "tqcheck -j 2" in runs:
            same = runs["tqcheck"].digest == runs["tqcheck -j 2"].digest
            lines.append(f"- {name}: -j 2 report byte-identical to -j 1: {'yes' if same else 'NO'}")
    ratio(
        "many: all packs time / fr + common packs time (target < 1.5)",
        ("many", "tqcheck"),
        ("many", "tqcheck fr + common packs"),
    )
    ratio(
        "many: findings-cache warm time / cold -j 1 time (target <= 0.10)",
        ("many", "tqcheck findings cache warm"),
        ("many", "tqcheck"),
    )
    ratio(
        "big: -j 1 time / -j 2 time (sections on two workers)",
        ("big", "tqcheck"),
        ("big", "tqcheck -j 2"),
    )
    if "big" in results and "tqcheck" in results["big"]:
        peak = max(results["big"]["tqcheck"].peak_kib) * 1024
        lines.append(
            f"- big: tqcheck peak memory / file size (target <= 4): {peak / set_bytes('big'):.2f}"
        )
    if "big" in results and "tqcheck -j 2" in results["big"]:
        peak = max(results["big"]["tqcheck -j 2"].peak_kib) * 1024
        lines.append(
            f"- big: tqcheck -j 2 peak memory (the processes together) / file size: "
            f"{peak / set_bytes('big'):.2f}"
        )
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sets", default="small,many,big")
    parser.add_argument(
        "--runs", default="small=7,many=3,big=2", help="rounds per set, e.g. small=7,many=3,big=2"
    )
    parser.add_argument("--write", type=Path, help="write the Markdown report here")
    args = parser.parse_args()
    if not (CORPUS / "manifest.json").exists():
        sys.exit("no corpus: run python bench/gen_corpus.py first")
    runs = {k: int(v) for k, v in (item.split("=") for item in args.runs.split(","))}
    ensure_bytecode(ROOT)
    sets = args.sets.split(",")
    with tempfile.TemporaryDirectory(prefix="tqcheck-bench-cache-") as cache_dir:
        results = measure(sets, runs, Path(cache_dir))
    text = report(results, runs)
    if args.write:
        args.write.write_text(text, encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
