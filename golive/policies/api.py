"""The policies' API: what a policy is, and the view of a tenant it is given.

A policy is a module with these names (see ``golive/policies/`` for the registry):

``ID``         the rule id, ``GL-...``
``CHECKLIST``  the checklist key it serves (``golive.core.checklist.CHECKLIST``)
``SEVERITY``   the default severity of what it finds
``PHASES``     the phases in which its findings are reported
``NEEDS``      the tenant files that must be present and schema-valid for it to run
               (it may also read others; ``Tenant.files`` holds only the valid ones)
``RUNBOOK``    the runbook line behind it
``FIX``        how to fix what it finds
``check(t)``   a generator of :class:`~golive.core.findings.Problem`
``due(t)``     (post-flip policies only) whether the key's day has come, so it can be done

and a docstring that says what it checks, with a passing and a failing example.
A policy sees only the tenant's data; positions, severities and output are the
engine's job.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from golive.core.checklist import LIVE_OR_BAU
from golive.core.findings import Problem, Severity, YamlPath
from golive.core.hypercare import Day
from golive.policies.evidence import Evidence, EvidenceChecker
from golive.policies.hypercare_days import days
from golive.policies.settings import Settings
from golive.policies.trust import Trust


class Policy(Protocol):
    # Read-only members, so that a module's ``NEEDS = ("a.yaml",)`` satisfies them.
    @property
    def ID(self) -> str: ...
    @property
    def CHECKLIST(self) -> str: ...
    @property
    def SEVERITY(self) -> Severity: ...
    @property
    def PHASES(self) -> frozenset[str]: ...
    @property
    def NEEDS(self) -> tuple[str, ...]: ...
    @property
    def RUNBOOK(self) -> str: ...
    @property
    def FIX(self) -> str: ...

    def check(self, t: Tenant) -> Iterator[Problem]: ...


@dataclass(frozen=True)
class Tenant:
    """One tenant as the policies see it.

    ``files`` maps a tenant file name (``edi.yaml``) to its data, for every file
    that is present and matches its schema; an absent optional file
    (``golive.yaml``) maps to an empty mapping. ``parsed`` holds every file that
    parsed as YAML, whether or not it matches its schema, for the few policies
    that must look at everything (a secret under a misspelt key is still a secret);
    when not given, it is ``files``.
    """

    id: str
    files: Mapping[str, Any]
    settings: Settings
    as_of: dt.date
    evidence: EvidenceChecker
    parsed: Mapping[str, Any] | None = None
    # The anchors pinned in policies/trust/ that signed evidence must chain to.
    trust: Trust = dataclasses.field(default_factory=Trust)

    @property
    def all_files(self) -> Mapping[str, Any]:
        """Every file that parsed, valid against its schema or not."""
        return self.files if self.parsed is None else self.parsed

    @property
    def tenant(self) -> Mapping[str, Any]:
        return self.files.get("tenant.yaml") or {}

    @property
    def phase(self) -> str | None:
        return self.tenant.get("phase")

    @property
    def golive_date(self) -> str | None:
        """The go-live date as written (``YYYY-MM-DD``, which orders like a date)."""
        return self.tenant.get("golive_date")

    def file(self, name: str) -> Mapping[str, Any]:
        return self.files.get(name) or {}

    def hypercare(self) -> tuple[Day, ...]:
        """The hyper-care days of a live or bau tenant (none before go-live, or without the files)."""
        if self.phase not in LIVE_OR_BAU or "golive.yaml" not in self.files:
            return ()
        return days(self.file("golive.yaml").get("hypercare"), self.hypercare_days(), self.settings,
                    self.as_of)

    def hypercare_days(self) -> list[dt.date]:
        """The U.S. federal business days of hyper-care from the go-live date ([] without one)."""
        from golive.core.business_days import business_days  # the holiday tables load only when needed

        if self.golive_date is None:
            return []
        return business_days(dt.date.fromisoformat(self.golive_date),
                             self.settings.hypercare_business_days)


def as_warnings(problems: Iterable[Problem]) -> Iterator[Problem]:
    """The same problems, as warnings (what is an error in bau only warns while live)."""
    for problem in problems:
        yield dataclasses.replace(problem, severity=Severity.WARNING)


def signed_evidence(
    t: Tenant, file: str, path: YamlPath, item: Mapping[str, Any], date_key: str, what: str,
) -> Iterator[Problem]:
    """Problems with a dated, evidenced item: dated after go-live, file missing or changed.

    Shared by every checklist item that is "X on a date, with its evidence".
    """
    when = item.get(date_key)
    golive = t.golive_date
    if when is not None and golive is not None and when > golive:
        yield Problem(
            file, (*path, date_key),
            f"{what} is dated {when}, after the go-live date {golive}; it must be in hand before",
        )
    rel = item.get("evidence")
    if rel is not None:
        yield from evidence_problems(t, file, path, rel, item.get("sha256"), what)


def evidence_problems(t: Tenant, file: str, path: YamlPath, rel: str, sha256: str | None,
                      what: str, key: str = "evidence") -> Iterator[Problem]:
    """Why the file ``rel`` does not prove ``what``: outside the tenant, missing, not a file, or changed."""
    state = t.evidence.check(rel, sha256)
    if state is Evidence.OK:
        return
    if state is Evidence.MISMATCH:
        yield Problem(file, (*path, "sha256"),
                      f"{what}: the sha256 recorded does not match '{rel}', whose sha256 is "
                      f"{t.evidence.actual(rel)}; if this file is the signed one, record that hash")
        return
    why = {
        Evidence.OUTSIDE: f"{t.evidence.outside(rel)}, so it proves nothing; commit the file "
                          "inside the tenant directory",
        Evidence.MISSING: "does not exist in the tenant directory; commit it",
        Evidence.NOT_REGULAR: "is not a regular file (a symlink, FIFO, device or nested repository, "
                              "or inside one), so it proves nothing; commit the file itself",
        Evidence.TOO_LARGE: f"is {t.evidence.size(rel):,} bytes, over the {t.evidence.max_bytes:,}-byte "
                            "limit for an evidence file (loader.max_evidence_bytes in "
                            "policies/settings.yaml); commit a smaller copy",
    }[state]
    yield Problem(file, (*path, key), f"{what}: '{rel}' {why}")
