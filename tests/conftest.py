from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tests.signing import Keys

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "tenants"


@pytest.fixture(autouse=True)
def private_cache_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A user cache directory of the test's own, so no test reads or makes the real cache key."""
    home = tmp_path_factory.mktemp("xdg-cache")
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    return home


@pytest.fixture(autouse=True)
def no_golive_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """No ``GOLIVE_*`` variable of the shell running the tests (a cache directory, a link base,
    another interpreter for pull-request code) reaches golive; a test sets what it needs."""
    for name in list(os.environ):
        if name.startswith("GOLIVE_"):
            monkeypatch.delenv(name)


def make_repo(path: Path, tenants: tuple[str, ...] = ()) -> Path:
    """A config repo in ``path``: the project's schemas and policies, and copies of example tenants."""
    shutil.copytree(ROOT / "schemas", path / "schemas")
    shutil.copytree(ROOT / "policies", path / "policies")
    (path / "tenants").mkdir()
    (path / ".git").mkdir()  # marks the work tree root for repo discovery
    for name in tenants:
        shutil.copytree(EXAMPLES / name, path / "tenants" / name, symlinks=True)
    return path


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A config repo holding copies of all three example tenants."""
    return make_repo(tmp_path / "repo", ("acme-ortho", "riverbend-cardio", "summit-peds"))


@pytest.fixture(scope="module")
def keys() -> Keys:
    """Throwaway signing keys for a test module's signed evidence (tests/signing.py), made afresh per
    module; imported here only when a test asks, since pyHanko's import costs a second."""
    from tests.signing import throwaway_keys

    return throwaway_keys()
