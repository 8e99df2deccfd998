"""The GitHub workflows and the pre-commit hook: triggers, pinning, permissions, verdicts."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from golive.cli import main
from tests.conftest import ROOT
from tests.gitrepo import init_config_repo

WORKFLOWS = ROOT / ".github" / "workflows"
NAMES = ("validate", "apply", "drift")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")
# Per job, every permission it may hold; anything else is more than the job needs.
ALLOWED = {
    "validate": {"contents": "read", "security-events": "write", "actions": "read"},
    "apply": {"contents": "read"},
    "drift": {"contents": "read"},
}


def load(name: str) -> dict[str, Any]:
    doc: dict[Any, Any] = yaml.safe_load((WORKFLOWS / f"{name}.yml").read_text(encoding="utf-8"))
    # YAML 1.1 reads the key `on` as the boolean True.
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc


def steps(doc: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for job in doc["jobs"].values():
        yield from job.get("steps", [])


def test_only_these_workflows() -> None:
    assert sorted(p.stem for p in WORKFLOWS.iterdir()) == sorted(NAMES)
    assert all(p.suffix == ".yml" for p in WORKFLOWS.iterdir())


def test_triggers() -> None:
    assert load("validate")["on"] == {"pull_request": None}
    assert load("apply")["on"] == {"push": {"branches": ["main"]}}
    drift = load("drift")["on"]
    assert set(drift) == {"schedule", "workflow_dispatch"}
    assert all(len(entry["cron"].split()) == 5 for entry in drift["schedule"])


@pytest.mark.parametrize("name", NAMES)
def test_no_privileged_triggers(name: str) -> None:
    # Both run with the base repository's secrets on code a fork can influence.
    assert not {"pull_request_target", "workflow_run"} & set(load(name)["on"])


@pytest.mark.parametrize("name", NAMES)
def test_actions_are_pinned_to_a_commit(name: str) -> None:
    doc = load(name)
    uses = [s["uses"] for s in steps(doc) if "uses" in s]
    uses += [job["uses"] for job in doc["jobs"].values() if "uses" in job]
    assert uses
    for ref in uses:
        if not ref.startswith(("./", "docker://")):
            assert PINNED.match(ref), f"{ref} is not pinned to a full commit SHA"
    # The tag a SHA stands for is written beside it, for readers and update tools.
    for line in (WORKFLOWS / f"{name}.yml").read_text(encoding="utf-8").splitlines():
        if "uses:" in line:
            assert re.search(r"@[0-9a-f]{40} # v\d", line), line


@pytest.mark.parametrize("name", NAMES)
def test_permissions_are_least_privilege(name: str) -> None:
    doc = load(name)
    assert doc["permissions"] in ({}, {"contents": "read"})
    for job_id, job in doc["jobs"].items():
        granted = job["permissions"]
        assert isinstance(granted, dict), f"{job_id}: permissions must be listed one by one"
        assert granted.items() <= ALLOWED[name].items(), f"{job_id}: {granted}"
        uploads = any("upload-sarif" in s.get("uses", "") for s in job.get("steps", []))
        assert (granted.get("security-events") == "write") == uploads


@pytest.mark.parametrize("name", NAMES)
def test_no_expressions_in_run_scripts(name: str) -> None:
    # Values reach scripts through env:, where the shell cannot run what they contain.
    for step in steps(load(name)):
        run = step.get("run", "")
        assert "${{" not in run, f"{step.get('name')}: pass the value through env:"
        assert "github.event" not in run and "github.head_ref" not in run


@pytest.mark.parametrize("name", NAMES)
def test_checkout_keeps_no_credentials(name: str) -> None:
    checkouts = [s for s in steps(load(name)) if s.get("uses", "").startswith("actions/checkout@")]
    assert checkouts
    for step in checkouts:
        assert step["with"]["persist-credentials"] is False
        assert step["with"]["fetch-depth"] == 0


def test_validate_reports_everything_and_still_fails() -> None:
    doc = load("validate")
    job = doc["jobs"]["validate"]
    runs = {s["name"]: s for s in job["steps"] if "run" in s}
    assert "continue-on-error" not in job
    # Only the code-scanning upload may fail (see the test below); no step that judges may.
    assert [s["id"] for s in job["steps"] if s.get("continue-on-error")] == ["upload"]
    # The code that judges a pull request comes from its merge base, not from the branch.
    install = runs["Install golive from the merge base"]["run"]
    assert "git merge-base" in install
    assert 'python -I -m pip install --no-deps --no-build-isolation "$RUNNER_TEMP/golive-base"' in install
    verdict = runs["Check tenants"]
    assert verdict["run"] == 'golive validate --base "origin/$BASE_REF" --head-code skip --format github'
    # Its exit code is the job's verdict whenever one job checks (no matrix).
    assert verdict["if"] == "${{ env.ONE_SHARD == 'true' }}"
    assert job["env"]["BASE_REF"] == "${{ github.base_ref }}"
    summary, sarif = runs["Job summary"], runs["SARIF report"]
    assert "--format markdown --output" in summary["run"] and "$GITHUB_STEP_SUMMARY" in summary["run"]
    assert "--format sarif --output golive.sarif" in sarif["run"]
    [upload] = [s for s in job["steps"] if "upload-sarif" in s.get("uses", "")]
    assert upload["uses"].startswith("github/codeql-action/upload-sarif@")
    assert upload["with"]["sarif_file"] == "golive.sarif"
    for step in (summary, sarif, upload):
        assert "!cancelled()" in step["if"] or "always()" in step["if"]


@pytest.mark.parametrize("name", ["apply", "drift"])
def test_target_comes_from_a_secret_through_env(name: str) -> None:
    doc = load(name)
    [job] = doc["jobs"].values()
    [step] = [s for s in job["steps"] if "golive " + name in s.get("run", "")]
    assert step["run"] == f'golive {name} --target "$GOLIVE_TARGET"'
    assert step["env"]["GOLIVE_TARGET"] == "${{ secrets.GOLIVE_TARGET }}"
    assert job["environment"]


def test_apply_runs_one_at_a_time_in_production() -> None:
    doc = load("apply")
    [job] = doc["jobs"].values()
    assert job["environment"] == "production"
    assert "concurrency" not in job    # one group for the whole workflow
    assert doc["concurrency"]["group"] and doc["concurrency"]["cancel-in-progress"] is False


def _zizmor() -> str | None:
    beside = Path(sys.executable).parent / "zizmor"
    return str(beside) if beside.is_file() else shutil.which("zizmor")


def test_zizmor_finds_nothing_at_medium_or_above() -> None:
    zizmor = _zizmor()
    if zizmor is None:
        pytest.skip("zizmor is not installed (it comes with the test extras: pip install '.[test]')")
    proc = subprocess.run(
        [zizmor, "--offline", "--min-severity", "medium", "--format", "json", str(WORKFLOWS)],
        capture_output=True, text=True, check=False, timeout=120)
    assert proc.returncode == 0 and json.loads(proc.stdout) == [], proc.stdout + proc.stderr


# The pre-commit hook.

def hook() -> dict[str, Any]:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    [only] = hooks
    assert isinstance(only, dict)
    return only


def test_hook_definition() -> None:
    h = hook()
    assert (h["id"], h["entry"], h["language"], h["files"]) == (
        "golive", "golive validate --staged", "python", "^tenants/")
    assert h["name"] and h["pass_filenames"] is True and h["require_serial"] is True
    # pre-commit passes no deleted file, so the hook runs even when it is passed none
    # (tests/test_hook.py runs it on real commits).
    assert h["always_run"] is True
    def passed(name: str) -> bool:
        return bool(re.search(h["files"], name)) and not re.search(h["exclude"], name)

    assert passed("tenants/acme-ortho/edi.yaml") and passed("tenants/acme-ortho/evidence/uat.eml")
    assert not any(passed(name) for name in ("schemas/edi.schema.json", "tenants/README.md",
                                             "tenants/_template/tenant.yaml", "tenants/.keep"))


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, list[dict[str, Any]]]:
    code = main([*argv, "--format", "json", "--as-of", "2026-11-25"])
    return code, json.loads(capsys.readouterr().out)["findings"]


def test_hook_gives_the_verdict_of_checking_those_tenants(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    repo = init_config_repo(tmp_path / "repo")   # --staged asks git's index (nothing staged here)
    program, *args = shlex.split(hook()["entry"])
    assert program == "golive"
    monkeypatch.chdir(repo)  # pre-commit runs hooks at the top of the work tree
    files = ["tenants/acme-ortho/edi.yaml", "tenants/summit-peds/payers.yaml"]
    assert all(re.search(hook()["files"], f) for f in files)
    tenants = ["tenants/acme-ortho", "tenants/summit-peds"]

    assert _run([*args, *files], capsys) == _run(["validate", *tenants], capsys) == (0, [])

    notes = repo / "tenants/acme-ortho/notifications.yaml"
    notes.write_text(notes.read_text(encoding="utf-8").replace(
        "/hooks/rcm-platform", "/hooks/rcm-platform?token=c3ludGhldGlj"), encoding="utf-8")
    code, findings = _run([*args, *files], capsys)
    assert (code, findings) == _run(["validate", *tenants], capsys)
    assert code == 1 and [f["rule"] for f in findings] == ["GL-SECRET"]


def test_no_code_of_the_pull_request_runs_where_the_verdict_is_made() -> None:
    """The verdict job never runs the branch's code; the preview job that does can write nothing."""
    jobs = load("validate")["jobs"]
    verdict = "\n".join(s.get("run", "") for s in jobs["validate"]["steps"])
    assert "golive validate" in verdict and "--head-code run" not in verdict
    assert all("--head-code skip" in line for line in verdict.splitlines() if "golive validate" in line)
    assert "golive-head" not in verdict and "pip install ." not in verdict
    for doc in (load("validate"), load("apply"), load("drift")):
        for job in doc["jobs"].values():
            for step in job["steps"]:
                for line in step.get("run", "").splitlines():
                    # python -m puts the work tree first on sys.path: a pip/ or venv/ in it would run.
                    assert "python -m " not in line, line
    preview = jobs["preview"]
    assert preview["permissions"] == {"contents": "read"}
    assert "--head-code run" in "\n".join(s.get("run", "") for s in preview["steps"])


LOCK = ROOT / "requirements.lock"


def _pip_installs(name: str) -> list[str]:
    return [line.strip() for step in steps(load(name)) for line in step.get("run", "").splitlines()
            if "pip install" in line]


@pytest.mark.parametrize("name", NAMES)
def test_golive_is_installed_from_the_lock_with_hashes(name: str) -> None:
    """Every install is the hash-checked lock, or golive itself with no dependencies of its own."""
    installs = _pip_installs(name)
    assert installs, name
    for line in installs:
        locked = "--require-hashes -r" in line and line.split()[-1].strip('"').endswith("requirements.lock")
        own = "--no-deps --no-build-isolation" in line
        assert locked or own, line
    hashed = sum("--require-hashes" in line for line in installs)
    assert hashed == sum("--no-deps" in line for line in installs)


def test_the_lock_pins_every_dependency_with_hashes() -> None:
    """requirements.lock is current: every runtime and build requirement, each version within its
    specifier in pyproject.toml, every pin with a sha256 (regenerate with the command in its header)."""
    import tomllib

    from packaging.requirements import Requirement

    text = LOCK.read_text(encoding="utf-8")
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+) \\$", text, re.M))
    blocks = re.split(r"^(?=[A-Za-z0-9_.-]+==)", text, flags=re.M)[1:]
    assert len(blocks) == len(pins) and all("--hash=sha256:" in block for block in blocks)
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [Requirement(r) for r in project["project"]["dependencies"]]
    wanted += [Requirement(r) for r in project["build-system"]["requires"]]
    normal = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in pins.items()}
    for req in wanted:
        name = re.sub(r"[-_.]+", "-", req.name).lower()
        assert name in normal, f"{req.name} is not in requirements.lock; regenerate it"
        assert req.specifier.contains(normal[name], prereleases=True), (req, normal[name])
    assert "file://" not in text and "--index-url" not in text and "--find-links" not in text


def test_the_job_summary_links_are_absolute() -> None:
    env = load("validate")["jobs"]["validate"]["env"]
    assert env["GOLIVE_LINK_BASE"] == ("${{ github.server_url }}/${{ github.repository }}/blob/"
                                       "${{ github.event.pull_request.head.sha }}/")


def test_a_repository_without_code_scanning_keeps_its_report_and_passes() -> None:
    validate = load("validate")["jobs"]["validate"]["steps"]
    upload = next(s for s in validate
                  if str(s.get("uses", "")).startswith("github/codeql-action/upload-sarif"))
    assert upload["continue-on-error"] is True and upload["id"] == "upload"
    fallback = [s for s in validate if "steps.upload.outcome == 'failure'" in str(s.get("if", ""))]
    assert any("::notice" in s.get("run", "") for s in fallback)
    assert any(str(s.get("uses", "")).startswith("actions/upload-artifact@") for s in fallback)


def _run_step(step: dict[str, Any], env: dict[str, str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """A workflow step's ``run`` script, as the runner runs it (bash -e), with ``env``."""
    return subprocess.run(["bash", "-e", "-c", step["run"]], cwd=cwd, env=env, capture_output=True,
                          text=True, check=False)


def test_a_full_check_is_split_across_a_matrix_and_merged_into_one_verdict() -> None:
    jobs = load("validate")["jobs"]
    plan = next(s for s in jobs["shards"]["steps"] if s.get("id") == "plan")["run"]
    assert "git diff --quiet" in plan and "count=$SHARDS" in plan
    assert int(jobs["shards"]["env"]["SHARDS"]) > 1
    assert jobs["validate"]["strategy"]["matrix"]["shard"] == "${{ fromJSON(needs.shards.outputs.list) }}"
    assert jobs["validate"]["strategy"]["fail-fast"] is False
    shard_step = next(s for s in jobs["validate"]["steps"] if s.get("name") == "Check this shard")
    assert '--head-code skip --shard "$SHARD" --format json' in shard_step["run"]
    verdict = jobs["verdict"]
    assert verdict["needs"] == ["shards", "validate"] and "count != '1'" in verdict["if"]
    merge = next(s for s in verdict["steps"] if s.get("name") == "Merge the shards")
    assert "if" not in merge and merge["run"].startswith("golive report merge ")


def test_the_verdict_job_renders_the_summary_of_an_unsharded_run(tmp_path: Path) -> None:
    """The Verdict job's own scripts, run on four shard files, write the job summary, the SARIF
    file and the verdict that one unsharded check gives."""
    repo = init_config_repo(tmp_path / "repo")
    edi = repo / "tenants" / "acme-ortho" / "edi.yaml"
    edi.write_text(edi.read_text(encoding="utf-8").replace("usage_indicator: P", "usage_indicator: T", 1))
    subprocess.run(["git", "commit", "-qam", "acme-ortho back to test"], cwd=repo, check=True)
    shards = tmp_path / "shards"
    for k in range(1, 5):
        (shards / f"golive-shard-{k}").mkdir(parents=True)
        code = main(["validate", "--repo", str(repo), "--as-of", "2026-11-25", "--shard", f"{k}/4",
                     "--format", "json", "--output", str(shards / f"golive-shard-{k}" / "shard.json")])
        assert code in (0, 1)
    summary = tmp_path / "summary.md"
    # `golive` on PATH runs this checkout's golive, as the job's install step would.
    golive_bin = tmp_path / "bin"
    golive_bin.mkdir()
    shim = f'#!/bin/sh\nexec "{sys.executable}" -m golive "$@"\n'
    (golive_bin / "golive").write_text(shim, encoding="utf-8")
    (golive_bin / "golive").chmod(0o755)
    env = {"PATH": f"{golive_bin}:/usr/bin:/bin", "RUNNER_TEMP": str(tmp_path), "SHARDS_DIR": str(shards),
           "GITHUB_STEP_SUMMARY": str(summary), "GOLIVE_LINK_BASE": "https://github.example/o/r/blob/abc/",
           "HOME": str(tmp_path), "PYTHONPATH": str(ROOT)}
    steps = {s.get("name"): s for s in load("validate")["jobs"]["verdict"]["steps"]}
    verdict = _run_step(steps["Merge the shards"], env, repo)
    assert verdict.returncode == 1 and "::error file=tenants/acme-ortho/edi.yaml" in verdict.stdout
    assert _run_step(steps["Job summary"], env, repo).returncode == 0
    assert _run_step(steps["SARIF report"], env, repo).returncode == 0
    whole = subprocess.run([f"{golive_bin}/golive", "validate", "--repo", str(repo), "--as-of", "2026-11-25",
                            "--format", "markdown"], env=env, capture_output=True, text=True, check=False)
    assert whole.returncode == 1 and summary.read_text(encoding="utf-8") == whole.stdout
    assert json.loads((repo / "golive.sarif").read_text(encoding="utf-8"))["runs"][0]["results"]
