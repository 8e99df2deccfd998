"""An out-of-range date is a finding at its key, never a crash of every command.

``golive_date: 9999-12-31`` used to end validate, status and the board with an
OverflowError: hyper-care counts business days on from the go-live date, past
the end of Python's calendar. Now such a date is ``GL-DATE-RANGE`` at its line,
the file is not used (as a file off its schema is not), and every other tenant is
still reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.gitrepo import edit, init_config_repo
from tests.test_apply import run

AS_OF = "2026-11-25"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return init_config_repo(tmp_path / "repo")


def line_of(repo: Path, rel: str, text: str) -> int:
    lines = (repo / rel).read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize("date", ["9999-12-31", "9999-12-25", "9999-01-01"])
def test_validate_reports_the_date_at_its_line_and_the_others_still(repo: Path, date: str) -> None:
    edit(repo, "tenants/acme-ortho/tenant.yaml", "golive_date: 2026-11-17", f"golive_date: {date}")
    code, out, err = run("validate", "--repo", str(repo), "--format", "json", "--as-of", AS_OF,
                         "--no-cache")
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert [(f["rule"], f["checklist"], f["file"], f["line"], f["path"]) for f in report["findings"]] == [
        ("GL-DATE-RANGE", "schema", "tenants/acme-ortho/tenant.yaml",
         line_of(repo, "tenants/acme-ortho/tenant.yaml", "golive_date:"), "golive_date")]
    assert f"{date} is out of range" in report["findings"][0]["message"]
    assert report["summary"]["tenants"] == 3


def test_status_and_the_board_show_every_tenant(repo: Path, tmp_path: Path) -> None:
    edit(repo, "tenants/riverbend-cardio/tenant.yaml", "golive_date: 2026-10-06", "golive_date: 9999-12-31")
    code, out, err = run("status", "--repo", str(repo), "--format", "json", "--as-of", AS_OF)
    assert (code, err) == (0, "")
    tenants = json.loads(out)["tenants"]
    assert sorted(tenants) == ["acme-ortho", "riverbend-cardio", "summit-peds"]
    assert tenants["riverbend-cardio"]["checklist"]["hypercare"] == "missing"
    assert tenants["acme-ortho"]["checklist"]["envelopes_production"] == "done"
    board = tmp_path / "board.html"
    code, _, err = run("status", "--repo", str(repo), "--format", "html", "--output", str(board),
                       "--as-of", AS_OF)
    assert (code, err) == (0, "")
    page = board.read_text(encoding="utf-8")
    assert all(name in page for name in ("acme-ortho", "riverbend-cardio", "summit-peds"))
    code, _, err = run("hypercare", "riverbend-cardio", "--repo", str(repo), "--as-of", AS_OF)
    assert code == 2 and len(err.splitlines()) == 1


def test_a_late_date_anywhere_in_a_file_is_reported_there(repo: Path) -> None:
    rel = "tenants/riverbend-cardio/golive.yaml"
    text = (repo / rel).read_text(encoding="utf-8")
    first = next(line.split("date: ")[1].split("}")[0].split(",")[0] for line in text.splitlines()
                 if "date: " in line)
    edit(repo, rel, f"date: {first}", "date: 9999-12-30")
    code, out, _ = run("validate", "--repo", str(repo), "--format", "json", "--as-of", AS_OF, "--no-cache")
    assert code == 1
    [found] = json.loads(out)["findings"]
    assert (found["rule"], found["file"]) == ("GL-DATE-RANGE", rel)
    assert found["line"] == line_of(repo, rel, "9999-12-30")


@pytest.mark.parametrize("date", ["9998-12-31", "0001-01-01"])
def test_the_last_and_first_dates_golive_computes_with_are_fine(repo: Path, date: str) -> None:
    edit(repo, "tenants/acme-ortho/tenant.yaml", "golive_date: 2026-11-17", f"golive_date: {date}")
    for command in (["validate", "--no-cache"], ["status"], ["hypercare", "acme-ortho"]):
        code, _, err = run(*command, "--repo", str(repo), "--as-of", AS_OF)
        assert code in (0, 1) and "internal error" not in err, (command, err)
    assert not any("GL-DATE-RANGE" in line for line in run(
        "validate", "--repo", str(repo), "--as-of", AS_OF, "--no-cache")[1].splitlines())


def test_as_of_the_last_day_of_the_calendar_is_no_crash(repo: Path) -> None:
    code, _, err = run("validate", "--repo", str(repo), "--as-of", "9999-12-31", "--no-cache")
    assert code in (0, 1) and err == ""
