"""Policies: the go-live checklist as code.

- :mod:`~golive.policies.rules`: one module per rule, named after its rule id;
- :mod:`~golive.policies.registry`: the explicit registry of those rules;
- :mod:`~golive.policies.api`: what a policy is and the view of a tenant it is given;
- :mod:`~golive.policies.settings`: their thresholds, from ``policies/settings.yaml``;
- :mod:`~golive.policies.evidence`: evidence files and whether they are what was signed;
- :mod:`~golive.policies.hypercare_days`: hyper-care day by day, rates against thresholds.

Policies see a tenant's data and yield problems; they know nothing of git, targets or
output formats.
"""
