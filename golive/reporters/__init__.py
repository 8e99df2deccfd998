"""Reporters by name: every output format of every command, one typed registry per kind of result.

Each registry maps a ``--format`` name to a reporter that writes one kind of result
to a stream; a command's ``--format`` choices are the keys of its registry:

=====================  =============================  ==========================
registry               result                         formats
=====================  =============================  ==========================
VALIDATE_REPORTERS     Result (findings)              text json github sarif junit markdown
STATUS_REPORTERS       Result (checklists)            text json markdown html
HYPERCARE_REPORTERS    TenantReport (hyper-care)      text json markdown
PLAN_REPORTERS         Plan                           text json markdown
APPLY_REPORTERS        Applied                        text json markdown
STATE_REPORTERS        StoreView                      text json
DRIFT_REPORTERS        Drift                          text json
HISTORY_REPORTERS      audit entries                  text json
ROLLBACK_REPORTERS     Rollback                       text
FLIP_REPORTERS         Flip                           text
SCAFFOLD_REPORTERS     the files ``golive new`` wrote text
=====================  =============================  ==========================

Each registry's value type is a protocol that the reporters must satisfy; a test
holds every entry to it. A reporter's module is imported only when it is used,
so start-up stays light. A new output format is a function in a module here and
one line in its registry.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TextIO

if TYPE_CHECKING:
    from golive.apply import Applied, Difference
    from golive.apply.planning import Plan
    from golive.authoring.flip import Flip
    from golive.core.findings import Result, TenantReport
    from golive.rollback import Rollback
    from golive.targets import AuditEntry, StoreView


@dataclass(frozen=True)
class Options:
    verbose: bool = False
    color: bool = False
    # What the report was made from and when, for outputs that are kept and shared (the
    # board): "commit 1a2b3c4d5e6f" (plus "with uncommitted changes"), "2026-12-06 10:40 UTC".
    made_from: str = ""
    made_at: str = ""


class Reporter(Protocol):
    """Writes the result of ``golive validate`` or ``golive status``."""

    def __call__(self, result: Result, out: TextIO, options: Options) -> None: ...


class HypercareReporter(Protocol):
    def __call__(self, report: TenantReport, out: TextIO) -> None: ...


class PlanReporter(Protocol):
    def __call__(self, plan: Plan, out: TextIO) -> None: ...


class AppliedReporter(Protocol):
    def __call__(self, done: Applied, out: TextIO) -> None: ...


class StateReporter(Protocol):
    def __call__(self, view: StoreView, out: TextIO) -> None: ...


class DriftReporter(Protocol):
    def __call__(self, found: Sequence[Difference], view: StoreView, target: str,
                 out: TextIO) -> None: ...


class HistoryReporter(Protocol):
    def __call__(self, entries: Sequence[AuditEntry], tenant: str | None, out: TextIO) -> None: ...


class RollbackReporter(Protocol):
    def __call__(self, done: Rollback, out: TextIO) -> None: ...


class FlipReporter(Protocol):
    def __call__(self, done: Flip, out: TextIO) -> None: ...


class ScaffoldReporter(Protocol):
    def __call__(self, tenant: str, written: Sequence[Path], out: TextIO) -> None: ...


@dataclass(frozen=True)
class _Lazy:
    """``golive.reporters.<module>.<function>``, imported on first call."""

    module: str
    function: str

    def load(self) -> Any:
        return getattr(importlib.import_module(f"golive.reporters.{self.module}"), self.function)

    def __call__(self, *args: Any, **kwargs: Any) -> None:
        self.load()(*args, **kwargs)


VALIDATE_REPORTERS: dict[str, Reporter] = {
    "text": _Lazy("text", "findings"),
    "json": _Lazy("json_report", "findings"),
    "github": _Lazy("github", "findings"),
    "sarif": _Lazy("sarif", "findings"),
    "junit": _Lazy("junit", "findings"),
    "markdown": _Lazy("markdown", "findings"),
}

STATUS_REPORTERS: dict[str, Reporter] = {
    "text": _Lazy("text", "checklist"),
    "json": _Lazy("json_report", "checklist"),
    "markdown": _Lazy("markdown", "checklist"),
    "html": _Lazy("html", "board"),
}

HYPERCARE_REPORTERS: dict[str, HypercareReporter] = {
    "text": _Lazy("hypercare", "text"),
    "json": _Lazy("hypercare", "json_format"),
    "markdown": _Lazy("hypercare", "markdown"),
}

PLAN_REPORTERS: dict[str, PlanReporter] = {
    "text": _Lazy("apply", "plan_text"),
    "json": _Lazy("apply", "plan_json"),
    "markdown": _Lazy("apply", "plan_markdown"),
}

APPLY_REPORTERS: dict[str, AppliedReporter] = {
    "text": _Lazy("apply", "applied_text"),
    "json": _Lazy("apply", "applied_json"),
    "markdown": _Lazy("apply", "applied_markdown"),
}

STATE_REPORTERS: dict[str, StateReporter] = {
    "text": _Lazy("store", "state_text"),
    "json": _Lazy("store", "state_json"),
}

DRIFT_REPORTERS: dict[str, DriftReporter] = {
    "text": _Lazy("store", "drift_text"),
    "json": _Lazy("store", "drift_json"),
}

HISTORY_REPORTERS: dict[str, HistoryReporter] = {
    "text": _Lazy("store", "history_text"),
    "json": _Lazy("store", "history_json"),
}

ROLLBACK_REPORTERS: dict[str, RollbackReporter] = {"text": _Lazy("rollback", "text")}

FLIP_REPORTERS: dict[str, FlipReporter] = {"text": _Lazy("authoring", "flip_text")}

SCAFFOLD_REPORTERS: dict[str, ScaffoldReporter] = {"text": _Lazy("authoring", "scaffold_text")}
