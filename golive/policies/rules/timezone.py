"""The tenant's ``timezone`` is an IANA time zone name the platform knows.

Passing: ``timezone: America/Chicago``.

Failing: ``timezone: America/Chicgo``; ``timezone: CST`` (an abbreviation, ambiguous).
"""

from __future__ import annotations

import functools
import zoneinfo
from collections.abc import Iterator

from golive.core.checklist import ALL_PHASES
from golive.core.findings import Problem, Severity
from golive.policies.api import Tenant

ID = "GL-TIMEZONE"
CHECKLIST = "integrity"
SEVERITY = Severity.ERROR
PHASES = ALL_PHASES
NEEDS = ("tenant.yaml",)
RUNBOOK = "Hyper-care (first 5 business days), counted in the customer's time zone."
FIX = "Use the IANA name of the customer's zone, e.g. America/Chicago or America/New_York."


@functools.cache
def _zones() -> frozenset[str]:
    # The IANA names of the machine's zone database, less its non-zones.
    return frozenset(zoneinfo.available_timezones()) - {"Factory", "localtime", "posixrules"}


def check(t: Tenant) -> Iterator[Problem]:
    name = t.tenant.get("timezone")
    # Without any time zone data on the machine nothing can be judged.
    if isinstance(name, str) and _zones() and name not in _zones():
        yield Problem("tenant.yaml", ("timezone",),
                      f"timezone '{name}' is not an IANA time zone name (e.g. America/Chicago)")
