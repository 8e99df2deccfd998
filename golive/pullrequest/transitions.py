"""Transition rules: what a pull request may change in a tenant, judged against its base revision.

- ``phase`` moves forward one step (onboarding -> live -> bau); onboarding -> bau
  skips the flip, and a move back (live -> onboarding, bau -> live) would let a
  live tenant shed its checks while its production values stay; both are errors
  (a pure revert, judged by the caller, is how a flip is undone).
- Once the base is ``live`` or ``bau``, signed evidence (``uat_signoff``,
  ``e2e_test``, each partner's ``certification``) is not edited in place.
- ``hypercare.metrics`` and ``standups`` rows are append-only, and so are the
  ``rollbacks`` records of tenant.yaml (``GL-TRANSITION-ROLLBACKS``), except that an
  open record may gain ``resolved_on`` (:mod:`golive.core.rollback_records`); a record
  the pull request adds must describe the change made with it (the tenant was live at
  the base, and each field it names goes from its ``from`` to its ``to``). A new tenant
  has no rollback records.

A tenant removed while it is ``live`` or ``bau`` at the base is an error too: its
files are the record of its go-live. Reverting one file to an old version earns
no exemption (the tenant as a whole may then be in a state it never held); the
whole-tenant exemptions (a break-glass ``status: read_only``, a pure revert to a
state the base branch held) are decided by the caller.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from golive.core import redact
from golive.core.checklist import LIVE_OR_BAU, PHASES
from golive.core.findings import Finding, Severity, YamlPath, format_path
from golive.core.platform_fields import FILES, fields_of
from golive.core.yaml_document import Document, mapping

RULE_PHASE = "GL-TRANSITION-PHASE"
RULE_EVIDENCE = "GL-TRANSITION-EVIDENCE"
RULE_APPEND_ONLY = "GL-TRANSITION-APPEND-ONLY"
RULE_REMOVED = "GL-TRANSITION-REMOVED"
RULE_ROLLBACKS = "GL-TRANSITION-ROLLBACKS"

Docs = Mapping[str, Document]


def _data(docs: Docs, name: str) -> dict[str, Any]:
    return mapping(docs.get(name))


class _Emitter:
    def __init__(self, tenant: str, prefix: str, head: Docs) -> None:
        self.tenant, self.prefix, self.head = tenant, prefix, head
        self.found: list[Finding] = []

    def __call__(self, rule: str, checklist: str, file: str, path: YamlPath, message: str) -> None:
        doc = self.head.get(file)
        line, column = doc.locate(path) if doc is not None else (1, 1)
        self.found.append(Finding(self.tenant, f"{self.prefix}/{file}", line, column, rule, checklist,
                                  Severity.ERROR, format_path(path), redact.text(message)))


def _phase(emit: _Emitter, base: Docs, head: Docs) -> None:
    before, after = _data(base, "tenant.yaml").get("phase"), _data(head, "tenant.yaml").get("phase")
    if before not in PHASES or after not in PHASES:
        return
    step = PHASES.index(after) - PHASES.index(before)
    if step > 1:
        emit(RULE_PHASE, "integrity", "tenant.yaml", ("phase",),
             f"phase moves from {before} to {after} in one step; flip to live first and move to "
             f"{after} in a later pull request")
    elif step < 0:
        emit(RULE_PHASE, "integrity", "tenant.yaml", ("phase",),
             f"phase moves back from {before} to {after}; a tenant that went live does not go back "
             f"by hand: to stop it on the platform set status: read_only (break-glass), to undo its "
             f"flip revert the change (git revert), which returns the tenant to a state main held")


def _signed(base: Docs, head: Docs) -> Iterator[tuple[str, str, YamlPath, str, Any, Any]]:
    """(checklist key, file, head path, what, base value, head value) for each signed record."""
    for key in ("uat_signoff", "e2e_test"):
        yield (key, "golive.yaml", (key,), key, _data(base, "golive.yaml").get(key),
               _data(head, "golive.yaml").get(key))
    partners: dict[Any, tuple[int | None, Any]] = {}
    for i, partner in enumerate(_data(head, "edi.yaml").get("trading_partners") or []):
        if isinstance(partner, dict):
            partners[partner.get("id")] = (i, partner.get("certification"))
    for partner in _data(base, "edi.yaml").get("trading_partners") or []:
        if not isinstance(partner, dict) or "id" not in partner:
            continue
        at, cert = partners.get(partner["id"], (None, None))
        path: YamlPath = ("trading_partners",) if at is None else ("trading_partners", at, "certification")
        yield ("partner_certifications", "edi.yaml", path,
               f"the certification of trading partner '{partner['id']}'", partner.get("certification"),
               cert)


def _evidence(emit: _Emitter, base: Docs, head: Docs) -> None:
    if _data(base, "tenant.yaml").get("phase") not in LIVE_OR_BAU:
        return
    for key, file, path, what, before, after in _signed(base, head):
        if before is None or before == after:
            continue
        change = "removed" if after is None else "edited in place"
        emit(RULE_EVIDENCE, key, file, path if after is not None else (),
             f"{what} is signed evidence and was {change} after the tenant went live; restore it "
             f"(to undo the go-live, revert the whole change so the tenant returns to a state main held)")


def _append_only(emit: _Emitter, base: Docs, head: Docs) -> None:
    before = _data(base, "golive.yaml").get("hypercare") or {}
    after = _data(head, "golive.yaml").get("hypercare") or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return
    for key in ("metrics", "standups"):
        old, new = before.get(key) or [], after.get(key) or []
        if not isinstance(old, list) or not isinstance(new, list):
            continue
        for index, row in enumerate(old):
            if index < len(new) and new[index] == row:
                continue
            what = "changed" if index < len(new) else "removed"
            path: YamlPath = ("hypercare", key, index) if index < len(new) else ("hypercare", key)
            emit(RULE_APPEND_ONLY, "hypercare", "golive.yaml", path,
                 f"hypercare.{key}[{index}] was {what}; rows are append-only — restore it and add a "
                 f"new row for a correction")
            break


def _rollbacks(emit: _Emitter, base: Docs, head: Docs) -> None:
    old = _data(base, "tenant.yaml").get("rollbacks") or []
    new = _data(head, "tenant.yaml").get("rollbacks") or []
    if not isinstance(old, list) or not isinstance(new, list):
        return
    for index, record in enumerate(old):
        if index < len(new) and _same_record(record, new[index]):
            continue
        what = "changed" if index < len(new) else "removed"
        path: YamlPath = ("rollbacks", index) if index < len(new) else ("rollbacks",)
        emit(RULE_ROLLBACKS, "integrity", "tenant.yaml", path,
             f"rollbacks[{index}] was {what}; rollback records are append-only (an open one may "
             f"only gain resolved_on) — restore it, and record a correction as a new record")
        break
    _added_rollbacks(emit, base, head, len(old), new)


def _added_rollbacks(emit: _Emitter, base: Docs, head: Docs, first: int, new: list[Any]) -> None:
    """A record added by the pull request describes the change made with it: the tenant was live
    at the base, and each field it says changed goes from its ``from`` to its ``to`` in this
    pull request. Otherwise a record written by hand could turn a ``T`` envelope the flip left
    behind into a warning ("rolled back"), and so pass a flip whose checklist is incomplete."""
    added = [(i, r) for i, r in enumerate(new) if i >= first and isinstance(r, dict)]
    if not added:
        return
    if _data(base, "tenant.yaml").get("phase") not in LIVE_OR_BAU:
        index = added[0][0]
        emit(RULE_ROLLBACKS, "integrity", "tenant.yaml", ("rollbacks", index),
             f"rollbacks[{index}] is added to a tenant that was not live at the base; a rollback "
             f"undoes a change made after go-live, so there is nothing to roll back — remove the record")
        return
    before, after = (fields_of({f: _data(docs, f) for f in FILES}) for docs in (base, head))
    for index, record in added:
        for k, change in enumerate(c for c in (record.get("changed") or []) if isinstance(c, dict)):
            field, old, now = (str(change.get(key)) for key in ("field", "from", "to"))
            if before.get(field) == old and after.get(field) == now:
                continue
            emit(RULE_ROLLBACKS, "integrity", "tenant.yaml", ("rollbacks", index, "changed", k),
                 f"rollbacks[{index}] says {field} went from {old} to {now}, but this pull request "
                 f"changes it from {before.get(field, '(absent)')} to {after.get(field, '(absent)')}; "
                 f"a rollback record describes the change made with it (golive rollback writes both) "
                 f"— make that change in the same pull request, or remove the record")
            return


def _same_record(before: Any, after: Any) -> bool:
    """``after`` is ``before``, or ``before`` (open) closed by adding ``resolved_on``."""
    if before == after:
        return True
    if not isinstance(before, dict) or not isinstance(after, dict) or "resolved_on" in before:
        return False
    return {k: v for k, v in after.items() if k != "resolved_on"} == before


def check(tenant: str, prefix: str, base: Docs, head: Docs) -> list[Finding]:
    """Transition findings for one tenant that exists at the base and at the head."""
    emit = _Emitter(tenant, prefix, head)
    _phase(emit, base, head)
    _evidence(emit, base, head)
    _append_only(emit, base, head)
    _rollbacks(emit, base, head)
    return emit.found


def new_tenant(tenant: str, prefix: str, head: Docs) -> list[Finding]:
    """Transition findings for a tenant the pull request adds: any rollback record it holds."""
    emit = _Emitter(tenant, prefix, head)
    _rollbacks(emit, {}, head)
    return emit.found


def removed(tenant: str, prefix: str, base: Docs) -> list[Finding]:
    """The finding for a tenant directory the pull request deletes, if it was live or bau."""
    phase = _data(base, "tenant.yaml").get("phase")
    if phase not in LIVE_OR_BAU:
        return []
    return [Finding(tenant, f"{prefix}/tenant.yaml", 1, 1, RULE_REMOVED, "integrity", Severity.ERROR, "",
                    f"the tenant is {phase} at the base and this pull request deletes its directory, the "
                    f"record of its go-live; to stop it, set status: read_only (break-glass) and keep "
                    f"its files")]
