"""Post-flip checklist keys in `golive status`: `not_yet` until their day, never `done` by absence.

Each key's day (see ``due`` in its policy): the smoke run is judged from the day
after the go-live date; hyper-care on and after its last business day; the
definition of done once that day is over. Before its day a key is `not_yet`, or
`missing` when what is due so far is already wrong.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pytest

from golive.cli import main
from golive.core.checklist import CHECKLIST, POST_FLIP
from golive.policies import registry as policies
from tests.gitrepo import edit
from tests.test_board import Dom

KEYS = ("smoke_run", "hypercare", "definition_of_done")
FORMATS = ("json", "text", "markdown", "html")


def _states(fmt: str, out: str) -> dict[str, dict[str, str]]:
    """``{tenant: {checklist key: state}}`` read back from one output format of `golive status`."""
    if fmt == "json":
        return {t: v["checklist"] for t, v in json.loads(out)["tenants"].items()}
    found: dict[str, dict[str, str]] = {}
    if fmt == "text":   # "acme-ortho (live, ...)" then "  missing  key, key" lines (-v lists done too)
        for line in out.splitlines():
            if not line.startswith(" "):
                tenant = found.setdefault(line.split(" ", 1)[0], {})
            elif m := re.fullmatch(r"  (done|missing|not_yet) +(\S.*)", line):
                tenant.update(dict.fromkeys(m[2].split(", "), m[1]))
    elif fmt == "markdown":
        labels = {"✅ done": "done", "❌ missing": "missing", "— not_yet": "not_yet"}
        for line in out.splitlines():
            if line.startswith("### "):
                tenant = found.setdefault(line[4:], {})
            elif (cells := line.split(" | ")) and cells[0][2:] in CHECKLIST:
                tenant[cells[0][2:]] = labels[cells[1]]
    else:   # the board: a section per tenant, an li per key whose class is its state
        for tag, attrs, text in Dom(out).elements:
            if tag == "section" and "data-tenant" in attrs:
                tenant = found.setdefault(attrs["data-tenant"], {})
            elif tag == "li" and attrs.get("class", "").startswith("state-"):
                tenant[text[0]] = attrs["class"].removeprefix("state-")
    return found


def status(repo: Path, as_of: str, fmt: str = "json", *tenants: str) -> dict[str, dict[str, str]]:
    out = io.StringIO()
    assert main(["status", "--repo", str(repo), "--as-of", as_of, "--format", fmt, "-v", "--no-cache",
                 *tenants], out) == 0
    return _states(fmt, out.getvalue())


def post_flip(states: dict[str, str]) -> tuple[str, ...]:
    return tuple(states[k] for k in KEYS)


def test_every_post_flip_key_has_its_day() -> None:
    assert set(policies.DUE) == POST_FLIP == set(KEYS)


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_live_tenant_before_its_golive_date_is_not_yet(repo: Path, fmt: str) -> None:
    # Flipped ahead of the day, as a pull request is: nothing post-flip is on record yet.
    edit(repo, "tenants/summit-peds/tenant.yaml", "status: onboarding", "status: active")
    edit(repo, "tenants/summit-peds/tenant.yaml", "phase: onboarding", "phase: live")
    states = status(repo, "2026-11-25", fmt, "summit-peds", "acme-ortho")
    assert post_flip(states["summit-peds"]) == ("not_yet",) * 3
    # acme-ortho went live on 2026-11-17, with its smoke run and hyper-care on record.
    assert post_flip(states["acme-ortho"]) == ("done", "done", "missing")
    before = status(repo, "2026-11-16", fmt, "acme-ortho")
    assert post_flip(before["acme-ortho"]) == ("not_yet",) * 3
    assert {k: v for k, v in before["acme-ortho"].items() if k not in POST_FLIP} == {
        k: v for k, v in states["acme-ortho"].items() if k not in POST_FLIP}


# riverbend-cardio, put back in phase live: go-live Tue 2026-10-06; business day 5 is
# Tue 2026-10-13 (Columbus Day skipped); everything, `done` included, is on record.
DAYS = [
    ("2026-10-05", ("not_yet", "not_yet", "not_yet")),   # the day before go-live
    ("2026-10-06", ("not_yet", "not_yet", "not_yet")),   # go-live morning: the smoke run is today
    ("2026-10-07", ("done", "not_yet", "not_yet")),
    ("2026-10-12", ("done", "not_yet", "not_yet")),      # a holiday inside hyper-care
    ("2026-10-13", ("done", "done", "not_yet")),         # the last day of hyper-care, all on record
    ("2026-10-14", ("done", "done", "done")),            # the day after hyper-care ends
]


@pytest.mark.parametrize(("as_of", "expected"), DAYS)
def test_each_key_comes_due_on_its_day(repo: Path, as_of: str, expected: tuple[str, ...]) -> None:
    edit(repo, "tenants/riverbend-cardio/tenant.yaml", "phase: bau", "phase: live")
    assert post_flip(status(repo, as_of)["riverbend-cardio"]) == expected


@pytest.mark.parametrize("fmt", FORMATS)
def test_complete_after_hyper_care_is_done_in_every_format(repo: Path, fmt: str) -> None:
    edit(repo, "tenants/riverbend-cardio/tenant.yaml", "phase: bau", "phase: live")
    assert post_flip(status(repo, "2026-10-14", fmt, "riverbend-cardio")["riverbend-cardio"]) == \
        ("done",) * 3


def drop_lines(repo: Path, rel: str, containing: str) -> None:
    path = repo / rel
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if containing not in line]
    assert len(kept) < len(lines), f"{containing!r} not in {rel}"
    path.write_text("".join(kept), encoding="utf-8")


def test_before_its_day_a_key_is_missing_only_for_what_is_already_wrong(repo: Path) -> None:
    # Day 3 of acme-ortho's hyper-care, with the standup of day 2 not on record.
    drop_lines(repo, "tenants/acme-ortho/golive.yaml", "{date: 2026-11-18, notes:")
    assert post_flip(status(repo, "2026-11-19")["acme-ortho"]) == ("done", "missing", "not_yet")


def test_a_bau_tenant_is_judged_in_full(repo: Path) -> None:
    # In bau every post-flip key is demanded: what is absent is missing, whatever the date.
    states = status(repo, "2026-11-25")["riverbend-cardio"]
    assert post_flip(states) == ("done",) * 3
    golive = repo / "tenants/riverbend-cardio/golive.yaml"
    text = golive.read_text(encoding="utf-8")
    golive.write_text(text[:text.index("\ndone:")] + "\n", encoding="utf-8")
    assert post_flip(status(repo, "2026-11-25")["riverbend-cardio"]) == ("done", "done", "missing")


def test_the_examples_change_only_where_they_were_wrong(repo: Path) -> None:
    """The post-flip states of the example tenants on days around acme-ortho's go-live.

    Before this rule, acme-ortho (live since 2026-11-17) showed the smoke run and
    hyper-care `done` and the definition of done `missing` on every one of these days;
    from 2026-11-24 on (the day after hyper-care) that is still what it shows. The
    other tenants and the other keys do not change.
    """
    expected = {
        "2026-11-16": ("not_yet", "not_yet", "not_yet"),
        "2026-11-18": ("done", "not_yet", "not_yet"),
        "2026-11-23": ("done", "done", "not_yet"),
        "2026-11-24": ("done", "done", "missing"),
    }
    for as_of, acme in expected.items():
        states = status(repo, as_of)
        assert post_flip(states["acme-ortho"]) == acme, as_of
        assert post_flip(states["riverbend-cardio"]) == ("done",) * 3
        assert post_flip(states["summit-peds"]) == ("not_yet",) * 3
        assert all(v == "done" for k, v in states["acme-ortho"].items() if k not in POST_FLIP)
