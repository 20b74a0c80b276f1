"""A non-editable install finds its rule packs: the wheel carries them inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_install_into_fresh_venv_finds_packs(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    build = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-w",
            str(wheels),
            str(ROOT),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    if build.returncode != 0 and "hatchling" in build.stderr:
        pytest.skip("hatchling is not installed: cannot build the wheel offline")
    assert build.returncode == 0, build.stderr
    wheel = next(wheels.glob("tqcheck-*.whl"))
    env_dir = tmp_path / "venv"
    # System site packages give the venv the runtime dependencies already installed here; the
    # tqcheck package itself comes from the wheel, installed non-editable into the venv.
    venv.EnvBuilder(with_pip=True, system_site_packages=True).create(env_dir)
    python = env_dir / "bin" / "python"
    install = subprocess.run(
        [str(python), "-m", "pip", "install", "--no-deps", "--force-reinstall", str(wheel)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert install.returncode == 0, install.stderr
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import tqcheck.ruleset as r, tqcheck; print(tqcheck.__file__); "
            "print(r.builtin_rules_dir()); print(len(r.load_ruleset().rules))",
        ],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=False,
    )
    assert probe.returncode == 0, probe.stderr
    module_file, rules_dir, count = probe.stdout.split("\n")[:3]
    assert str(env_dir) in module_file, "tqcheck was imported from the source tree"
    assert rules_dir.startswith(str(env_dir)) and rules_dir.endswith("tqcheck/rules")
    assert int(count) > 100
    article = elsewhere / "a.txt"
    article.write_text("Vladimir Poutine arrived in Pékin.\n", encoding="utf-8")
    run = subprocess.run(
        [str(env_dir / "bin" / "tqcheck"), str(article)],
        capture_output=True,
        text=True,
        cwd=elsewhere,
        env=env,
        check=False,
    )
    assert run.returncode == 1 and "Putin" in run.stdout and "Beijing" in run.stdout
