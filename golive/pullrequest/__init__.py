"""Pull-request mode (``golive validate --base REF``): a change judged against its merge base.

- :mod:`~golive.pullrequest.gate`: what changed, checked by the base's rulebook, findings
  the base already had marked, the break-glass and pure-revert exemptions;
- :mod:`~golive.pullrequest.transitions`: what a change may do to a tenant (phase steps,
  signed evidence, append-only hyper-care rows, deleting a live tenant);
- :mod:`~golive.pullrequest.rulebook_changes`: a change to what judges tenants (schemas,
  settings, golive's code, workflows, ``.gitattributes``), check-loaded and flagged;
- :mod:`~golive.pullrequest.impact`: the tenants such a change would break once merged.
"""
