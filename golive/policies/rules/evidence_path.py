"""Evidence and rule files are named by paths that stay inside the tenant directory.

Passing: ``evidence: evidence/uat-signoff.eml``.

Failing: ``evidence: ../other-tenant/evidence/uat.eml``; ``evidence: /tmp/uat.eml``; a
modifier-rule version whose ``file`` does not exist. (A symlink on the way, wherever
it points, is ``GL-FILE-NOT-REGULAR`` at the symlink's own path.)
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from golive.core.checklist import ALL_PHASES
from golive.core.findings import Problem, Severity, YamlPath
from golive.policies.api import Tenant
from golive.policies.evidence import Evidence

ID = "GL-EVIDENCE-PATH"
CHECKLIST = "integrity"
SEVERITY = Severity.ERROR
PHASES = ALL_PHASES
NEEDS = ()
RUNBOOK = "Onboarding artifacts archived (intake doc, configs, test results)."
FIX = ("Copy the file into the tenant directory (e.g. evidence/) and name it by its "
       "relative path, without '..'.")


def _references(data: Any, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    """Every ``evidence:`` value, wherever it is in a file."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "evidence" and isinstance(value, str):
                yield (*path, key), value
            else:
                yield from _references(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _references(value, (*path, i))


def check(t: Tenant) -> Iterator[Problem]:
    for file, data in sorted(t.files.items()):
        for path, rel in _references(data, ()):
            reason = t.evidence.outside(rel)
            if reason:
                yield Problem(file, path, f"evidence path '{rel}' {reason}; evidence must "
                              "live inside the tenant directory")
    for k, version in enumerate(t.file("modifier-rules.yaml").get("versions", [])):
        rel = version.get("file")
        if rel is None:
            continue
        reason = t.evidence.outside(rel)
        if reason:
            yield Problem("modifier-rules.yaml", ("versions", k, "file"),
                          f"rule file path '{rel}' {reason}; keep rule files in the tenant "
                          "directory")
        elif t.evidence.check(rel, None) is Evidence.MISSING:
            yield Problem("modifier-rules.yaml", ("versions", k, "file"),
                          f"version {version.get('version')} names rule file '{rel}', which "
                          "does not exist; commit it or fix the path")
