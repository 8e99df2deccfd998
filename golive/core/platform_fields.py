"""The fields ``golive apply`` writes for a tenant, where each comes from, and its one name.

Every output and every store names a field the same way: ``golive plan``, ``apply``,
``state``, ``drift`` and ``history``, a target's tables, a rollback's pull request
and a flip's.

==================================  =======================================================
field                               from
==================================  =======================================================
``status``                          tenant.yaml ``status``
``phase``                           tenant.yaml ``phase``
``modifier_rules_version``          modifier-rules.yaml ``active_version``
``envelopes[<partner>/<txn>]``      edi.yaml ``trading_partners[i].envelopes[j].usage_indicator``
==================================  =======================================================

Values are flat strings per tenant (``Fields``). Reading is lenient: what a file does
not say (absent, or not the shape its schema gives it) is left out, and the caller
decides whether a tenant whose fields are incomplete can be applied.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from golive.core.findings import YamlPath

# A tenant's values, flat: {"status": "active", "envelopes[availity/837P]": "P", ...}
Fields = dict[str, str]
State = dict[str, Fields]

TENANT_FIELDS = ("status", "phase", "modifier_rules_version")
ENVELOPES = "envelopes"
# The files the fields come from, and where in them each tenant-level field is.
FILES = ("tenant.yaml", "edi.yaml", "modifier-rules.yaml")
SOURCES: dict[str, tuple[str, str]] = {
    "status": ("tenant.yaml", "status"),
    "phase": ("tenant.yaml", "phase"),
    "modifier_rules_version": ("modifier-rules.yaml", "active_version"),
}


def envelope_field(partner: str, transaction: str) -> str:
    return f"{ENVELOPES}[{partner}/{transaction}]"


def split_envelope_field(field: str) -> tuple[str, str] | None:
    """``(partner, transaction)`` of an envelope field; None for a tenant-level field."""
    if not (field.startswith(f"{ENVELOPES}[") and field.endswith("]")):
        return None
    partner, _, transaction = field[len(ENVELOPES) + 1:-1].partition("/")
    return partner, transaction


def field_order(field: str) -> tuple[int, str]:
    """Sort key: the tenant-level fields in their usual order, then envelopes by key."""
    return (TENANT_FIELDS.index(field), "") if field in TENANT_FIELDS else (len(TENANT_FIELDS), field)


def envelopes(edi: Any) -> Iterator[tuple[str, YamlPath, Any]]:
    """``(field, YAML path of its usage_indicator, value)`` of each envelope in an edi.yaml's data.

    What is not a partner or an envelope of the shape the schema gives is skipped.
    """
    partners = edi.get("trading_partners") if isinstance(edi, dict) else None
    for i, partner in enumerate(partners if isinstance(partners, list) else []):
        items = partner.get("envelopes") if isinstance(partner, dict) else None
        for j, env in enumerate(items if isinstance(items, list) else []):
            if isinstance(env, dict):
                yield (envelope_field(str(partner.get("id")), str(env.get("transaction"))),
                       ("trading_partners", i, "envelopes", j, "usage_indicator"), env.get("usage_indicator"))


def fields_of(files: Mapping[str, Any]) -> Fields:
    """The fields a tenant's files say, from ``{file name: data}`` of the files in :data:`FILES`.

    A field whose file or key is absent is left out; an envelope without a usage
    indicator too.
    """
    out: Fields = {}
    for name, (file, key) in SOURCES.items():
        data = files.get(file)
        if isinstance(data, dict) and data.get(key) is not None:
            out[name] = str(data[key])
    for name, _, usage in envelopes(files.get("edi.yaml")):
        if usage is not None:
            out[name] = str(usage)
    return out


def complete(fields: Fields) -> bool:
    """Whether ``fields`` holds every tenant-level field: a tenant apply can write."""
    return all(name in fields for name in TENANT_FIELDS)
