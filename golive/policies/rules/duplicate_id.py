"""Ids are unique where the format says so; one envelope per transaction per partner.

Passing: partners ``availity`` and ``waystar``, each with one 837P envelope.

Failing: two partners with ``id: availity``; a partner with two 835 envelopes (which
one would the platform use?); two payers ``"87726"``; version 7 listed twice.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from golive.core.checklist import ALL_PHASES
from golive.core.findings import Problem, Severity, YamlPath, format_path
from golive.policies.api import Tenant

ID = "GL-DUPLICATE-ID"
CHECKLIST = "integrity"
SEVERITY = Severity.ERROR
PHASES = ALL_PHASES
NEEDS = ()
RUNBOOK = "One envelope per transaction per partner."
FIX = "Remove the duplicate entry, or give it its own id."


def _repeats(file: str, path: YamlPath, items: Sequence[Any], key: str,
             what: str) -> Iterator[Problem]:
    first: dict[object, int] = {}
    for i, item in enumerate(items):
        value = item.get(key)
        if value in first:
            yield Problem(file, (*path, i, key),
                          f"{what} {value!r} appears twice (first at "
                          f"{format_path((*path, first[value]))})")
        else:
            first[value] = i


def check(t: Tenant) -> Iterator[Problem]:
    partners = t.file("edi.yaml").get("trading_partners", [])
    yield from _repeats("edi.yaml", ("trading_partners",), partners, "id", "trading partner")
    for i, partner in enumerate(partners):
        yield from _repeats("edi.yaml", ("trading_partners", i, "envelopes"),
                            partner.get("envelopes", []), "transaction",
                            f"an envelope of '{partner.get('id')}' for transaction")
    yield from _repeats("payers.yaml", ("payers",), t.file("payers.yaml").get("payers", []),
                        "id", "payer")
    yield from _repeats("fee-schedules.yaml", ("fee_schedules",),
                        t.file("fee-schedules.yaml").get("fee_schedules", []), "id",
                        "fee schedule")
    yield from _repeats("modifier-rules.yaml", ("versions",),
                        t.file("modifier-rules.yaml").get("versions", []), "version",
                        "modifier-rule version")
    yield from _repeats("notifications.yaml", ("channels",),
                        t.file("notifications.yaml").get("channels", []), "id", "channel")
