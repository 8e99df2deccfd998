"""A tenant's ``tenant:`` id is its directory name, and a valid tenant id.

Passing: ``tenants/acme-ortho/tenant.yaml`` with ``tenant: acme-ortho``.

Failing: ``tenant: acme-orthopedics`` in ``tenants/acme-ortho/`` (copied from another
tenant and not renamed); a directory named ``Acme_Ortho``.
"""

from __future__ import annotations

from collections.abc import Iterator

from golive.core.checklist import ALL_PHASES
from golive.core.findings import Problem, Severity
from golive.core.layout import is_tenant_id
from golive.policies.api import Tenant

ID = "GL-TENANT-ID"
CHECKLIST = "integrity"
SEVERITY = Severity.ERROR
PHASES = ALL_PHASES
NEEDS = ("tenant.yaml",)
RUNBOOK = "One directory per tenant: tenants/<tenant-id>/."
FIX = "Make `tenant:` in tenant.yaml and the directory name the same valid id."

def check(t: Tenant) -> Iterator[Problem]:
    declared = t.tenant.get("tenant")
    if not is_tenant_id(t.id):
        yield Problem("tenant.yaml", ("tenant",),
                      f"the directory name '{t.id}' is not a valid tenant id (lowercase letters, "
                      "digits and '-', 3 to 40 characters); rename the directory")
    elif declared != t.id:
        yield Problem("tenant.yaml", ("tenant",),
                      f"tenant: '{declared}' does not match its directory '{t.id}'")
