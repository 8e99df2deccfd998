"""Waivers: approved, dated exceptions to the checklist (``waivers.yaml``).

A waiver names a checklist key or a rule id, optionally narrowed to a YAML path
("at or under": ``payers[3]`` covers ``payers[3].enrollments.eft``). A finding it
covers is still reported, marked ``waived``, and does not block. A waiver past
its ``expires`` date (against ``--as-of``) waives nothing and is an error; so is
a waiver that matches no finding, because a stale waiver would silently cover
the next, different gap. While a tenant is onboarding, a waiver is matched
against the gaps ``golive status`` shows (prepared for the flip), so it is not
stale before the flip; a waiver for a key (or rule) the tenant's phase does not
demand at all yet is *pending*: neither stale nor an error.

In pull-request mode a waiver counts only when it was reviewed on its own: the
base revision already has the same entry, or the pull request changes nothing
else of that tenant. A waiver added or changed together with other changes (the
changes it would waive) waives nothing and is a blocking ``GL-WAIVER-UNREVIEWED``.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from golive.core.findings import Finding, Severity, WaiverReport
from golive.core.yaml_document import Document

WAIVERS_FILE = "waivers.yaml"
RULE_EXPIRED = "GL-WAIVER-EXPIRED"
RULE_UNUSED = "GL-WAIVER-UNUSED"
RULE_UNREVIEWED = "GL-WAIVER-UNREVIEWED"
WAIVER_RULES = (RULE_EXPIRED, RULE_UNUSED, RULE_UNREVIEWED)
# What no waiver covers: a file golive cannot read or trust (the ``schema`` checklist
# key), an entry that is not a regular file, and a tenant id that is not its
# directory's. Apply would otherwise read what the checks could not judge.
UNWAIVABLE_CHECKLIST = "schema"
UNWAIVABLE_RULES = frozenset({"GL-FILE-NOT-REGULAR", "GL-TENANT-ID", *WAIVER_RULES})


def waivable(finding: Finding) -> bool:
    return finding.checklist != UNWAIVABLE_CHECKLIST and finding.rule not in UNWAIVABLE_RULES


def _names_unwaivable(entry: Mapping[str, Any]) -> bool:
    return entry.get("checklist") == UNWAIVABLE_CHECKLIST or entry.get("rule") in UNWAIVABLE_RULES


@dataclasses.dataclass(frozen=True)
class Review:
    """What pull-request mode knows of a tenant's waivers: the base's entries, and what else changed."""

    base_entries: Sequence[Mapping[str, Any]]
    others_changed: bool     # the pull request changes a file of the tenant besides waivers.yaml

    def changed(self, entry: Mapping[str, Any]) -> bool:
        return not any(dict(entry) == dict(old) for old in self.base_entries)


def covers_path(waiver_path: str | None, finding_path: str) -> bool:
    """Whether a finding at ``finding_path`` is at or under ``waiver_path``."""
    if not waiver_path:
        return True
    if finding_path == waiver_path:
        return True
    return finding_path.startswith(waiver_path) and finding_path[len(waiver_path)] in ".["


def _covers(entry: Mapping[str, Any], finding: Finding) -> bool:
    if not waivable(finding):
        return False
    named = entry["checklist"] == finding.checklist if "checklist" in entry else entry["rule"] == finding.rule
    return named and covers_path(entry.get("path"), finding.path)


def apply(tenant: str, prefix: str, entries: Sequence[Mapping[str, Any]], doc: Document | None,
          candidates: Sequence[Finding], as_of: dt.date, *,
          demanded: Callable[[Mapping[str, Any]], bool] = lambda entry: True,
          review: Review | None = None,
          ) -> tuple[list[Finding], list[Finding], list[WaiverReport]]:
    """Mark the findings the tenant's waivers cover.

    ``candidates`` are every finding of the tenant, including those its phase does
    not demand yet. ``demanded(entry)`` says whether the tenant's phase demands the
    key or rule an entry names; ``review`` is pull-request mode's view of the base
    (None: every entry counts). Returns the candidates (covered ones marked
    ``waived``), the findings about the waivers themselves, and a report per waiver.
    """
    marked = list(candidates)
    problems: list[Finding] = []
    reports: list[WaiverReport] = []
    file = f"{prefix}/{WAIVERS_FILE}"
    for index, entry in enumerate(entries):
        target = entry.get("checklist") or entry["rule"]
        expires = dt.date.fromisoformat(entry["expires"])
        expired = as_of > expires
        changed = review is not None and review.changed(entry)
        reviewed = not (changed and review is not None and review.others_changed)
        matched = 0
        for i, finding in enumerate(marked):
            if _covers(entry, finding):
                matched += 1
                if not expired and reviewed:
                    marked[i] = dataclasses.replace(finding, waived=True)
        line, column = doc.locate(("waivers", index)) if doc is not None else (1, 1)
        where = f"waivers[{index}]"
        pending = matched == 0 and not demanded(entry)
        if not reviewed:
            problems.append(Finding(
                tenant, file, line, column, RULE_UNREVIEWED, "integrity", Severity.ERROR, where,
                f"waiver for {target} is added or changed in the same pull request as other changes "
                f"to this tenant, so it waives nothing; propose it in a pull request that changes only "
                f"{WAIVERS_FILE}, and make the other changes once it has merged"))
        elif expired:
            problems.append(Finding(
                tenant, file, line, column, RULE_EXPIRED, "integrity", Severity.ERROR, where,
                f"waiver for {target} expired on {entry['expires']} and no longer waives anything; "
                f"fix the gap, or renew it with a new approval and a later expires date"))
        elif _names_unwaivable(entry):
            problems.append(Finding(
                tenant, file, line, column, RULE_UNUSED, "integrity", Severity.ERROR, where,
                f"waiver for {target} cannot waive anything: a file golive cannot read or trust, an "
                f"entry that is not a regular file and a wrong tenant id are never waived; fix the "
                f"tenant's files and remove the waiver"))
        elif matched == 0 and not pending:
            problems.append(Finding(
                tenant, file, line, column, RULE_UNUSED, "integrity", Severity.ERROR, where,
                f"waiver for {target}{' at ' + entry['path'] if entry.get('path') else ''} matches no "
                f"finding; the gap is closed (or the path is wrong) — remove the waiver"))
        reports.append(WaiverReport(
            tenant, file, line, target, entry.get("path"), entry["reason"], entry["approved_by"],
            entry["expires"], matched, expired, pending, changed, reviewed))
    return marked, problems, reports
