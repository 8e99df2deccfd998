"""The command line: exit codes, JSON shape, text output, and one real subprocess."""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import golive
from golive.cli import main
from golive.reporters import VALIDATE_REPORTERS, Options


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def break_partner(repo: Path) -> None:
    edi = repo / "tenants" / "acme-ortho" / "edi.yaml"
    edi.write_text(edi.read_text().replace("usage_indicator: P", "usage_indicator: T", 1))


def test_examples_pass(repo: Path) -> None:
    code, out, err = run("validate", "--repo", str(repo), "--as-of", "2026-11-25")
    assert (code, err) == (0, "")
    assert out == "3 tenants checked: 0 errors, 0 warnings, 0 blocking — ok\n"


def test_text_report_groups_per_tenant(repo: Path) -> None:
    break_partner(repo)
    code, out, _ = run("validate", "--repo", str(repo), "--as-of", "2026-11-25")
    assert code == 1
    assert out == (
        "acme-ortho (live, status active, go-live 2026-11-17)\n"
        "  tenants/acme-ortho/edi.yaml:13:9: error the 837P envelope to 'availity' is still in "
        "test mode (usage_indicator T); set it to P for go-live [GL-ENVELOPE-MODE envelopes_production]\n"
        "1 tenant checked: 1 error, 0 warnings, 1 blocking — blocked\n"
    ).replace("1 tenant checked", "3 tenants checked")


def test_verbose_lists_passing_tenants(repo: Path) -> None:
    _, out, _ = run("validate", "-v", "--repo", str(repo), "--as-of", "2026-11-25")
    assert "summit-peds (onboarding, status onboarding, go-live 2026-12-15)\n  ok\n" in out


def test_json_matches_the_contract(repo: Path) -> None:
    break_partner(repo)
    code, out, _ = run("validate", "--repo", str(repo), "--format", "json", "--as-of", "2026-11-25")
    report = json.loads(out)
    assert code == 1
    assert report["summary"] == {"tenants": 3, "errors": 1, "warnings": 0, "blocking": 1}
    assert report["findings"] == [{
        "rule": "GL-ENVELOPE-MODE", "checklist": "envelopes_production", "severity": "error",
        "new": True, "waived": False, "allowed_by": None, "reverts_to": None, "tenant": "acme-ortho",
        "file": "tenants/acme-ortho/edi.yaml", "line": 13, "column": 9,
        "path": "trading_partners[0].envelopes[0].usage_indicator",
        "message": "the 837P envelope to 'availity' is still in test mode (usage_indicator T); "
                   "set it to P for go-live",
    }]


def test_output_file_and_paths(repo: Path, tmp_path: Path) -> None:
    break_partner(repo)
    target = tmp_path / "report.json"
    code, out, _ = run("validate", "--repo", str(repo), "tenants/summit-peds", "--format", "json",
                       "--output", str(target), "--as-of", "2026-11-25")
    assert (code, out) == (0, "")  # the broken tenant was not asked for
    assert json.loads(target.read_text())["summary"]["tenants"] == 1


def test_a_file_names_its_tenant(repo: Path) -> None:
    break_partner(repo)
    code, out, _ = run("validate", "--repo", str(repo), "--format", "json",
                       str(repo / "tenants" / "acme-ortho" / "edi.yaml"), "--as-of", "2026-11-25")
    assert code == 1 and json.loads(out)["summary"]["tenants"] == 1


def test_status_json(repo: Path) -> None:
    code, out, _ = run("status", "--repo", str(repo), "--format", "json", "--as-of", "2026-11-25")
    tenants = json.loads(out)["tenants"]
    assert code == 0
    assert set(tenants) == {"acme-ortho", "riverbend-cardio", "summit-peds"}
    peds = tenants["summit-peds"]
    assert (peds["phase"], peds["status"], peds["golive_date"]) == ("onboarding", "onboarding", "2026-12-15")
    assert peds["checklist"]["e2e_test"] == "done"
    assert peds["checklist"]["uat_signoff"] == "missing"
    assert peds["checklist"]["smoke_run"] == "not_yet"
    assert set(tenants["acme-ortho"]["checklist"].values()) <= {"done", "missing"}


def test_status_shows_a_broken_item_missing(repo: Path) -> None:
    break_partner(repo)
    _, out, _ = run("status", "acme-ortho", "--repo", str(repo), "--format", "json")
    assert json.loads(out)["tenants"]["acme-ortho"]["checklist"]["envelopes_production"] == "missing"


@pytest.mark.parametrize("argv", [
    ("validate", "tenants/nobody"),
    ("validate", "schemas"),
    ("explain", "GL-NOPE"),
])
def test_cannot_run_exits_2_with_one_line(repo: Path, argv: tuple[str, ...]) -> None:
    code, out, err = run(*argv, "--repo", str(repo))
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("golive: ")


@pytest.mark.parametrize(("argv", "line", "usage"), [
    (("validate", "--as-of", "tomorrow"),
     "golive: validate: argument --as-of: not a date (YYYY-MM-DD): 'tomorrow'", "usage: golive validate "),
    (("validate", "--format", "xml"), "golive: validate: argument --format: invalid choice: 'xml'",
     "usage: golive validate "),
    (("flip", "acme-ortho", "--date", "12/01"),
     "golive: flip: argument --date: not a date (YYYY-MM-DD): '12/01'", "usage: golive flip "),
    (("valdate",), "golive: unknown command 'valdate'; did you mean 'validate'?", "usage: golive "),
    (("frobnicate",), "golive: unknown command 'frobnicate'", "usage: golive "),
    ((), "golive: the following arguments are required: command", "usage: golive "),
    # An option the command does not have: said by the command, with the one it likely meant.
    (("validate", "--formt", "json"), "golive: validate: unrecognized arguments: --formt; "
     "did you mean '--format'?", "usage: golive validate "),
    (("apply", "--forse"), "golive: apply: unrecognized arguments: --forse; did you mean '--force'?",
     "usage: golive apply "),
    (("status", "--bogus"), "golive: status: unrecognized arguments: --bogus", "usage: golive status "),
])
def test_a_usage_error_is_one_line_then_the_usage(argv: tuple[str, ...], line: str, usage: str) -> None:
    """The message once, with no doubled ``golive:`` prefix, then the command's own usage."""
    code, out, err = run(*argv)
    first, _, rest = err.partition("\n")
    assert (code, out) == (2, "")
    assert first.startswith(line) and "golive: golive" not in err
    assert rest.startswith(usage) and rest.count("usage:") == 1


def test_explain_a_checklist_key_lists_its_rules() -> None:
    code, out, _ = run("explain", "e2e_test")
    assert code == 0
    assert out.startswith("e2e_test: End-to-end test passed")
    assert "  GL-E2E-TEST  " in out
    code, out, _ = run("explain", "integrity")
    assert code == 0 and "  GL-EVIDENCE-PATH  " in out and "  GL-SECRET  " in out


def test_explain_suggests_the_closest_rule_or_key() -> None:
    code, out, err = run("explain", "GL-SMOKE-RUNN")
    assert (code, out) == (2, "") and err.count("\n") == 1
    assert "did you mean 'GL-SMOKE-RUN'" in err
    code, _, err = run("explain", "e2e-test")
    assert code == 2 and "'e2e_test'" in err.split("did you mean", 1)[1]


def test_date_options_give_their_format() -> None:
    for command in ("validate", "status", "plan", "apply", "hypercare", "flip"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
            main([command, "--help"])
        assert "YYYY-MM-DD" in out.getvalue(), command


def test_not_a_config_repo(tmp_path: Path) -> None:
    code, _, err = run("validate", "--repo", str(tmp_path))
    assert code == 2 and "no tenants/ directory" in err


def test_unreadable_settings_exit_2(repo: Path) -> None:
    (repo / "policies" / "settings.yaml").write_text("loader: {max_file_bytes: -1}\nhypercare: {}\n")
    code, _, err = run("validate", "--repo", str(repo))
    assert code == 2
    assert err.startswith("golive: policies/settings.yaml:") and err.count("\n") == 1


def test_broken_schema_exit_2(repo: Path) -> None:
    (repo / "schemas" / "edi.schema.json").write_text("{not json")
    code, _, err = run("validate", "--repo", str(repo), "--no-cache")
    assert code == 2 and "schemas/edi.schema.json is not valid JSON" in err and err.count("\n") == 1
    (repo / "schemas" / "edi.schema.json").write_text('{"type": "objekt"}')
    code, _, err = run("validate", "--repo", str(repo), "--no-cache")
    assert code == 2 and "schemas/edi.schema.json is not a valid JSON Schema: " in err
    assert "objekt" in err and err.count("\n") == 1


def test_version_and_validate_import_only_what_they_need(repo: Path) -> None:
    """Start-up stays light: no git, database, X12, template or python-jsonschema imports."""
    heavy = ("git", "psycopg", "pyx12", "jinja2", "jsonschema", "sqlite3")
    probe = (
        "import sys\nfrom golive.cli import main\n"
        "try:\n    main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {heavy!r} if m in sys.modules))"
    )
    for args in (["--version"], ["validate", "--repo", str(repo), "--no-cache", "summit-peds"]):
        done = subprocess.run([sys.executable, "-c", probe, *args], capture_output=True, text=True)
        assert done.stdout.strip().splitlines()[-1] == "[]", (args, done.stdout, done.stderr)


def test_explain(repo: Path) -> None:
    code, out, _ = run("explain", "GL-PARTNER-CERT")
    assert code == 0
    assert out.startswith("GL-PARTNER-CERT (partner_certifications)\n")
    assert "Runbook: Trading partner test certifications in hand" in out
    code, out, _ = run("explain", "gl-yaml-tab")
    assert code == 0 and "Indent with spaces only" in out


def test_real_subprocess(repo: Path) -> None:
    break_partner(repo)
    env = {**os.environ, "NO_COLOR": "1"}
    proc = subprocess.run([sys.executable, "-m", "golive", "validate", "--format", "json"],
                          cwd=repo / "tenants", capture_output=True, text=True, env=env, check=False)
    assert proc.returncode == 1, proc.stderr
    assert json.loads(proc.stdout)["summary"]["blocking"] == 1
    proc = subprocess.run([sys.executable, "-m", "golive", "validate", "--repo", str(repo / "nope")],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert proc.stderr.strip() == f"golive: --repo {repo / 'nope'}: no such directory"


def test_colour_only_when_asked(repo: Path) -> None:
    break_partner(repo)
    result = golive.validate(repo, as_of=dt.date(2026, 11, 25))
    plain, painted = io.StringIO(), io.StringIO()
    VALIDATE_REPORTERS["text"](result, plain, Options())
    VALIDATE_REPORTERS["text"](result, painted, Options(color=True))
    assert "\x1b[" not in plain.getvalue()
    assert "\x1b[31merror\x1b[0m" in painted.getvalue()
    assert "\x1b[31mblocked\x1b[0m" in painted.getvalue()


def test_oversized_file_is_a_finding_and_the_rest_are_checked(repo: Path) -> None:
    golive_yaml = repo / "tenants" / "acme-ortho" / "golive.yaml"
    golive_yaml.write_bytes(golive_yaml.read_bytes() + b"#" * (1 << 20) + b"\n")
    code, out, _ = run("validate", "--repo", str(repo), "--format", "json", "--as-of", "2026-11-25")
    report = json.loads(out)
    assert code == 1
    assert report["summary"]["tenants"] == 3
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [
        ("GL-YAML-TOO-LARGE", "tenants/acme-ortho/golive.yaml", 1)]


def test_a_broken_tenant_yaml_still_shows_its_phase(repo: Path) -> None:
    tenant = repo / "tenants" / "summit-peds" / "tenant.yaml"
    tenant.write_text(tenant.read_text().replace("timezone:", "time_zone:"))
    code, out, _ = run("validate", "--repo", str(repo), "--as-of", "2026-11-25")
    assert code == 1
    assert out.startswith("summit-peds (onboarding, status onboarding, go-live 2026-12-15)\n"
                          "  tenants/summit-peds/tenant.yaml:7:1: error unknown key 'time_zone' in "
                          "tenant.yaml — did you mean 'timezone'? [GL-SCHEMA schema]\n")


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_closed_pipe_stops_quietly(repo: Path) -> None:
    err = io.StringIO()
    code = main(["validate", "--repo", str(repo), "-v"], _ClosedPipe(), err)
    assert code == 141 and err.getvalue() == ""


def test_piping_into_a_reader_that_left_is_quiet(repo: Path) -> None:
    # `true` exits before golive has started, so golive's first write meets a closed pipe.
    shell = f"{sys.executable} -m golive status --repo {repo} --no-cache | true"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True)
    assert done.stderr == ""
