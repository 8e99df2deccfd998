"""The rollback plan of runbook 2.12 as data, what a rollback changes on the platform, and its text.

``TRIGGERS`` holds the runbook's rollback table: per trigger, its action, the
follow-ups it names and how to recognise the commit a revert undoes.
:func:`changes_between` computes the few fields ``golive apply`` pushes for a
tenant (status, phase, envelope usage indicators, modifier ``active_version``)
on two sides and lists those that differ; :func:`render` writes the pull
request's title and body from ``templates/rollback.md.j2``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from golive.core.findings import YamlPath, format_path
from golive.core.templates import environment
from golive.core.yaml_loader import load_bytes
from golive.git import trees

if TYPE_CHECKING:
    from golive._rollback import Rollback

Reader = Callable[[str], bytes | None]   # repo-relative path -> the file's bytes, None when absent
PITR_POINTER = ("Restore the tenant database via the point-in-time-restore runbook: "
                "OPERATIONS_RUNBOOK.md §18.")


def envelopes(data: Any) -> dict[str, Any]:
    """``{"partner/transaction": usage_indicator}`` of an edi.yaml's data, skipping what is malformed."""
    out: dict[str, Any] = {}
    partners = data.get("trading_partners") if isinstance(data, dict) else None
    for partner in partners if isinstance(partners, list) else []:
        items = partner.get("envelopes") if isinstance(partner, dict) else None
        for env in items if isinstance(items, list) else []:
            if isinstance(env, dict):
                out[f"{partner.get('id')}/{env.get('transaction')}"] = env.get("usage_indicator")
    return out


def _version_changed(before: Any, after: Any) -> bool:
    return isinstance(before, dict) and isinstance(after, dict) and \
        before.get("active_version") != after.get("active_version")


def _flipped_to_production(before: Any, after: Any) -> bool:
    old = envelopes(before)
    return any(usage == "P" and old.get(key) != "P" for key, usage in envelopes(after).items())


@dataclass(frozen=True)
class Trigger:
    """One row of the rollback table."""

    name: str
    title: str                          # the trigger as the runbook names it
    action: str                         # what the runbook says to do
    follow_ups: tuple[str, ...]
    file: str | None = None             # revert triggers: the tenant file whose history holds the commit
    what: str = ""                      # what that commit did, for messages ("changed active_version")
    changed: Callable[[Any, Any], bool] | None = None   # (data before, data after) -> is the commit
    own: Callable[[str], bool] = field(default=lambda path: False)   # the trigger's own value paths
    pointer: str | None = None          # another runbook to follow


TRIGGERS: dict[str, Trigger] = {t.name: t for t in (
    Trigger(
        "mass-scrub-failures", "Mass scrub failures",
        "Revert active modifier rule version (Admin → Rules → History → Revert).",
        ("After apply, check Admin → Rules → History shows the reverted version active.",
         "Re-scrub the claims that failed under the reverted rule version.",
         "Fix the rule version, have it approved again and activate it in a new pull request."),
        file="modifier-rules.yaml", what="changed active_version",
        changed=_version_changed, own=lambda path: path == "active_version"),
    Trigger(
        "mass-envelope-rejections", "Mass envelope rejections",
        "Revert envelope to test mode; resubmit after fix.",
        ("Fix the cause of the rejections with the trading partner.",
         "Resubmit the rejected claims after the fix.",
         "Flip the envelopes back to P in a new pull request (golive flip)."),
        file="edi.yaml", what="flipped an envelope to P",
        changed=_flipped_to_production, own=lambda path: path.endswith(".usage_indicator")),
    Trigger(
        "catastrophic-config-error", "Catastrophic config error",
        "Set tenant status = read_only via Admin → Tenants → Suspend → Read-only.",
        ("Find and fix the configuration error in a new pull request.",
         "Set status back to active once the fix is applied."),
    ),
    Trigger(
        "tenant-db-corruption", "Tenant DB corruption",
        "Restore via PITR runbook (OPERATIONS_RUNBOOK.md §18).",
        ("Restore the tenant database via the PITR runbook (OPERATIONS_RUNBOOK.md §18).",
         "Reconcile claims and remittances posted since the restore point.",
         "Set status back to active once the restore is verified."),
        pointer=PITR_POINTER),
)}


# -- What ``golive apply`` pushes for one tenant --------------------------------------------

@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


def _load(read: Reader, path: str) -> Any:
    raw = read(path)
    doc = load_bytes(raw) if raw is not None else None
    return doc.data if doc is not None and not isinstance(doc, list) else None


def apply_fields(read: Reader, tenant: str) -> dict[str, str]:
    """The fields apply sets for ``tenant``: status, phase, modifier version, envelopes."""
    base = f"tenants/{tenant}/"
    out: dict[str, str] = {}
    tenant_data = _load(read, base + "tenant.yaml")
    modifiers = _load(read, base + "modifier-rules.yaml")
    for key in ("status", "phase"):
        if isinstance(tenant_data, dict) and key in tenant_data:
            out[key] = str(tenant_data[key])
    if isinstance(modifiers, dict) and "active_version" in modifiers:
        out["modifier_rules_version"] = str(modifiers["active_version"])
    for key, usage in envelopes(_load(read, base + "edi.yaml")).items():
        out[f"usage_indicator {key}"] = str(usage)
    return out


def changes_between(before: Reader, after: Reader, tenant: str) -> list[FieldChange]:
    """The apply fields of ``tenant`` that differ between the two sides, ``—`` for absent."""
    old, new = apply_fields(before, tenant), apply_fields(after, tenant)
    keys = [*old, *(k for k in new if k not in old)]
    return [FieldChange(k, old.get(k, "—"), new.get(k, "—")) for k in keys if old.get(k) != new.get(k)]


def read_head(root: Path) -> Reader:
    return lambda path: trees.read_file(root, "HEAD", path)


def read_work_tree(root: Path) -> Reader:
    return lambda path: (root / path).read_bytes() if (root / path).is_file() else None


def value_diff(before: Any, after: Any, path: YamlPath = ()) -> list[str]:
    """The YAML paths whose values differ, as ``payers[3].panel`` (a changed list length: the list)."""
    if isinstance(before, dict) and isinstance(after, dict):
        keys = [*before, *(k for k in after if k not in before)]
        missing = object()
        return [p for k in keys
                for p in value_diff(before.get(k, missing), after.get(k, missing), (*path, k))]
    if isinstance(before, list) and isinstance(after, list) and len(before) == len(after):
        return [p for i, (a, b) in enumerate(zip(before, after, strict=True))
                for p in value_diff(a, b, (*path, i))]
    return [] if before == after else [format_path(path)]


# -- The pull request -------------------------------------------------------------------------

def title(tenant: str, trigger: Trigger) -> str:
    """The title of a rollback's commit and pull request."""
    return f"Roll back {tenant}: {trigger.title[0].lower()}{trigger.title[1:]}"


def render(result: Rollback) -> tuple[str, str]:
    """The pull request's title and markdown body for a rollback."""
    trigger = result.trigger
    body = environment("markdown").get_template("rollback.md.j2").render(
        r=result, trigger=trigger, title=title(result.tenant, trigger),
        reverted=result.reverted, short=(result.reverted.sha[:12] if result.reverted else ""))
    return title(result.tenant, trigger), body
