"""GL-GOLIVE-DATE: a planned go-live date with business days after it, graded by settings."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from golive.core.business_days import is_business_day
from golive.core.findings import Severity
from golive.policies import registry
from golive.policies.api import Tenant
from golive.policies.evidence import EvidenceChecker
from golive.policies.rules.golive_date import reasons
from golive.policies.settings import Settings, parse_settings

SETTINGS = Path(__file__).parents[1] / "policies" / "settings.yaml"


def _run(day: str, settings: Settings | None = None, phase: str = "onboarding",
         ) -> list[tuple[str, str]]:
    files = {"tenant.yaml": {"tenant": "summit-peds", "phase": phase, "golive_date": day}}
    tenant = Tenant("summit-peds", files, settings or Settings(), dt.date(2026, 11, 25),
                    EvidenceChecker(Path(".")))
    return [(str(p.severity), p.message) for p in registry.get("GL-GOLIVE-DATE").check(tenant)]


@pytest.mark.parametrize(("day", "want"), [
    ("2026-12-15", []),
    ("2026-12-18", [("warning", "golive_date 2026-12-18 is a Friday, with no business day after "
                                "it to react on")]),
    ("2026-11-25", [("warning", "golive_date 2026-11-25 is the last business day before "
                                "Thanksgiving Day (Thursday 2026-11-26), with no business day "
                                "after it to react on")]),
    ("2026-12-19", [("warning", "golive_date 2026-12-19 is a Saturday, when payers and "
                                "clearinghouses are closed")]),
    ("2026-12-25", [("warning", "golive_date 2026-12-25 is a U.S. federal holiday (Christmas Day), "
                                "when payers and clearinghouses are closed"),
                    ("warning", "golive_date 2026-12-25 is a Friday, with no business day after "
                                "it to react on")]),
])
def test_each_risky_date_is_a_warning(day: str, want: list[tuple[str, str]]) -> None:
    assert _run(day) == want


def _graded(text: str) -> Settings:
    source = SETTINGS.read_text(encoding="utf-8")
    assert "  friday: warning\n" in source
    return parse_settings(source.replace("  friday: warning\n", text).encode())


def test_settings_make_one_check_an_error_or_ignored() -> None:
    as_error = _graded("  friday: error\n")
    assert _run("2026-12-18", as_error)[0][0] == str(Severity.ERROR)
    assert _run("2026-11-25", as_error)[0][0] == "warning"   # the other checks keep their grade
    assert _run("2026-12-18", _graded("  friday: ignore\n")) == []


def test_a_bad_grade_stops_the_run() -> None:
    from golive.core.errors import ConfigRepoError

    with pytest.raises(ConfigRepoError, match=r"golive_date\.friday: 'often' is not one of"):
        _graded("  friday: often\n")


def test_settings_written_before_the_check_still_load() -> None:
    source = SETTINGS.read_text(encoding="utf-8").split("\ngolive_date:")[0]
    assert parse_settings(source.encode()) == Settings()


def test_a_live_tenant_is_not_judged() -> None:
    assert _run("2026-12-18", phase="live") == []


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 12, 31)))
def test_a_date_passes_only_with_a_business_day_after_it(day: dt.date) -> None:
    found = {key for key, _ in reasons(day)}
    following = day + dt.timedelta(days=1 if day.weekday() < 4 else 3)
    fine = day.weekday() < 4 and is_business_day(day) and is_business_day(following)
    assert (not found) == fine, (day, found)
