"""Every output of golive on fixed inputs, compared byte for byte with what was recorded.

The inputs are the example tenants (and, for wider cover, every case of tests/bad/ as a
tenant of its own) at a fixed ``--as-of``; git histories are made with fixed author and
committer dates, so commit ids are the same on every run. Only what must vary between
runs is normalised before the comparison: the temporary directory, commit ids (shown as
the commit's subject) and the times an apply records.

Set ``RECORD_FROZEN=1`` to write the files under tests/frozen/ from the current code;
a change to any output then shows as a diff of those files.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

from golive.cli import main
from tests.conftest import make_repo
from tests.gitrepo import commit_all, edit, git, init_config_repo
from tests.test_rollback import unflip

FROZEN = Path(__file__).parent / "frozen"
BAD = Path(__file__).parent / "bad"
AS_OF = "2026-11-25"
RECORD = os.environ.get("RECORD_FROZEN") == "1"
WHEN = "2026-11-20T10:00:00+00:00"

Outputs = dict[str, str]


class Run:
    """Runs golive in-process and keeps each output (stdout, files it wrote, exit code) by name."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.outputs: Outputs = {}
        self.shas: dict[str, str] = {}

    def learn_commits(self, repo: Path) -> None:
        """Name every commit of ``repo`` by its subject (numbered when two share one)."""
        listing = git(repo, "log", "--all", "--reverse", "--format=%H %s")
        for line in listing.splitlines():
            sha, _, subject = line.partition(" ")
            if sha in self.shas:
                continue
            name, n = subject, 2
            while name in self.shas.values():
                name, n = f"{subject} #{n}", n + 1
            self.shas[sha] = name

    def normalise(self, text: str) -> str:
        text = text.replace(str(self.tmp), "<tmp>")
        for sha, name in self.shas.items():
            text = text.replace(sha, f"<commit {name}>").replace(sha[:12], f"<commit {name}>")
        return text

    def __call__(self, name: str, *argv: str, output: Path | None = None,
                 times: bool = False) -> None:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), out, err)
        text = f"$ golive {' '.join(argv)}\nexit {code}\n--- stdout\n{out.getvalue()}"
        if err.getvalue():
            text += f"--- stderr\n{err.getvalue()}"
        if output is not None:
            text += f"--- {output.name}\n{output.read_text(encoding='utf-8')}"
        text = self.normalise(text)
        if times:
            text = re.sub(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d|Z)?", "<time>", text)
        assert name not in self.outputs, name
        self.outputs[name] = text


@pytest.fixture
def fixed_dates(monkeypatch: pytest.MonkeyPatch) -> None:
    for who in ("AUTHOR", "COMMITTER"):
        monkeypatch.setenv(f"GIT_{who}_DATE", WHEN)
    # The board says when it was made: the reproducible-builds clock, WHEN.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", str(int(dt.datetime.fromisoformat(WHEN).timestamp())))
    for name in list(os.environ):
        if name.startswith("GITHUB_"):
            monkeypatch.delenv(name)


def _bad_cases_repo(path: Path) -> Path:
    """The example tenants, and each case of tests/bad/ as a tenant named after the case."""
    repo = make_repo(path, ("acme-ortho", "riverbend-cardio", "summit-peds"))
    for case in sorted(p for p in BAD.iterdir() if p.is_dir()):
        spec = yaml.safe_load((case / "case.yaml").read_text(encoding="utf-8"))
        tenant = repo / "tenants" / case.name
        shutil.copytree(repo / "tenants" / spec.get("base", "acme-ortho"), tenant, symlinks=True)
        for name in spec.get("remove", []):
            (tenant / name).unlink()
        if (case / "tenant").is_dir():
            shutil.copytree(case / "tenant", tenant, symlinks=True, dirs_exist_ok=True)
    return repo


VALIDATE_FORMATS = ("text", "json", "github", "sarif", "junit", "markdown")
STATUS_FORMATS = ("text", "json", "markdown")


def checking(run: Run) -> None:
    """validate, status, explain and hypercare over the examples and over every bad case."""
    examples = make_repo(run.tmp / "examples", ("acme-ortho", "riverbend-cardio", "summit-peds"))
    broken = _bad_cases_repo(run.tmp / "broken")
    for label, repo in (("examples", examples), ("broken", broken)):
        common = ("--repo", str(repo), "--as-of", AS_OF, "--no-cache")
        for fmt in VALIDATE_FORMATS:
            run(f"validate-{label}.{fmt}", "validate", *common, "--format", fmt)
        run(f"validate-{label}-verbose.text", "validate", *common, "-v")
        for fmt in STATUS_FORMATS:
            run(f"status-{label}.{fmt}", "status", *common, "--format", fmt)
        run(f"status-{label}-verbose.text", "status", *common, "-v")
        board = run.tmp / f"board-{label}.html"
        run(f"status-{label}.html", "status", *common, "--format", "html", "--output", str(board),
            output=board)
    for tenant in ("acme-ortho", "riverbend-cardio", "summit-peds"):
        for fmt in ("text", "json", "markdown"):
            run(f"hypercare-{tenant}.{fmt}", "hypercare", tenant, "--repo", str(examples),
                "--as-of", AS_OF, "--format", fmt)
    from golive.engine.rule_catalogue import all_rules

    for rule in all_rules():
        run(f"explain-{rule}", "explain", rule)


def platform(run: Run) -> None:
    """plan, apply, state, drift and history against fresh SQLite targets."""
    repo = init_config_repo(run.tmp / "platform")
    run.learn_commits(repo)
    for fmt in ("text", "json", "markdown"):
        url = f"sqlite:///{run.tmp / f'plan-{fmt}.db'}"
        run(f"plan.{fmt}", "plan", "--repo", str(repo), "--target", url, "--as-of", AS_OF,
            "--format", fmt)
    for fmt in ("text", "json"):
        url = f"sqlite:///{run.tmp / f'apply-{fmt}.db'}"
        run(f"apply.{fmt}", "apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF,
            "--format", fmt)
    url = f"sqlite:///{run.tmp / 'apply-text.db'}"
    edit(repo, "tenants/acme-ortho/tenant.yaml", "status: active", "status: read_only")
    commit_all(repo, "acme-ortho: read only")
    run.learn_commits(repo)
    run("plan-second.text", "plan", "--repo", str(repo), "--target", url, "--as-of", AS_OF)
    run("apply-second.text", "apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF)
    for fmt in ("text", "json"):
        run(f"state.{fmt}", "state", "--repo", str(repo), "--target", url, "--format", fmt)
        run(f"drift.{fmt}", "drift", "--repo", str(repo), "--target", url, "--format", fmt)
        run(f"history.{fmt}", "history", "--repo", str(repo), "--target", url, "--format", fmt,
            times=True)


def _history(path: Path) -> Path:
    """main: acme-ortho before go-live, rules v7 activated, the flip, later changes (as test_rollback)."""
    repo = init_config_repo(path)
    git(repo, "config", "user.name", "On-call Admin")
    git(repo, "config", "user.email", "oncall@golive.example")
    unflip(repo)
    commit_all(repo, "acme-ortho before go-live")
    edit(repo, "tenants/acme-ortho/modifier-rules.yaml", "active_version: 6", "active_version: 7")
    commit_all(repo, "Activate acme-ortho modifier rules v7")
    for name in ("tenant.yaml", "edi.yaml"):
        shutil.copyfile(Path(__file__).parent.parent / "tenants" / "acme-ortho" / name,
                        repo / "tenants" / "acme-ortho" / name)
    commit_all(repo, "Flip acme-ortho live on 2026-11-17")
    edit(repo, "tenants/summit-peds/tenant.yaml", "onboarding_ticket: ONB-1107",
         "onboarding_ticket: ONB-1107          # readiness review booked")
    commit_all(repo, "Later changes to summit-peds")
    return repo


TRIGGERS = ("mass-scrub-failures", "mass-envelope-rejections", "catastrophic-config-error",
            "tenant-db-corruption")


def changes(run: Run) -> None:
    """rollback (each trigger), flip, new, and pull-request mode."""
    for trigger in TRIGGERS:
        repo = _history(run.tmp / f"rollback-{trigger}")
        run.learn_commits(repo)
        # The rollback's own commit is named after it is made: record, then name it.
        out, err = io.StringIO(), io.StringIO()
        code = main(["rollback", "acme-ortho", "--trigger", trigger, "--repo", str(repo)], out, err)
        run.learn_commits(repo)
        run.outputs[f"rollback-{trigger}"] = run.normalise(
            f"$ golive rollback acme-ortho --trigger {trigger}\nexit {code}\n--- stdout\n"
            f"{out.getvalue()}" + (f"--- stderr\n{err.getvalue()}" if err.getvalue() else ""))
        run(f"rollback-{trigger}-validate.text", "validate", "--repo", str(repo), "--base", "main",
            "--as-of", AS_OF, "--no-cache")
    repo = init_config_repo(run.tmp / "authoring")
    run("new", "new", "lakeside-ent", "--repo", str(repo), "--name", "Lakeside ENT")
    commit_all(repo, "Add lakeside-ent")
    out, err = io.StringIO(), io.StringIO()
    code = main(["flip", "summit-peds", "--repo", str(repo), "--date", "2026-12-15"], out, err)
    run.learn_commits(repo)
    run.outputs["flip"] = run.normalise(f"$ golive flip summit-peds\nexit {code}\n--- stdout\n"
                                        f"{out.getvalue()}{err.getvalue()}")
    run("flip-validate.json", "validate", "--repo", str(repo), "--base", "main", "--as-of", AS_OF,
        "--no-cache", "--format", "json")
    pr = init_config_repo(run.tmp / "pull-request")
    git(pr, "checkout", "-q", "-b", "feature")
    edit(pr, "tenants/acme-ortho/edi.yaml", "usage_indicator: P", "usage_indicator: T")
    edit(pr, "policies/settings.yaml", "business_days: 5", "business_days: 6")
    edit(pr, "tenants/riverbend-cardio/tenant.yaml", "status: active", "status: read_only")
    commit_all(pr, "A change to check")
    run.learn_commits(pr)
    for fmt in VALIDATE_FORMATS:
        run(f"pull-request.{fmt}", "validate", "--repo", str(pr), "--base", "main", "--as-of", AS_OF,
            "--no-cache", "--format", fmt)


GROUPS: dict[str, Callable[[Run], None]] = {"checking": checking, "platform": platform, "changes": changes}


def _diff(name: str, want: str, got: str) -> Iterator[str]:
    import difflib

    yield from difflib.unified_diff(want.splitlines(), got.splitlines(), f"frozen/{name}", "now",
                                    lineterm="", n=2)


@pytest.mark.usefixtures("fixed_dates")
@pytest.mark.parametrize("group", sorted(GROUPS))
def test_outputs_are_as_recorded(group: str, tmp_path: Path) -> None:
    run = Run(tmp_path)
    GROUPS[group](run)
    folder = FROZEN / group
    if RECORD:
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        for name, text in run.outputs.items():
            (folder / f"{name}.txt").write_text(text, encoding="utf-8")
    recorded = {p.name.removesuffix(".txt") for p in folder.glob("*.txt")}
    assert recorded == set(run.outputs), "outputs recorded and made differ: " \
        f"{sorted(recorded ^ set(run.outputs))}"
    wrong = [name for name, text in sorted(run.outputs.items())
             if (folder / f"{name}.txt").read_text(encoding="utf-8") != text]
    diffs = "\n".join(line for name in wrong[:3] for line in _diff(
        name, (folder / f"{name}.txt").read_text(encoding="utf-8"), run.outputs[name]))
    assert not wrong, f"{len(wrong)} outputs changed: {wrong}\n{diffs}"
