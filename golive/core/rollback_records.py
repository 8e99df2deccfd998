"""A tenant's rollback records: the ``rollbacks:`` list of its tenant.yaml, read leniently.

A record (FORMAT, "Rollback records") says which runbook trigger rolled the tenant
back, since when, under which incident, who, why, and the platform fields it
changed (named as :mod:`golive.core.platform_fields` names them, with their values
before and after); ``resolved_on`` closes it. The list is append-only: the pull-request
gate refuses an edited or removed record, and lets a record gain ``resolved_on``.

Reading is lenient, as the schema judges the shape: a record that is not a mapping,
or a change that is not one, is skipped.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from golive.core.findings import YamlPath
from golive.core.platform_fields import SOURCES, envelopes
from golive.core.yaml_edit import Change

FILE = "tenant.yaml"
KEY = "rollbacks"
ENVELOPE_TRIGGER = "mass-envelope-rejections"
SCRUB_TRIGGER = "mass-scrub-failures"


@dataclass(frozen=True)
class FieldChanged:
    """One platform field a rollback changed: ``field`` (as golive plan names it), from, to."""

    field: str
    before: str
    after: str


@dataclass(frozen=True)
class Record:
    """One rollback record; ``index`` is its position in the ``rollbacks:`` list."""

    index: int
    trigger: str
    since: str
    reference: str
    by: str
    reason: str
    changed: tuple[FieldChanged, ...]
    resolved_on: str | None

    @property
    def open(self) -> bool:
        return self.resolved_on is None

    def describe(self) -> str:
        """``mass-envelope-rejections since 2026-11-25 (INC-5600)``."""
        return f"{self.trigger} since {self.since} ({self.reference})"


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def records(tenant: Mapping[str, Any] | None) -> list[Record]:
    """The records of a tenant.yaml's data, oldest first."""
    items = tenant.get(KEY) if isinstance(tenant, Mapping) else None
    out = []
    for i, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        changes = item.get("changed")
        changed = tuple(FieldChanged(_text(c.get("field")), _text(c.get("from")), _text(c.get("to")))
                        for c in (changes if isinstance(changes, list) else []) if isinstance(c, dict))
        resolved = item.get("resolved_on")
        out.append(Record(i, _text(item.get("trigger")), _text(item.get("since")),
                          _text(item.get("reference")), _text(item.get("by")), _text(item.get("reason")),
                          changed, None if resolved is None else str(resolved)))
    return out


def open_records(tenant: Mapping[str, Any] | None) -> list[Record]:
    """The records not resolved yet, oldest first."""
    return [r for r in records(tenant) if r.open]


def rolled_back_envelopes(tenant: Mapping[str, Any] | None) -> dict[str, Record]:
    """``{envelope field: the open envelope rollback that moved it}`` (the newest one wins)."""
    out = {}
    for record in open_records(tenant):
        if record.trigger == ENVELOPE_TRIGGER:
            out.update({c.field: record for c in record.changed})
    return out


def left_versions(tenant: Mapping[str, Any] | None) -> set[str]:
    """The modifier rule versions a scrub-failure rollback moved away from, resolved or not: never
    reinstated by a later rollback."""
    return {c.before for r in records(tenant) if r.trigger == SCRUB_TRIGGER
            for c in r.changed if c.field == "modifier_rules_version"}


def location(field: str, files: Mapping[str, Any]) -> tuple[str, YamlPath] | None:
    """Where a platform field is written: ``(tenant file, YAML path)`` in ``{file name: data}``."""
    if field in SOURCES:
        file, key = SOURCES[field]
        return file, (key,)
    for name, path, _ in envelopes(files.get("edi.yaml")):
        if name == field:
            return "edi.yaml", path
    return None


def closing(record: Record, date: str) -> Change:
    """The edit of tenant.yaml that closes ``record`` on ``date`` (``resolved_on`` after ``reason``)."""
    return Change((KEY, record.index, "resolved_on"), date, after="reason")
