"""``validate --shard K/N`` and ``report merge``: a full check split across machines, put back together."""

from __future__ import annotations

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import golive
from golive.cli import main
from golive.core.findings import Result
from golive.engine.run import tenant_dirs
from golive.engine.shard import parse, shard_of
from golive.reporters import VALIDATE_REPORTERS, Options
from tests.gitrepo import commit_all, git
from tests.test_outputs_frozen import VALIDATE_FORMATS, _bad_cases_repo

AS_OF = "2026-11-25"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def broken(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example tenants and every broken-tenant case, each a tenant: about fifty, most with findings."""
    repo = _bad_cases_repo(tmp_path_factory.mktemp("shards") / "repo")
    shutil.rmtree(repo / ".git")
    git(repo, "init", "-q")
    commit_all(repo, "tenants")
    return repo


def shards(repo: Path, count: int, where: Path, *extra: str) -> list[Path]:
    files = []
    for k in range(1, count + 1):
        path = where / f"shard-{k}-of-{count}.json"
        code, _, err = run("validate", "--repo", str(repo), "--as-of", AS_OF, "--shard", f"{k}/{count}",
                           "--format", "json", "--output", str(path), *extra)
        assert code in (0, 1) and err == "", err
        files.append(path)
    return files


@given(st.lists(st.text(min_size=1, max_size=40), unique=True, max_size=60), st.integers(1, 8))
def test_shards_partition_any_set_of_tenants(tenants: list[str], count: int) -> None:
    owners = {t: [k for k in range(1, count + 1) if parse(f"{k}/{count}").holds(t)] for t in tenants}
    assert all(len(ks) == 1 and ks[0] == shard_of(t, count) for t, ks in owners.items())


def test_a_shard_is_fixed_by_the_tenant_id_alone() -> None:
    # Recorded once: a change to the hash would move every tenant to another machine.
    assert [shard_of(t, 8) for t in ("acme-ortho", "riverbend-cardio", "summit-peds")] == [6, 8, 8]
    assert shard_of("acme-ortho", 1) == 1
    with pytest.raises(ValueError):
        parse("0/3")
    with pytest.raises(ValueError):
        parse("4/3")


@pytest.mark.parametrize("count", range(1, 9))
def test_merged_shards_are_the_unsharded_run_byte_for_byte(broken: Path, tmp_path: Path, count: int) -> None:
    names = sorted(d.name for d in tenant_dirs(broken))
    files = shards(broken, count, tmp_path)
    held = [r["f"]["tenant"] for f in files for r in json.loads(f.read_text())["reports"]]
    assert sorted(held) == names   # every tenant in exactly one shard
    for fmt in VALIDATE_FORMATS:
        whole = run("validate", "--repo", str(broken), "--as-of", AS_OF, "--format", fmt)
        merged = run("report", "merge", *map(str, reversed(files)), "--format", fmt)
        assert merged == whole, fmt


def test_shards_checked_afresh_merge_to_the_same(broken: Path, tmp_path: Path) -> None:
    files = shards(broken, 3, tmp_path, "--no-cache", "--jobs", "1")
    whole = run("validate", "--repo", str(broken), "--as-of", AS_OF, "--format", "sarif", "--no-cache")
    assert run("report", "merge", *map(str, files), "--format", "sarif") == whole


def _one_line(code: int, out: str, err: str, *words: str) -> None:
    assert (code, out) == (2, "") and err.count("\n") == 1 and err.startswith("golive: "), err
    for word in words:
        assert word in err, err


def test_a_missing_duplicated_or_foreign_shard_is_refused(broken: Path, tmp_path: Path) -> None:
    files = shards(broken, 3, tmp_path)
    _one_line(*run("report", "merge", str(files[0]), str(files[2])), "shard 2/3 is missing")
    _one_line(*run("report", "merge", *map(str, files), str(files[1])), "both shard 2/3")
    # Another revision: the same shard made after a commit.
    later = tmp_path / "later"
    later.mkdir()
    (broken / "README.md").write_text("x\n", encoding="utf-8")
    commit_all(broken, "another commit")
    other = shards(broken, 3, later)
    _one_line(*run("report", "merge", str(files[0]), str(other[1]), str(files[2])), "another commit")
    # Other checks: the as-of day is part of them.
    dated = tmp_path / "dated"
    dated.mkdir()
    next_day = shards(broken, 3, dated, "--as-of", "2026-11-26")
    _one_line(*run("report", "merge", str(other[0]), str(other[1]), str(next_day[2])), "another checks")
    # A tenant moved into a shard it does not belong to.
    doc = json.loads(files[0].read_text())
    doc2 = json.loads(files[1].read_text())
    doc["reports"].append(doc2["reports"][0])
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc))
    _one_line(*run("report", "merge", str(tampered), str(files[1]), str(files[2])), "belongs to shard 2/3")
    # Not a shard file at all.
    plain = tmp_path / "plain.json"
    assert run("validate", "--repo", str(broken), "--as-of", AS_OF, "--format", "json",
               "--output", str(plain))[0] == 1
    _one_line(*run("report", "merge", str(plain)), "not a shard result")
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x00\xff{")
    _one_line(*run("report", "merge", str(garbage)), "not JSON")


def test_shard_needs_every_tenant(broken: Path) -> None:
    _one_line(*run("validate", "--repo", str(broken), "--shard", "1/2", "--staged"), "--shard")
    _one_line(*run("validate", "--repo", str(broken), "--shard", "1/2", "acme-ortho"), "--shard")
    code, _, err = run("validate", "--repo", str(broken), "--shard", "3/2")
    assert code == 2 and "1 <= K <= N" in err


def rendered(result: Result, fmt: str) -> str:
    out = io.StringIO()
    VALIDATE_REPORTERS[fmt](result, out, Options())
    return out.getvalue()


def test_a_pull_request_that_changes_the_checks_splits_too(broken: Path, tmp_path: Path) -> None:
    """Pull-request mode, with settings changed: every tenant judged by the base's checks and the
    impact of the head's, split N ways, merges to the unsharded verdict byte for byte."""
    repo = tmp_path / "repo"
    shutil.copytree(broken, repo, symlinks=True)
    git(repo, "switch", "-q", "-c", "stricter")
    settings = repo / "policies" / "settings.yaml"
    text = settings.read_text(encoding="utf-8")
    assert "business_days: 5" in text
    settings.write_text(text.replace("business_days: 5", "business_days: 6"), encoding="utf-8")
    edi = repo / "tenants" / "acme-ortho" / "edi.yaml"
    edi.write_text(edi.read_text(encoding="utf-8").replace("usage_indicator: P", "usage_indicator: T", 1),
                   encoding="utf-8")
    commit_all(repo, "Six days of hyper-care; acme-ortho back to test")
    common = ("--repo", str(repo), "--as-of", AS_OF, "--base", "main")
    count = 3
    files = []
    for k in range(1, count + 1):
        path = tmp_path / f"pr-{k}.json"
        code, _, err = run("validate", *common, "--shard", f"{k}/{count}", "--format", "json",
                           "--output", str(path))
        assert code in (0, 1) and err == "", err
        files.append(str(path))
    whole = golive.validate(repo, as_of=dt.date.fromisoformat(AS_OF), base="main")
    assert whole.blocks and any(f.rule == "GL-CHECKS-IMPACT" for f in whole.findings)
    for fmt in VALIDATE_FORMATS:
        assert run("report", "merge", *files, "--format", fmt) == (1, rendered(whole, fmt), ""), fmt
    # A full-check shard does not merge with pull-request shards.
    full = tmp_path / "full-1.json"
    assert run("validate", "--repo", str(repo), "--as-of", AS_OF, "--shard", f"1/{count}", "--format",
               "json", "--output", str(full))[0] in (0, 1)
    _one_line(*run("report", "merge", str(full), *files[1:]), "another base")
