"""One module per go-live rule, named after its rule id (``GL-ERA-NOTIFY`` is ``era_notify.py``).

Every module here whose name has no leading ``_`` is a policy, and is listed in
:mod:`golive.policies.registry`; a test holds each to the policy contract.
"""
