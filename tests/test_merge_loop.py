"""The merge loop on GitHub: the plan comment of validate.yml and the held-tenant issue of apply.yml.

The workflows' own scripts (taken from the YAML as GitHub runs them, with
``bash -eo pipefail``) run against a stand-in for the ``gh`` command line: it keeps
a repository's issues and comments in a JSON file, answers the REST calls the scripts
make, and filters answers with ``--jq`` through the real ``jq``. What they post is
rendered by golive itself from real plans and applies.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from golive.cli import main
from tests.gitrepo import commit_all, edit, init_config_repo
from tests.test_workflows import load

pytestmark = pytest.mark.skipif(shutil.which("jq") is None or shutil.which("bash") is None,
                                reason="needs bash and jq")

AS_OF = "2026-11-25"
BOT = "github-actions[bot]"
PLAN_MARKER = "<!-- golive-plan -->"
HELD_MARKER = "<!-- golive-held-tenants -->"

# The stand-in for gh: `gh api [--method M] [--paginate] [--jq EXPR] [-f k=v | -F k=v|k=@file] PATH`.
FAKE_GH = r'''
import json, os, subprocess, sys
from urllib.parse import urlsplit, parse_qs

args = sys.argv[1:]
assert args.pop(0) == "api", args
method, jq, fields, path = "GET", None, {}, None
while args:
    a = args.pop(0)
    if a == "--method":
        method = args.pop(0)
    elif a == "--paginate":
        pass
    elif a == "--jq":
        jq = args.pop(0)
    elif a in ("-f", "-F"):
        key, _, value = args.pop(0).partition("=")
        if a == "-F" and value.startswith("@"):
            value = open(value[1:], encoding="utf-8").read()
        fields[key] = value
    else:
        path = a
store = os.environ["FAKE_GH_STORE"]
db = json.load(open(store, encoding="utf-8"))
url = urlsplit(path)
parts = url.path.split("/")   # repos, OWNER, NAME, issues, ...
assert parts[:3] == ["repos", "acme", "config"], path
rest = parts[3:]
out = None
if rest == ["issues"] and method == "GET":
    state = parse_qs(url.query).get("state", ["open"])[0]
    out = [i for i in db["issues"] if i["state"] == state]
elif rest == ["issues"] and method == "POST":
    db["next"] += 1
    out = {"number": db["next"], "title": fields["title"], "body": fields["body"], "state": "open",
           "user": {"login": "github-actions[bot]"}, "comments": []}
    db["issues"].append(out)
elif rest[:2] == ["issues", "comments"] and method == "PATCH":
    [out] = [c for i in db["issues"] for c in i["comments"] if c["id"] == int(rest[2])]
    assert out["user"]["login"] == "github-actions[bot]", "edits only its own comments"
    out["body"] = fields["body"]
elif len(rest) == 2 and method == "PATCH":
    [out] = [i for i in db["issues"] if i["number"] == int(rest[1])]
    out.update(fields)
elif len(rest) == 3 and rest[2] == "comments":
    [issue] = [i for i in db["issues"] if i["number"] == int(rest[1])]
    if method == "POST":
        db["next"] += 1
        out = {"id": db["next"], "body": fields["body"], "user": {"login": "github-actions[bot]"}}
        issue["comments"].append(out)
    else:
        out = issue["comments"]
else:
    raise SystemExit(f"fake gh: no such call {method} {path}")
json.dump(db, open(store, "w", encoding="utf-8"))
text = json.dumps(out)
if jq is not None:
    text = subprocess.run(["jq", "-r", jq], input=text, capture_output=True, text=True, check=True).stdout
    sys.stdout.write(text)
else:
    sys.stdout.write(text + "\n")
'''


class GitHub:
    """A repository's issues and pull-request comments, as the stand-in gh keeps them."""

    def __init__(self, tmp: Path) -> None:
        self.store = tmp / "github.json"
        self.bin = tmp / "bin"
        self.bin.mkdir()
        gh = self.bin / "gh"
        gh.write_text(f"#!{sys.executable}\n{FAKE_GH}", encoding="utf-8")
        gh.chmod(0o755)
        self.runner_temp = tmp / "runner"
        self.runner_temp.mkdir()
        # Pull request 1, with a comment of someone else's that quotes the marker.
        pull = {"number": 1, "title": "a pull request", "body": "", "state": "open", "pull_request": {},
                "user": {"login": "dev"},
                "comments": [{"id": 7, "body": f"{PLAN_MARKER} my own notes", "user": {"login": "dev"}}]}
        self.save({"next": 100, "issues": [pull]})

    def save(self, db: dict[str, Any]) -> None:
        self.store.write_text(json.dumps(db), encoding="utf-8")

    def db(self) -> dict[str, Any]:
        data: dict[str, Any] = json.loads(self.store.read_text(encoding="utf-8"))
        return data

    def run_step(self, workflow: str, job: str, step: str, **env: str) -> None:
        [script] = [s["run"] for s in load(workflow)["jobs"][job]["steps"] if s.get("name") == step]
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
            env={"PATH": f"{self.bin}{os.pathsep}{os.environ['PATH']}", "FAKE_GH_STORE": str(self.store),
                 "RUNNER_TEMP": str(self.runner_temp), "REPO": "acme/config", "GH_TOKEN": "placeholder",
                 **env},
            capture_output=True, text=True, check=False, timeout=60)
        assert done.returncode == 0, done.stderr


def golive(*argv: str) -> int:
    return main(list(argv), io.StringIO(), io.StringIO())


def test_two_pushes_make_one_plan_comment(tmp_path: Path) -> None:
    github = GitHub(tmp_path)
    repo = init_config_repo(tmp_path / "repo")
    url = f"sqlite:///{tmp_path / 'platform.db'}"
    assert golive("apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF) == 0
    plan = github.runner_temp / "plan.md"
    bodies = []
    for tenant in ("acme-ortho", "riverbend-cardio"):   # two pushes to the pull request
        edit(repo, f"tenants/{tenant}/tenant.yaml", "status: active", "status: read_only")
        commit_all(repo, f"{tenant}: read only")
        assert golive("plan", "--repo", str(repo), "--target", url, "--as-of", AS_OF, "--format", "markdown",
                      "--output", str(plan)) == 0
        github.run_step("validate", "plan", "Comment the plan on the pull request", PR="1")
        bodies.append(plan.read_text(encoding="utf-8"))
    [pull] = github.db()["issues"]
    mine = [c for c in pull["comments"] if c["user"]["login"] == BOT]
    assert len(mine) == 1
    assert mine[0]["body"] == f"{PLAN_MARKER}\n{bodies[1]}" and mine[0]["body"].count(PLAN_MARKER) == 1
    assert "| riverbend-cardio | status | active | read_only |" in mine[0]["body"]
    assert pull["comments"][0]["body"] == f"{PLAN_MARKER} my own notes"   # someone else's: untouched


def test_held_tenants_make_one_issue_closed_once_all_are_applied(tmp_path: Path) -> None:
    github = GitHub(tmp_path)
    repo = init_config_repo(tmp_path / "repo")
    url = f"sqlite:///{tmp_path / 'platform.db'}"
    report = github.runner_temp / "apply.md"
    step = ("apply", "apply", "Held-tenant issue")
    assert golive("apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF) == 0

    edit(repo, "tenants/acme-ortho/edi.yaml", "usage_indicator: P", "usage_indicator: T")
    commit_all(repo, "acme-ortho back to test mode by mistake")
    for _ in range(2):   # this push, and a later one while acme-ortho is still held
        assert golive("apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF, "--format", "markdown",
                      "--output", str(report)) == 1
        github.run_step(*step, OUTCOME="failure", SHA="0" * 40)
    issues = [i for i in github.db()["issues"] if "pull_request" not in i]
    [issue] = issues
    assert issue["state"] == "open" and issue["title"] == "golive: tenants held on production"
    assert issue["body"] == f"{HELD_MARKER}\n{report.read_text(encoding='utf-8')}"
    assert "| acme-ortho |" in issue["body"] and "GL-ENVELOPE-MODE" in issue["body"]

    edit(repo, "tenants/acme-ortho/edi.yaml", "usage_indicator: T", "usage_indicator: P")
    commit_all(repo, "acme-ortho: production again")
    assert golive("apply", "--repo", str(repo), "--target", url, "--as-of", AS_OF, "--format", "markdown",
                  "--output", str(report)) == 0
    github.run_step(*step, OUTCOME="success", SHA="1" * 40)
    [issue] = [i for i in github.db()["issues"] if "pull_request" not in i]
    assert issue["state"] == "closed"
    assert issue["comments"][-1]["body"] == f"Every tenant is applied at {'1' * 40}."


def test_an_apply_that_could_not_run_opens_no_issue(tmp_path: Path) -> None:
    github = GitHub(tmp_path)
    (github.runner_temp / "apply.md").write_text("", encoding="utf-8")
    github.run_step("apply", "apply", "Held-tenant issue", OUTCOME="failure", SHA="0" * 40)
    assert [i for i in github.db()["issues"] if "pull_request" not in i] == []
