"""The test process is isolated from the shell that runs it (tests/conftest.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def test_no_golive_variable_reaches_a_test() -> None:
    assert [name for name in os.environ if name.startswith("GOLIVE_")] == []


def test_even_when_the_shell_sets_one(tmp_path: Path) -> None:
    here = Path(__file__).parent.parent
    env = {**os.environ, "GOLIVE_CACHE_DIR": str(tmp_path / "elsewhere"), "GOLIVE_LINK_BASE": "x"}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           f"{Path(__file__)}::test_no_golive_variable_reaches_a_test"],
                          cwd=here, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr
