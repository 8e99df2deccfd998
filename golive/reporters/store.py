"""Writing what a target holds: ``golive state``, ``drift`` and ``history``, as text and JSON.

JSON values keep their types as in :mod:`golive.reporters.apply` (``typed``). Every tenant
id, field, value, author, committer and target shown comes from the target or from
git, and passes :mod:`golive.core.redact` on its way out (masked, control characters
escaped), in every format.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TextIO

from golive.apply import Difference
from golive.apply.planning import short
from golive.core.redact import optional
from golive.reporters.apply import NONE, UNMANAGED_FIX, counted, dump, shown, typed
from golive.targets import (
    BREAK_GLASS,
    HELD,
    PRUNE,
    TENANT_FIELDS,
    VERIFY,
    AuditEntry,
    StoreView,
    split_envelope_field,
)


# -- state --------------------------------------------------------------------
def _envelopes(fields: dict[str, str]) -> dict[str, str]:
    return {shown("/".join(key)): shown(fields[name]) for name in sorted(fields)
            if (key := split_envelope_field(name)) is not None}


def state_dict(view: StoreView) -> dict[str, object]:
    """The contract's shape: revision, and per tenant status, phase, version and envelopes."""
    tenants: dict[str, object] = {}
    for tenant in sorted(view.live):
        fields = view.live[tenant]
        entry: dict[str, object] = {"revision": optional(view.revisions.get(tenant))}
        entry.update({name: typed(name, fields.get(name)) for name in TENANT_FIELDS})
        entry["envelopes"] = _envelopes(fields)
        tenants[shown(tenant)] = entry
    return {"revision": optional(view.revision), "tenants": tenants}


def state_json(view: StoreView, out: TextIO) -> None:
    dump(state_dict(view), out)


def state_text(view: StoreView, out: TextIO) -> None:
    out.write(f"revision {shown(view.revision)}\n")
    for tenant in sorted(view.live):
        fields = view.live[tenant]
        envelopes = " ".join(f"{k}={v}" for k, v in _envelopes(fields).items())
        out.write(f"{shown(tenant)} at {shown(short(view.revisions.get(tenant)))}: "
                  f"status {shown(fields.get('status'))}, "
                  f"phase {shown(fields.get('phase'))}, "
                  f"modifier rules version {shown(fields.get('modifier_rules_version'))}\n"
                  f"  envelopes: {envelopes or NONE}\n")


# -- drift --------------------------------------------------------------------
def drift_text(found: Sequence[Difference], view: StoreView, target: str, out: TextIO) -> None:
    revision = view.revision
    if not found and not view.unmanaged:
        out.write(f"no drift: {shown(target)} holds what was last applied ({short(revision)})\n")
        return
    for d in found:
        out.write(f"{shown(d.tenant)} {shown(d.field)}: applied {shown(d.applied)}, "
                  f"found {shown(d.found)}\n")
    for tenant in view.unmanaged:
        out.write(f"{shown(tenant)}: unmanaged, {UNMANAGED_FIX}\n")
    parts = [counted(len(found), "difference")] if found else []
    if view.unmanaged:
        parts.append(counted(len(view.unmanaged), "unmanaged tenant"))
    out.write(f"{' and '.join(parts)} from what was last applied ({short(revision)}) in {shown(target)}\n")


def drift_json(found: Sequence[Difference], view: StoreView, target: str, out: TextIO) -> None:
    dump({"target": shown(target), "revision": optional(view.revision), "drift": [
        {"tenant": shown(d.tenant), "field": shown(d.field), "applied": typed(d.field, d.applied),
         "found": typed(d.field, d.found)} for d in found],
        "unmanaged": [{"tenant": shown(t), "revision": optional(view.revisions.get(t)),
                       "fix": "golive apply --prune, or add the tenant to git"} for t in view.unmanaged]},
          out)


# -- history ------------------------------------------------------------------
def _history_line(e: AuditEntry) -> str:
    by = f" applied by {shown(e.applied_by)}" if e.applied_by else ""
    head = f"{shown(e.at)} {shown(short(e.commit))} {shown(e.author)}{by} {shown(e.tenant)}"
    if e.event == HELD:
        return f"{head} held at {shown(short(e.old))}: {shown(e.detail or '')}"
    what = {BREAK_GLASS: " (break-glass)", PRUNE: " (pruned)", VERIFY: " (verification: found after apply)"}
    forced = " (forced)" if e.forced else ""
    return f"{head} {shown(e.field)}: {shown(e.old)} → {shown(e.new)}{what.get(e.event, '')}{forced}"


def history_text(entries: Sequence[AuditEntry], tenant: str | None, out: TextIO) -> None:
    if not entries:
        out.write(f"no history for tenant {shown(tenant)}: no apply has changed or held it\n" if tenant
                  else "no history: no apply has changed anything yet\n")
    for e in entries:
        out.write(_history_line(e) + "\n")


def history_json(entries: Sequence[AuditEntry], tenant: str | None, out: TextIO) -> None:
    dump({"history": [
        {"id": e.id, "commit": shown(e.commit), "author": shown(e.author),
         "applied_by": optional(e.applied_by), "time": shown(e.at), "event": e.event,
         "tenant": shown(e.tenant), "field": shown(e.field), "from": typed(e.field, e.old),
         "to": typed(e.field, e.new), "detail": optional(e.detail), "forced": e.forced}
        for e in entries]}, out)
