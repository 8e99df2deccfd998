"""Names and arguments that attack the outputs: tenant directories named like secrets or
workflow commands, command-line arguments that echo, values that would drive a CI runner
or ping people from a pull request.

A config repo (real git) gets tenant directories named like an SSN, a GitHub token and
GitHub Actions workflow commands (``::error::``, ``##[add-mask]``); a tenant's name and
standup notes start with workflow commands (``::stop-commands::``, ``::add-mask::``) and
mention a user and an issue (``@octocat``, ``#123``). Every command then runs in every
format, and also with those names (and a branch named like a token) as its arguments;
nothing may show a secret, no line of text or github output may start a workflow
command golive did not write, and no markdown output may mention anyone or any issue.

Every value here is synthetic.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest

from golive.cli import main
from tests.gitrepo import commit_all, edit, git, init_config_repo

AS_OF = "2026-11-25"
# A rollback is recorded with its ticket and reason.
RECORD = ("--reference", "INC-1", "--reason", "hostile names")
SSN, TOKEN = "417-23-1289", "ghp_" + "Hs7" * 12
DIRS = (SSN, TOKEN, "::error::dir-pwned", "##[add-mask]dir")
SUMMIT, RIVERBEND = "tenants/summit-peds", "tenants/riverbend-cardio"
# What golive's own workflow commands look like: an annotation with its properties.
OWN_COMMAND = re.compile(r"::(?:error|warning|notice) file=")


def _run(repo: Path, outputs: dict[str, str], label: str, *argv: str) -> int:
    out, err = io.StringIO(), io.StringIO()
    code = main([*argv, "--repo", str(repo)], out, err)
    outputs[f"{label} (stdout)"], outputs[f"{label} (stderr)"] = out.getvalue(), err.getvalue()
    return code


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    tmp = tmp_path_factory.mktemp("hostile")
    repo = init_config_repo(tmp / "repo")
    for name in DIRS:
        shutil.copytree(repo / SUMMIT, repo / "tenants" / name)
    edit(repo, f"{SUMMIT}/tenant.yaml", "name: Summit Pediatrics", 'name: "::stop-commands::resume-token"')
    text = (repo / RIVERBEND / "golive.yaml").read_text()
    notes = iter(["::add-mask::x", "ping @octocat about #123", "##[error]from a note"])
    text = re.sub(r"notes: [^}]*\}", lambda m: f"notes: \"{next(notes, 'ok')}\"}}", text)
    text = re.sub(r"(auto_corrections_succeeded: \d+\n)",
                  lambda m: f"{m[1]}      investigation: \"ping @octocat about #123\"\n", text, count=1)
    (repo / RIVERBEND / "golive.yaml").write_text(text)
    commit_all(repo, "Hostile names")
    got: dict[str, str] = {}
    for fmt in ("text", "json", "github", "sarif", "junit", "markdown"):
        _run(repo, got, f"validate {fmt}", "validate", "--format", fmt, "--as-of", AS_OF)
    for fmt in ("text", "json", "markdown", "html"):
        _run(repo, got, f"status {fmt}", "status", "--format", fmt, "--as-of", AS_OF)
    for fmt in ("text", "json", "markdown"):
        _run(repo, got, f"hypercare {fmt}", "hypercare", "riverbend-cardio", "--format", fmt,
             "--as-of", AS_OF)
        _run(repo, got, f"plan {fmt}", "plan", "--format", fmt, "--as-of", AS_OF)
    for name in DIRS:
        for command in ("status", "hypercare", "history", "validate"):
            arg = f"tenants/{name}" if command == "validate" else name
            _run(repo, got, f"{command} {name}", command, arg, "--as-of", AS_OF)
        for command in ("new", "flip"):
            _run(repo, got, f"{command} {name}", command, name)
            git(repo, "switch", "-q", "main")
        _run(repo, got, f"rollback {name}", "rollback", name, "--trigger", "catastrophic-config-error",
             *RECORD)
        git(repo, "switch", "-q", "main")
    _run(repo, got, "rollback --branch", "rollback", "riverbend-cardio", "--trigger",
         "catastrophic-config-error", "--branch", f"fix/{TOKEN}", *RECORD)
    git(repo, "switch", "-q", "main")
    _run(repo, got, "rollback --branch (bad)", "rollback", "riverbend-cardio", "--trigger",
         "catastrophic-config-error", "--branch", f"bad..{SSN}", *RECORD)
    _run(repo, got, "status --output", "status", "--output", str(tmp / "missing" / SSN))
    _run(repo, got, "validate --base", "validate", "--base", TOKEN)
    return got


def test_no_secret_named_in_a_directory_or_an_argument_is_shown(outputs: dict[str, str]) -> None:
    hidden = (SSN, SSN.replace("-", ""), TOKEN, TOKEN[4:])
    assert [label for label, text in outputs.items() if any(h in text for h in hidden)] == []
    assert "***-**-1289" in outputs["validate text (stdout)"]
    assert "fix/********" in outputs["rollback --branch (stdout)"], outputs["rollback --branch (stderr)"]


def test_no_line_starts_a_workflow_command_golive_did_not_write(outputs: dict[str, str]) -> None:
    started = [(label, line) for label, text in outputs.items() for line in text.splitlines()
               if line.lstrip().startswith("::") and not OWN_COMMAND.match(line.lstrip())]
    old = [(label, line) for label, text in outputs.items() for line in text.splitlines() if "##[" in line]
    assert started == [] and old == []
    assert any("\\x3a:stop-commands::resume-token" in text for text in outputs.values())
    assert "\\x3a:error::dir-pwned (onboarding" in outputs["validate text (stdout)"]


def test_markdown_mentions_no_one_and_links_no_issue(outputs: dict[str, str]) -> None:
    markdown = {label: text for label, text in outputs.items() if "markdown" in label or "rollback" in label}
    mentions = [(label, m[0]) for label, text in markdown.items()
                for m in re.finditer(r".{0,20}(?:(?<![\w@])@[A-Za-z0-9]|(?<!&)#\d).{0,20}", text)]
    assert mentions == []
    assert "@&#8203;octocat about \\#&#8203;123" in outputs["hypercare markdown (stdout)"]
