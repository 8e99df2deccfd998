"""The content cache and parallel runs: a re-run reuses results only when nothing they depend on changed.

A wrong cache hit is the worst bug here, so each test changes exactly one input
and shows that the result follows it.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
import yaml

import golive
from golive.cli import main
from golive.engine import cache
from golive.engine import run as _engine
from golive.engine.rulebook import Rulebook
from tests.conftest import make_repo
from tests.gitrepo import commit_all, edit, init_config_repo

AS_OF = dt.date(2026, 11, 25)
EXAMPLE_IDS = ("acme-ortho", "riverbend-cardio", "summit-peds")


class Counter:
    """Counts the tenants checked afresh (not served from the cache)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        real = _engine.check_tenant

        def counting(repo: Path, root: Path, rulebook: Rulebook, as_of: dt.date) -> object:
            self.names.append(root.name)
            return real(repo, root, rulebook, as_of)

        monkeypatch.setattr(_engine, "check_tenant", counting)

    def take(self) -> list[str]:
        names, self.names = sorted(self.names), []
        return names


@pytest.fixture(params=["git", "plain"])
def cached_repo(request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The example tenants in a real git repo (blob ids from the index) or a plain directory."""
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    if request.param == "git":
        return init_config_repo(tmp_path / "repo")
    return make_repo(tmp_path / "repo", ("acme-ortho", "riverbend-cardio", "summit-peds"))


def findings(result: golive.Result) -> list[tuple[str, str, int]]:
    return sorted((f.rule, f.file, f.line) for f in result.findings)


def test_a_warm_run_checks_nothing_and_reports_the_same(cached_repo: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    counter = Counter(monkeypatch)
    cold = golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    assert counter.take() == ["acme-ortho", "riverbend-cardio", "summit-peds"]
    warm = golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    assert counter.take() == []
    assert warm == cold
    assert (cached_repo / ".golive" / "cache" / "results.json").is_file()


def test_no_cache_checks_everything(cached_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = Counter(monkeypatch)
    golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    counter.take()
    golive.validate(cached_repo, as_of=AS_OF, jobs=1, cache=False)
    assert len(counter.take()) == 3


def _change_tenant_file(repo: Path) -> None:
    edit(repo, "tenants/acme-ortho/tenant.yaml", "status: active", "status: read_only")


def _change_evidence(repo: Path) -> None:
    path = next((repo / "tenants" / "acme-ortho" / "evidence").glob("*certification*"))
    path.write_bytes(path.read_bytes() + b"\n")


def _add_untracked_file(repo: Path) -> None:
    (repo / "tenants" / "acme-ortho" / "payer.yaml").write_text("payers: []\n", encoding="utf-8")


def _delete_file(repo: Path) -> None:
    (repo / "tenants" / "acme-ortho" / "notifications.yaml").unlink()


def _change_schema(repo: Path) -> None:
    edit(repo, "schemas/tenant.schema.json", '"maximum": 168', '"maximum": 12')


def _change_settings(repo: Path) -> None:
    edit(repo, "policies/settings.yaml", "oncall_response_minutes_max: 60",
         "oncall_response_minutes_max: 5")


CHANGES = {
    "tenant file": (_change_tenant_file, "GL-TENANT-STATUS"),
    "evidence bytes": (_change_evidence, "GL-PARTNER-CERT"),
    "untracked file": (_add_untracked_file, "GL-FILE-UNKNOWN"),
    "deleted file": (_delete_file, "GL-FILE-MISSING"),
    "schema": (_change_schema, "GL-SCHEMA"),
    "settings": (_change_settings, "GL-HYPERCARE"),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_changing_one_input_rechecks(cached_repo: Path, change: str) -> None:
    mutate, rule = CHANGES[change]
    before = golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    assert rule not in {f.rule for f in before.findings}
    mutate(cached_repo)
    after = golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    assert rule in {f.rule for f in after.findings}
    assert after == golive.validate(cached_repo, as_of=AS_OF, jobs=1, cache=False)


def test_committed_and_staged_changes_recheck(tmp_path: Path) -> None:
    repo = init_config_repo(tmp_path / "repo")
    golive.validate(repo, as_of=AS_OF, jobs=1)
    _change_tenant_file(repo)
    commit_all(repo, "read-only")   # the index now holds the new blob, the work tree matches it
    after = golive.validate(repo, as_of=AS_OF, jobs=1)
    assert "GL-TENANT-STATUS" in {f.rule for f in after.findings}


WAIVER = """\
waivers:
  - checklist: eft_enrollment
    reason: EFT enrollment pending with one payer; paper checks until approved
    approved_by: Pat Rivera (billing lead)
    approved_on: 2026-11-12
    expires: 2026-12-31
"""


def test_the_as_of_date_is_part_of_the_key(cached_repo: Path) -> None:
    # A waiver whose verdict depends on the date: in force in November, expired by June.
    edit(cached_repo, "tenants/acme-ortho/payers.yaml", "eft: confirmed", "eft: pending")
    (cached_repo / "tenants" / "acme-ortho" / "waivers.yaml").write_text(WAIVER, encoding="utf-8")
    early = golive.validate(cached_repo, as_of=dt.date(2026, 11, 18), jobs=1)
    late = golive.validate(cached_repo, as_of=dt.date(2027, 6, 1), jobs=1)
    assert late == golive.validate(cached_repo, as_of=dt.date(2027, 6, 1), jobs=1, cache=False)
    assert early == golive.validate(cached_repo, as_of=dt.date(2026, 11, 18), jobs=1, cache=False)
    assert findings(early) != findings(late)


def test_golive_code_is_part_of_the_key(cached_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = Counter(monkeypatch)
    golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    counter.take()
    monkeypatch.setattr(cache, "_CODE_DIGEST", "another build of golive")
    golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    assert len(counter.take()) == 3


def test_one_tenant_run_keeps_the_others_cached(cached_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    counter = Counter(monkeypatch)
    golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    golive.validate(cached_repo, ["summit-peds"], as_of=AS_OF, jobs=1)
    counter.take()
    golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    assert counter.take() == []


def test_a_corrupt_cache_is_ignored(cached_repo: Path) -> None:
    cold = golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    store = cached_repo / ".golive" / "cache" / "results.json"
    store.write_text("{not json", encoding="utf-8")
    assert golive.validate(cached_repo, as_of=AS_OF, jobs=1) == cold
    stored = json.loads(store.read_text(encoding="utf-8"))
    entry = stored["entries"]["tenants/acme-ortho"]
    entry["report"] = json.dumps({"$": "TenantReport", "f": {"findings": [["bogus"]]}})
    store.write_text(json.dumps(stored), encoding="utf-8")
    assert golive.validate(cached_repo, as_of=AS_OF, jobs=1) == cold


def test_cache_dir_override_and_git_ignore(cached_repo: Path, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    elsewhere = tmp_path / "elsewhere"
    monkeypatch.setenv(cache.CACHE_ENV, str(elsewhere))
    golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    assert (elsewhere / "results.json").is_file()
    assert not (cached_repo / ".golive").exists()
    monkeypatch.delenv(cache.CACHE_ENV)
    golive.validate(cached_repo, as_of=AS_OF, jobs=1)
    assert (cached_repo / ".golive" / ".gitignore").read_text(encoding="utf-8").splitlines()[-1] == "*"


def test_cli_no_cache_flag(cached_repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--repo", str(cached_repo), "--no-cache", "--as-of", "2026-11-25"]) == 0
    capsys.readouterr()
    assert not (cached_repo / ".golive").exists()
    assert main(["validate", "--repo", str(cached_repo), "--jobs", "0"]) == 2
    assert "positive" in capsys.readouterr().err


def test_parallel_equals_serial(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    repo = make_repo(tmp_path / "repo", ("acme-ortho", "riverbend-cardio", "summit-peds"))
    # A few more tenants, some broken, so the order of findings across processes matters.
    for i, source in enumerate(["acme-ortho", "summit-peds", "riverbend-cardio"] * 4):
        target = repo / "tenants" / f"copy-{i:02d}-{source}"
        import shutil

        shutil.copytree(repo / "tenants" / source, target)
        if i % 2:
            edit(repo, f"tenants/{target.name}/tenant.yaml", "status:", "status: bogus\nstatus_was:")
    monkeypatch.setattr(_engine, "PARALLEL_FROM", 2)
    serial = golive.validate(repo, as_of=AS_OF, jobs=1, cache=False)
    parallel = golive.validate(repo, as_of=AS_OF, jobs=3, cache=False)
    assert parallel == serial
    assert [dataclasses.astuple(f) for f in parallel.findings] == [
        dataclasses.astuple(f) for f in serial.findings]
    assert len(serial.tenants) == 15 and serial.blocks


def test_a_cached_report_reads_back_equal_whichever_way_it_is_decoded(tmp_path: Path) -> None:
    """The cache reads a report while its JSON is parsed (``cache.loads``); the shard merge walks
    parsed JSON (``cache.decode``): both give back the report that was stored, findings, dates,
    enums and checklist included, for the example tenants and a dozen broken ones."""
    reports = list(golive.validate(make_repo(tmp_path / "repo", EXAMPLE_IDS), as_of=AS_OF,
                                   cache=False).tenants)
    for case in sorted(p for p in (Path(__file__).parent / "bad").iterdir() if (p / "tenant").is_dir())[:12]:
        base = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8")).get("base", "acme-ortho")
        broken = make_repo(tmp_path / case.name, (base,))
        shutil.copytree(case / "tenant", broken / "tenants" / base, symlinks=True, dirs_exist_ok=True)
        reports += golive.validate(broken, as_of=AS_OF, cache=False).tenants
    assert sum(len(r.findings) for r in reports) > 12
    types = cache.report_types()
    for report in reports:
        text = json.dumps(cache.encode(report), separators=(",", ":"))
        assert cache.loads(text, types) == report
        assert cache.decode(json.loads(text), types) == report
