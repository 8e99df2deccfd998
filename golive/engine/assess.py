"""Judging one tenant: load its files, run its schemas and policies, apply its waivers, place every finding.

:func:`assess` returns the tenant's report (findings, checklist, waivers, hyper-care
days) and the files it was made from. A policy that raises is the tenant's
:class:`~golive.core.findings.Crash`: the tenant is not checked, the run goes on.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from golive.core.checklist import ALL_PHASES, CHECKLIST, LIVE_OR_BAU, ONBOARDING, PHASES, POST_FLIP, STATUSES
from golive.core.findings import (
    DONE,
    MISSING,
    NOT_YET,
    Crash,
    EvidenceProof,
    Finding,
    Problem,
    Severity,
    TenantReport,
    WaiverReport,
    format_path,
    sort_findings,
)
from golive.core.redact import Redactor, text
from golive.core.rollback_records import open_records
from golive.core.yaml_document import mapping
from golive.engine import waivers
from golive.engine.rulebook import Rulebook
from golive.engine.tenant_dir import LoadedTenant, load_tenant
from golive.engine.waivers import WAIVERS_FILE
from golive.policies import proof, registry
from golive.policies.api import Policy, Tenant
from golive.policies.rules import secret


def _file_findings(loaded: LoadedTenant, prefix: str, redact: Redactor) -> list[Finding]:
    out = []
    for p in loaded.problems:
        if p.line is not None and p.column is not None:
            line, column = p.line, p.column
        else:
            line, column = loaded.docs[p.file].locate(p.path)
        out.append(Finding(loaded.id, redact.text(f"{prefix}/{p.file}" if p.file else prefix), line, column,
                           p.rule, p.checklist, Severity.ERROR, redact.path(p.path), redact.text(p.message)))
    return out


def _waiver(w: WaiverReport, redact: Redactor) -> WaiverReport:
    return dataclasses.replace(w, target=redact.text(w.target), path=redact.optional(w.path),
                               reason=redact.text(w.reason), approved_by=redact.text(w.approved_by),
                               expires=redact.text(w.expires))


@dataclass(frozen=True)
class Assessment:
    """A tenant's report, and the files it was made from (for comparisons with a base revision)."""

    report: TenantReport
    loaded: LoadedTenant


def _demands(phase: str | None) -> tuple[frozenset[str], frozenset[str]]:
    """The checklist keys and rule ids that ``phase`` demands (every phase's, for no phase)."""
    chosen = [p for p in registry.POLICIES.values()
              if phase is None or p.PHASES == ALL_PHASES or phase in p.PHASES]
    return frozenset(p.CHECKLIST for p in chosen), frozenset(p.ID for p in chosen)


_T = TypeVar("_T")


class _Guard:
    """Runs policy code; the first exception becomes the tenant's :class:`Crash`, never the run's end."""

    def __init__(self) -> None:
        self.crash: Crash | None = None
        self.crashed: set[str] = set()   # the checklist keys whose policy raised

    def __call__(self, policy: Policy, run: Callable[[], _T], instead: _T) -> _T:
        try:
            return run()
        except Exception as exc:  # a bug in a policy: it names its culprit, the others still run
            if self.crash is None:
                self.crash = Crash(policy.ID, f"{type(exc).__name__}: {text(str(exc))}",
                                   traceback.format_exc())
            self.crashed.add(policy.CHECKLIST)
            return instead


_NONE: list[Problem] = []


def _problems(policy: Policy, view: Tenant) -> list[Problem]:
    return list(policy.check(view))


def _proofs(view: Tenant, redact: Redactor) -> tuple[EvidenceProof, ...]:
    """How far each signed-evidence item is proven (``golive status``)."""
    return tuple(
        EvidenceProof(key, file, format_path(path), redact.text(item["evidence"]),
                      proof.proven(view, item, key, date_key).value)
        for key, file, path, item, date_key in proof.signed_items(view))


def assess(repo: Path, root: Path, rulebook: Rulebook, as_of: dt.date,
           review: waivers.Review | None = None) -> Assessment:
    """Everything golive finds in one tenant directory, waivers applied.

    ``review`` is pull-request mode's view of the tenant's waivers at the base.
    """
    loaded = load_tenant(root, rulebook.schemas, rulebook.settings)
    prefix = root.relative_to(repo).as_posix()
    view = Tenant(loaded.id, loaded.valid, rulebook.settings, as_of, loaded.evidence,
                  {name: doc.data for name, doc in loaded.docs.items()}, rulebook.trust)
    phase = view.phase  # None unless tenant.yaml matches its schema: nothing phased is judged
    guard = _Guard()
    # Everything the report says about the tenant's data is masked here, with the help of the
    # secrets its files hold, before it is cached or shown (golive.core.redact).
    redact = Redactor(guard(secret, functools.partial(secret.known, view), ()))
    candidates = _file_findings(loaded, prefix, redact)
    demanded = [True] * len(candidates)
    unjudged: set[str] = set()   # checklist keys whose files could not be read
    for policy in registry.POLICIES.values():
        if any(name not in loaded.valid for name in policy.NEEDS):
            unjudged.add(policy.CHECKLIST)
            continue
        for problem in guard(policy, functools.partial(_problems, policy, view), _NONE):
            doc = loaded.docs.get(problem.file)
            line, column = doc.locate(problem.path) if doc is not None else (1, 1)
            candidates.append(Finding(
                loaded.id, redact.text(f"{prefix}/{problem.file}"), line, column, policy.ID,
                policy.CHECKLIST, problem.severity or policy.SEVERITY, redact.path(problem.path),
                redact.text(problem.message)))
            # Not demanded yet in this phase: `golive status` shows it as missing.
            demanded.append(policy.PHASES == ALL_PHASES or phase in policy.PHASES)
    entries = loaded.valid.get(WAIVERS_FILE, {}).get("waivers", [])
    keys, rules = _demands(phase)
    any_keys, any_rules = _demands(None)

    def phase_demands(entry: Mapping[str, Any]) -> bool:
        """False only for a key or rule of a policy this phase does not run yet."""
        if "checklist" in entry:
            return entry["checklist"] in keys or entry["checklist"] not in any_keys
        return entry["rule"] in rules or entry["rule"] not in any_rules

    marked, waiver_findings, waiver_reports = waivers.apply(
        loaded.id, prefix, entries, loaded.docs.get(WAIVERS_FILE), candidates, as_of,
        demanded=phase_demands, review=review)
    waiver_findings = [dataclasses.replace(f, message=redact.text(f.message)) for f in waiver_findings]
    findings = [f for f, shown in zip(marked, demanded, strict=True) if shown] + waiver_findings
    failing = {f.checklist for f in marked if not f.waived} | {f.checklist for f in waiver_findings}
    # A post-flip key before its day is never done: missing only for what is already wrong.
    owners = {p.CHECKLIST: p for p in registry.POLICIES.values() if p.CHECKLIST in registry.DUE}
    early = {k for k, due in registry.DUE.items()
             if not guard(owners[k], functools.partial(due, view), True)} if phase in LIVE_OR_BAU else set()
    unjudged |= guard.crashed
    wrong_now = {f.checklist for f in findings if not f.waived} | unjudged
    checklist = {}
    for key in CHECKLIST:
        if phase == ONBOARDING and key in POST_FLIP:
            checklist[key] = NOT_YET
        elif key in early:
            checklist[key] = MISSING if key in wrong_now else NOT_YET
        else:
            checklist[key] = MISSING if key in failing or key in unjudged else DONE
    # For the report, read what tenant.yaml says even when another key of it is wrong.
    doc = loaded.docs.get("tenant.yaml")
    said = mapping(doc)

    def shown(key: str, allowed: tuple[str, ...] | None = None) -> str | None:
        value = said.get(key)
        return redact.text(value) if isinstance(value, str) and (allowed is None or value in allowed) \
            else None

    shown_id = redact.text(loaded.id)
    if shown_id != loaded.id:   # a directory name with a secret or a control character: masked, everywhere
        findings = [dataclasses.replace(f, tenant=shown_id) for f in findings]
    no_proofs: tuple[EvidenceProof, ...] = ()
    evidence = guard(registry.get("GL-UAT-SIGNATURE"), functools.partial(_proofs, view, redact), no_proofs)
    report = TenantReport(
        shown_id,
        shown("phase", PHASES),
        shown("status", STATUSES),
        shown("golive_date"),
        sort_findings(findings),
        checklist,
        tuple(_waiver(w, redact) for w in waiver_reports),
        name=shown("name"),
        hypercare=tuple(dataclasses.replace(d, investigation=redact.optional(d.investigation))
                        for d in view.hypercare()),
        crash=guard.crash,
        rolled_back=tuple(redact.text(r.describe()) for r in open_records(said)),
        evidence=evidence,
    )
    return Assessment(report, loaded)


def check_tenant(repo: Path, root: Path, rulebook: Rulebook, as_of: dt.date) -> TenantReport:
    """Everything golive finds in one tenant directory."""
    return assess(repo, root, rulebook, as_of).report


