"""``--jobs`` is capped at the number of tenants: ``--jobs 1000`` for 53 tenants starts 53 workers."""

from __future__ import annotations

import concurrent.futures
import io
import json
import shutil
from pathlib import Path
from typing import Any, ClassVar

import pytest

from golive.cli import main
from golive.engine import run as _engine
from tests.gitrepo import commit_all, edit, init_config_repo

EXTRA = _engine.PARALLEL_FROM + 2   # enough tenants for worker processes at all


class Recorder:
    """Stands in for ProcessPoolExecutor: records the workers asked for, runs with two."""

    asked: ClassVar[list[int]] = []

    def __new__(cls, max_workers: int, *args: Any, **kwargs: Any) -> Any:
        cls.asked.append(max_workers)
        return Real(min(max_workers, 2), *args, **kwargs)


Real = concurrent.futures.ProcessPoolExecutor


@pytest.fixture
def many(tmp_path: Path) -> Path:
    repo = init_config_repo(tmp_path / "repo")
    for i in range(EXTRA):
        name = f"summit-peds-{i:02d}"
        shutil.copytree(repo / "tenants/summit-peds", repo / "tenants" / name)
        edit(repo, f"tenants/{name}/tenant.yaml", "tenant: summit-peds", f"tenant: {name}")
    commit_all(repo, "Many tenants")
    return repo


def test_jobs_are_capped_at_the_number_of_tenants(many: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    Recorder.asked = []
    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", Recorder)
    out, err = io.StringIO(), io.StringIO()
    code = main(["validate", "--repo", str(many), "--jobs", "1000", "--no-cache", "--format", "json",
                 "--as-of", "2026-11-25"], out, err)
    assert (code, err.getvalue()) == (0, "")
    tenants = json.loads(out.getvalue())["summary"]["tenants"]
    assert tenants == EXTRA + 3
    assert Recorder.asked == [tenants]
