"""What a rollback's pull request proposes: its title, and what ``golive apply`` will change.

:func:`changes_between` computes the fields ``golive apply`` pushes for a tenant on
two sides (HEAD and the rollback's work tree) and lists those that differ, as
``golive plan`` will show them once the branch is merged.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from golive.core.layout import tenant_path
from golive.core.platform_fields import FILES, Fields, fields_of
from golive.core.yaml_loader import load_bytes
from golive.git import trees
from golive.rollback.triggers import Trigger

Reader = Callable[[str], bytes | None]   # repo-relative path -> the file's bytes, None when absent


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


def _load(read: Reader, path: str) -> Any:
    raw = read(path)
    doc = load_bytes(raw) if raw is not None else None
    return doc.data if doc is not None and not isinstance(doc, list) else None


def apply_fields(read: Reader, tenant: str) -> Fields:
    """The fields apply sets for ``tenant`` (:mod:`golive.core.platform_fields`), as ``read`` reads them."""
    return fields_of({name: _load(read, tenant_path(tenant, name)) for name in FILES})


def changes_between(before: Reader, after: Reader, tenant: str) -> list[FieldChange]:
    """The apply fields of ``tenant`` that differ between the two sides, ``—`` for absent."""
    old, new = apply_fields(before, tenant), apply_fields(after, tenant)
    keys = [*old, *(k for k in new if k not in old)]
    return [FieldChange(k, old.get(k, "—"), new.get(k, "—")) for k in keys if old.get(k) != new.get(k)]


def read_head(root: Path) -> Reader:
    return lambda path: trees.read_file(root, "HEAD", path)


def read_work_tree(root: Path) -> Reader:
    return lambda path: (root / path).read_bytes() if (root / path).is_file() else None


def title(tenant: str, trigger: Trigger) -> str:
    """The title of a rollback's commit and pull request."""
    return f"Roll back {tenant}: {trigger.title[0].lower()}{trigger.title[1:]}"
