"""``golive hypercare TENANT``: the day-by-day table in text, JSON and markdown."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from golive.cli import main
from tests.conftest import make_repo

RB_DAY5 = "      claims_submitted: 215\n      claims_acknowledged: 213\n      claims_denied: 2\n"
RB_DENIAL_4_5 = "      claims_submitted: 200\n      claims_acknowledged: 198\n      claims_denied: 9\n"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), out, err)
    return code, out.getvalue(), err.getvalue()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return make_repo(tmp_path / "repo", ("acme-ortho", "riverbend-cardio", "summit-peds"))


def test_text(repo: Path) -> None:
    edit(repo / "tenants/riverbend-cardio/golive.yaml", RB_DAY5, RB_DENIAL_4_5)
    code, out, err = run("hypercare", "riverbend-cardio", "--repo", str(repo))
    assert (code, err) == (0, "")
    assert out == (
        "riverbend-cardio (Riverbend Cardiology Associates): bau, go-live 2026-10-06\n"
        "hyper-care: 5 U.S. federal business days, Tue 2026-10-06 to Tue 2026-10-13\n"
        "thresholds: ack ≥ 98%, denial ≤ 1%, ERA match > 90%, auto-corr > 60%\n"
        "\n"
        "day  date            standup  submitted    ack    denial    ERA match    auto-corr    "
        "investigation\n"
        "  1  Tue 2026-10-06  yes            148  98.6%      0.7%        95.5%        77.8%    -\n"
        "  2  Wed 2026-10-07  yes            176  98.9%      0.6%        93.5%        66.7%    -\n"
        "  3  Thu 2026-10-08  yes            190  98.9%      0.5%        97.1%        72.7%    -\n"
        "  4  Fri 2026-10-09  yes            162  98.8%      0.0%        96.7%        75.0%    -\n"
        "  5  Tue 2026-10-13  yes            200  99.0%      4.5% !      95.5%        71.4%    -\n"
        "\n"
        "1 breach (marked !):\n"
        "  2026-10-13: denial rate 4.5% (9/200) is above the 1% threshold; no investigation\n"
    )


def test_json(repo: Path) -> None:
    edit(repo / "tenants/riverbend-cardio/golive.yaml", RB_DAY5, RB_DENIAL_4_5)
    code, out, _ = run("hypercare", "riverbend-cardio", "--repo", str(repo), "--format", "json")
    report = json.loads(out)
    assert code == 0
    assert {k: report[k] for k in ("tenant", "name", "phase", "golive_date", "business_days")} == {
        "tenant": "riverbend-cardio", "name": "Riverbend Cardiology Associates", "phase": "bau",
        "golive_date": "2026-10-06", "business_days": 5}
    assert report["thresholds"] == {"acknowledgement": {"at_least": 0.98}, "denial": {"at_most": 0.01},
                                    "era_auto_match": {"above": 0.9}, "auto_correction": {"above": 0.6}}
    day5 = report["days"][4]
    assert {k: v for k, v in day5.items() if k != "rates"} == {
        "day": 5, "date": "2026-10-13", "due": True, "standup": True, "metrics_row": 4,
        "submitted": 200, "investigation": None, "breaches": ["denial"]}
    assert day5["rates"]["denial"] == {"value": 0.045, "numerator": 9, "denominator": 200,
                                       "threshold": 0.01, "breach": True}
    assert report["breaches"] == [{"day": 5, "date": "2026-10-13", "rate": "denial", "value": 0.045,
                                   "threshold": 0.01, "investigation": None}]


def test_markdown_marks_breaches_and_escapes_cells(repo: Path) -> None:
    edit(repo / "tenants/acme-ortho/golive.yaml", "investigation: INC-5604", "investigation: INC|<b>5604")
    code, out, _ = run("hypercare", "acme-ortho", "--repo", str(repo), "--format", "markdown",
                       "--as-of", "2026-11-25")
    assert code == 0
    assert "| Day | Date | Standup | Submitted | ack ≥ 98% | denial ≤ 1% | ERA match > 90% |" in out
    assert ("| 3 | Thu 2026-11-19 | yes | 298 | 99.0% | 0.7% | **86.9%** (breach) | 68.4% | "
            "INC\\|\\<b\\>5604 |") in out
    assert out.endswith("1 breach:\n- 2026-11-19: ERA auto-match rate 86.9% (53/61) is at or below the 90% "
                        "threshold; investigation INC\\|\\<b\\>5604\n")


def test_live_tenant_days_to_come(repo: Path) -> None:
    golive_yaml = repo / "tenants/acme-ortho/golive.yaml"
    text = golive_yaml.read_text(encoding="utf-8")
    golive_yaml.write_text(text[:text.index("    - date: 2026-11-19\n")], encoding="utf-8")
    edit(golive_yaml, "    - {date: 2026-11-20, notes: Cigna posted the NPI update; held ERAs re-matched; "
                      "all rates back in range}\n", "")
    code, out, _ = run("hypercare", "acme-ortho", "--repo", str(repo), "--as-of", "2026-11-19")
    assert code == 0
    rows = out.splitlines()[5:10]
    assert rows[2].split() == ["3", "Thu", "2026-11-19", "yes", "-", "-", "-", "-", "-", "-"]
    assert rows[3].split()[:4] == ["4", "Fri", "2026-11-20", "not"]  # "not yet"
    _, out, _ = run("hypercare", "acme-ortho", "--repo", str(repo), "--as-of", "2026-11-19",
                    "--format", "json")
    days = json.loads(out)["days"]
    assert [(d["due"], d["standup"], d["metrics_row"]) for d in days] == [
        (True, True, 0), (True, True, 1), (True, True, None), (False, False, None), (False, True, None)]
    assert days[2]["rates"]["denial"] == {"value": None, "numerator": None, "denominator": None,
                                          "threshold": 0.01, "breach": False}


def test_golive_on_the_tuesday_before_thanksgiving(repo: Path) -> None:
    edit(repo / "tenants/acme-ortho/tenant.yaml", "golive_date: 2026-11-17", "golive_date: 2026-11-24")
    _, out, _ = run("hypercare", "acme-ortho", "--repo", str(repo), "--format", "json",
                    "--as-of", "2026-12-01")
    days = json.loads(out)["days"]
    assert [d["date"] for d in days] == ["2026-11-24", "2026-11-25", "2026-11-27", "2026-11-30",
                                         "2026-12-01"]


@pytest.mark.parametrize(("tenant", "message"), [
    ("nope", "golive: no tenant 'nope' (no tenants/nope/tenant.yaml); known tenants: acme-ortho, "
             "riverbend-cardio, summit-peds\n"),
    ("summit-peds", "golive: summit-peds has no hyper-care to show: it is in phase onboarding\n"),
])
def test_no_table(repo: Path, tenant: str, message: str) -> None:
    assert run("hypercare", tenant, "--repo", str(repo)) == (2, "", message)


def test_unreadable_golive_yaml(repo: Path) -> None:
    edit(repo / "tenants/riverbend-cardio/golive.yaml", "response_minutes: 60", "response_minutes: soon")
    code, out, err = run("hypercare", "riverbend-cardio", "--repo", str(repo))
    assert (code, out) == (2, "")
    assert err.startswith("golive: riverbend-cardio has no hyper-care to show: its tenant.yaml or "
                          "golive.yaml does not load or match its schema")
