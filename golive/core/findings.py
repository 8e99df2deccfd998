"""Findings, problems and results: the values every check produces."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from golive.core.errors import PolicyCrashed
from golive.core.hypercare import Day

# The exemptions of pull-request mode (``Finding.allowed_by``).
ALLOWED_BREAK_GLASS = "break-glass"
ALLOWED_PURE_REVERT = "pure-revert"

# A YAML path inside one file: mapping keys and sequence indexes, outermost first.
YamlPath = tuple[str | int, ...]


class Severity(enum.Enum):
    ERROR = "error"
    WARNING = "warning"

    def __str__(self) -> str:
        return self.value


def format_path(path: YamlPath) -> str:
    """Render a YAML path the way users write it: ``payers[3].panel``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else part
    return out


@dataclass(frozen=True)
class Problem:
    """What a policy says: where in which file, and what is wrong.

    The engine turns it into a :class:`Finding` by adding the rule, checklist key,
    severity, tenant and the line and column of ``path`` in ``file``.
    ``severity`` overrides the policy's default where a policy needs to (a
    read-only tenant is a warning, never an error).
    """

    file: str
    path: YamlPath
    message: str
    severity: Severity | None = None


@dataclass(frozen=True, order=True)
class Finding:
    tenant: str
    file: str
    line: int
    column: int
    rule: str
    checklist: str
    severity: Severity = field(compare=False)
    path: str = ""
    message: str = ""
    new: bool = True
    waived: bool = False
    # Pull-request mode: a finding the base did not have, let through by an exemption
    # (ALLOWED_BREAK_GLASS or ALLOWED_PURE_REVERT); a pure revert names the commit
    # whose state the tenant returns to.
    allowed_by: str = ""
    reverts_to: str = ""

    @property
    def blocking(self) -> bool:
        return self.severity is Severity.ERROR and self.new and not self.waived and not self.allowed_by

    @property
    def standing(self) -> tuple[str, ...]:
        """Why the finding does not block (each reason a short phrase), empty when nothing excuses it.

        Every output format shows these words, so a reader learns the same thing
        from text, github, junit, sarif and markdown.
        """
        reasons = []
        if self.waived:
            reasons.append("waived")
        if not self.new:
            reasons.append("already on the base revision")
        if self.allowed_by == ALLOWED_PURE_REVERT:
            reasons.append(f"allowed: pure revert to {self.reverts_to[:12]}")
        elif self.allowed_by:
            reasons.append(f"allowed: {self.allowed_by}")
        return tuple(reasons)

    def as_dict(self) -> dict[str, object]:
        return {
            "rule": self.rule,
            "checklist": self.checklist,
            "severity": self.severity.value,
            "new": self.new,
            "waived": self.waived,
            "allowed_by": self.allowed_by or None,
            "reverts_to": self.reverts_to or None,
            "tenant": self.tenant or None,
            "file": self.file,
            "line": self.line,
            "column": self.column,
            "path": self.path,
            "message": self.message,
        }


# Checklist states shown by ``golive status``.
DONE = "done"
MISSING = "missing"
NOT_YET = "not_yet"


@dataclass(frozen=True)
class WaiverReport:
    """One entry of a tenant's waivers.yaml and what it did in this run."""

    tenant: str
    file: str                # repo-relative path of waivers.yaml
    line: int                # where the entry starts
    target: str              # the checklist key or rule id it names
    path: str | None         # the YAML path it is narrowed to, if any
    reason: str
    approved_by: str
    expires: str             # YYYY-MM-DD
    matched: int             # findings it waived
    expired: bool
    # Names a checklist key or rule the tenant's phase does not demand yet (a waiver
    # prepared for the flip): neither stale nor an error.
    pending: bool = False
    # Pull-request mode: the entry is not on the base revision (added or changed).
    changed: bool = False
    # False when it arrived together with other changes of the tenant: it waives nothing.
    reviewed: bool = True

    @property
    def active(self) -> bool:
        return not self.expired and self.matched > 0 and self.reviewed


@dataclass(frozen=True)
class Crash:
    """A policy raised while checking a tenant: a bug in golive, not a finding about the tenant.

    ``error`` is the exception as one line (its type and masked message); ``trace`` is
    its traceback, shown only with ``--debug``.
    """

    rule: str
    error: str
    trace: str = field(default="", compare=False, repr=False)

    def line(self, tenant: str) -> str:
        """The one line that names the culprit: the rule, the tenant and the exception."""
        return f"policy {self.rule} raised {self.error} on tenant {tenant}; {tenant} is not checked"


@dataclass(frozen=True)
class EvidenceProof:
    """How far one evidence file proves its checklist item, as ``golive status`` shows it.

    ``proof`` is ``proven`` (a signature that holds, by the recorded signer on the
    recorded day), ``hash only`` (the file is the one recorded, and no more is known)
    or ``not proven`` (missing, changed, or a signature or sender that does not hold).
    """

    checklist: str
    file: str        # the tenant file that records it: golive.yaml, edi.yaml
    path: str        # where in it: uat_signoff, trading_partners[0].certification
    evidence: str    # the evidence file, relative to the tenant directory
    proof: str


@dataclass(frozen=True)
class TenantReport:
    """Everything golive learned about one tenant.

    ``crash`` is set when a policy raised while checking it: the tenant is not
    checked (its findings are those of the other policies, the crashed policy's
    checklist key is missing), and the run ends with exit 3.
    """

    tenant: str
    phase: str | None
    status: str | None
    golive_date: str | None
    findings: tuple[Finding, ...]
    checklist: dict[str, str]
    waivers: tuple[WaiverReport, ...] = ()
    name: str | None = None             # tenant.yaml's display name, for the board
    hypercare: tuple[Day, ...] = ()     # live or bau: each business day of hyper-care
    rolled_back: tuple[str, ...] = ()   # open rollback records: "<trigger> since <date> (<reference>)"
    crash: Crash | None = None
    evidence: tuple[EvidenceProof, ...] = ()   # each signed-evidence item, in file order

    @property
    def checked(self) -> bool:
        return self.crash is None

    @property
    def progress(self) -> tuple[int, int]:
        """``(done, due)``: checklist items done, of those the tenant's phase demands today.

        Items ``not_yet`` (post-flip keys of a tenant still onboarding, or not yet due)
        are not counted; every output that shows a count uses this one.
        """
        states = self.checklist.values()
        return (sum(1 for s in states if s == DONE), sum(1 for s in states if s != NOT_YET))


@dataclass(frozen=True)
class Result:
    """The outcome of a run over some tenants."""

    tenants: tuple[TenantReport, ...] = ()
    # Findings about the rulebook itself (a pull request that changes schemas/ or
    # policies/); they belong to no tenant, and their ``tenant`` is "".
    rulebook_changes: tuple[Finding, ...] = ()

    @property
    def findings(self) -> Iterator[Finding]:
        yield from self.rulebook_changes
        for report in self.tenants:
            yield from report.findings

    @property
    def waivers(self) -> Iterator[WaiverReport]:
        for report in self.tenants:
            yield from report.waivers

    @property
    def errors(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.ERROR)

    @property
    def warnings(self) -> int:
        return sum(1 for f in self.findings if f.severity is Severity.WARNING)

    @property
    def blocking(self) -> int:
        return sum(1 for f in self.findings if f.blocking)

    @property
    def blocks(self) -> bool:
        return self.blocking > 0

    @property
    def crashes(self) -> tuple[tuple[str, Crash], ...]:
        """``(tenant, crash)`` for each tenant a policy raised on: those tenants are not checked."""
        return tuple((r.tenant, r.crash) for r in self.tenants if r.crash is not None)

    def raise_crashes(self) -> None:
        """Raise :class:`~golive.core.errors.PolicyCrashed` when a policy raised on a tenant (exit 3)."""
        if self.crashes:
            raise PolicyCrashed(tuple(crash.line(tenant) for tenant, crash in self.crashes),
                                tuple(crash.trace for _, crash in self.crashes))

    def summary(self) -> dict[str, int]:
        return {
            "tenants": len(self.tenants),
            "errors": self.errors,
            "warnings": self.warnings,
            "blocking": self.blocking,
        }

    def as_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "summary": self.summary(),
            "findings": [f.as_dict() for f in self.findings],
        }
        if self.crashes:
            out["not_checked"] = [{"tenant": tenant, "rule": crash.rule, "error": crash.error}
                                  for tenant, crash in self.crashes]
        return out


def sort_findings(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(sorted(findings))
