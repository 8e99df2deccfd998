"""Synthetic config repos for benchmarks: N tenants across the three phases, each valid.

Each tenant starts as a copy of the example tenant of its phase (real evidence
files and hashes), renamed, with a payer list of 12 to 60 payers spread over its
trading partners (about 3 partners with 4 to 6 envelopes each, as in the
examples) and fee schedules that cover them. A bau tenant's X12 smoke-run files
carry its own claim id, so no two tenants share evidence bytes (golive reads each
distinct X12 file once per process). The repo is committed to git on
``main`` so pull-request mode and the index-backed cache work as in CI.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
BY_PHASE = ("summit-peds", "acme-ortho", "riverbend-cardio")   # onboarding, live, bau
GIT = ["git", "-c", "user.name=Bench", "-c", "user.email=bench@golive.example",
       "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false"]

PAYER = """\
  - id: "{pid}"
    name: Synthetic Health Plan {n}
    trading_partner: {partner}
    panel: {{effective_date: 2026-06-01, verified_by: Sam Ortiz, verified_on: 2026-07-01}}
    enrollments: {{edi: approved, era: approved, eft: confirmed}}
"""

FEE_SCHEDULES = """\
# yaml-language-server: $schema=../../schemas/fee-schedules.schema.json
fee_schedules:
  - id: contract-2025
    status: retired
    effective_from: 2025-01-01
    effective_to: 2025-12-31
  - id: contract-2026
    status: active
    effective_from: 2026-01-01
    effective_to: 2027-12-31
"""


def _partners(tenant: Path) -> list[str]:
    data = yaml.load((tenant / "edi.yaml").read_bytes(), Loader=yaml.CSafeLoader)
    return [p["id"] for p in data["trading_partners"]]


def _payers(tenant: Path, index: int) -> str:
    partners = _partners(tenant)
    count = 12 + (index * 7) % 49          # 12..60
    rows = [PAYER.format(pid=f"{90000 + n:05d}", n=n, partner=partners[n % len(partners)])
            for n in range(count)]
    return "# yaml-language-server: $schema=../../schemas/payers.schema.json\npayers:\n" + "".join(rows)


SMOKE_CLAIM = "SMOKE-20261006-01"


def _own_smoke_files(target: Path, index: int) -> None:
    """Give a bau tenant X12 smoke-run files of its own (its own claim id), hashes updated."""
    golive = target / "golive.yaml"
    text = golive.read_text(encoding="utf-8")
    if SMOKE_CLAIM not in text:
        return
    claim = f"SMOKE-{index:08d}-01"
    text = text.replace(SMOKE_CLAIM, claim)
    for path in sorted((target / "evidence" / "smoke").iterdir()):
        old = path.read_bytes()
        new = old.replace(SMOKE_CLAIM.encode(), claim.encode())
        path.write_bytes(new)
        text = text.replace(hashlib.sha256(old).hexdigest(), hashlib.sha256(new).hexdigest())
    golive.write_text(text, encoding="utf-8")


def tenant_id(index: int) -> str:
    return f"t{index:05d}-{BY_PHASE[index % 3]}"


def build(repo: Path, n: int, commit: bool = True) -> None:
    """Write a config repo of ``n`` tenants into ``repo`` (and commit it on ``main``)."""
    for part in ("schemas", "policies"):
        shutil.copytree(ROOT / part, repo / part)
    for index in range(n):
        source = BY_PHASE[index % 3]
        target = repo / "tenants" / tenant_id(index)
        shutil.copytree(ROOT / "tenants" / source, target, symlinks=True)
        tenant = target / "tenant.yaml"
        tenant.write_text(tenant.read_text(encoding="utf-8").replace(
            f"tenant: {source}", f"tenant: {tenant_id(index)}"), encoding="utf-8")
        (target / "payers.yaml").write_text(_payers(target, index), encoding="utf-8")
        (target / "fee-schedules.yaml").write_text(FEE_SCHEDULES, encoding="utf-8")
        _own_smoke_files(target, index)
    if commit:
        subprocess.run([*GIT, "init", "-q", "-b", "main"], cwd=repo, check=True)
        subprocess.run([*GIT, "add", "-A"], cwd=repo, check=True)
        subprocess.run([*GIT, "commit", "-q", "-m", f"{n} synthetic tenants"], cwd=repo, check=True)


def touch_one(repo: Path, index: int = 1) -> str:
    """On a new branch, change one tenant (a live one: a payer's panel re-verified); its path."""
    subprocess.run([*GIT, "checkout", "-q", "-b", "change-one"], cwd=repo, check=True)
    rel = f"tenants/{tenant_id(index)}/payers.yaml"
    path = repo / rel
    path.write_text(path.read_text(encoding="utf-8").replace("verified_on: 2026-07-01",
                                                             "verified_on: 2026-07-02", 1),
                    encoding="utf-8")
    subprocess.run([*GIT, "commit", "-q", "-am", "Re-verify one panel"], cwd=repo, check=True)
    return rel
