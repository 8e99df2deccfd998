"""Every directory under tests/bad/ is a tenant broken one way, with the findings it must give.

A case is ``case.yaml`` (``base``: the example tenant copied first, ``remove``: files
of it to delete, ``as_of``, ``expect``: the findings) and ``tenant/``: files laid
over the copy. The healthy example ``riverbend-cardio`` sits beside it every time, so
a broken tenant is shown not to stop the others being checked.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

from golive.cli import main
from tests.conftest import make_repo

CASES = sorted(p for p in (Path(__file__).parent / "bad").iterdir() if p.is_dir())


def _build(case: Path, tmp_path: Path) -> tuple[Path, dict]:
    spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
    base = spec.get("base", "acme-ortho")
    neighbour = "riverbend-cardio" if base != "riverbend-cardio" else "acme-ortho"
    repo = make_repo(tmp_path / "repo", (base, neighbour))
    tenant = repo / "tenants" / base
    for name in spec.get("remove", []):
        (tenant / name).unlink()
    overlay = case / "tenant"
    if overlay.is_dir():
        shutil.copytree(overlay, tenant, symlinks=True, dirs_exist_ok=True)
    return repo, spec


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_bad_example(case: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    repo, spec = _build(case, tmp_path)
    as_of = str(spec.get("as_of", dt.date(2026, 11, 25)))
    code = main(["validate", "--repo", str(repo), "--format", "json", "--as-of", as_of])
    report = json.loads(capsys.readouterr().out)
    base = spec.get("base", "acme-ortho")
    got = sorted(
        (f["checklist"], f["rule"], f["file"], f["line"], f["severity"])
        for f in report["findings"]
    )
    want = sorted(
        (e["checklist"], e["rule"], f"tenants/{base}/{e['file']}", e["line"],
         e.get("severity", "error"))
        for e in spec["expect"]
    )
    assert got == want, json.dumps(report["findings"], indent=1)
    assert all(f["tenant"] == base for f in report["findings"])
    assert report["summary"]["tenants"] == 2  # the healthy neighbour was checked too
    assert code == (1 if report["summary"]["blocking"] else 0)
    assert report["summary"]["blocking"] == sum(
        1 for e in spec["expect"] if e.get("severity", "error") == "error")
