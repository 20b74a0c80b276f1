"""Check a folder of articles on a Dask cluster, with the findings the CLI gives.

    python examples/dask_check.py FOLDER [SCHEDULER_ADDRESS]

Without an address a LocalCluster is started on this machine; with one (tcp://host:8786) the
same code runs on a real cluster (docs/scaling.md). The Linter is built once here, shipped to
the workers (it pickles: rules and options only, no global state), and each task checks one
article's text. Only texts and findings travel; no worker reads the packs or needs the files.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from tqcheck import Linter
from tqcheck.report.json import finding_to_dict


def check_one(linter: Linter, path: str, text: str) -> list[dict[str, object]]:
    """One task: the JSON findings of one article, as `tqcheck --format json` writes them."""
    return [finding_to_dict(path, f) for f in linter.check(text, path)]


def check_folder(folder: str, client: object) -> list[dict[str, object]]:
    """Every *.txt under `folder`, checked on the cluster, findings in path order."""
    linter = Linter()
    paths = sorted(str(p) for p in Path(folder).rglob("*.txt"))
    shipped = client.scatter(linter, broadcast=True)  # type: ignore[attr-defined]
    futures = [
        client.submit(check_one, shipped, p, Path(p).read_text(encoding="utf-8"), pure=False)  # type: ignore[attr-defined]
        for p in paths
    ]
    return [f for result in client.gather(futures) for f in result]  # type: ignore[attr-defined]


def main() -> None:
    from dask.distributed import Client, LocalCluster

    folder = sys.argv[1]
    if len(sys.argv) > 2:
        client = Client(sys.argv[2])
    else:
        client = Client(LocalCluster(n_workers=2, threads_per_worker=1))
    with client:
        findings = check_folder(folder, client)
    print(json.dumps(findings, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
