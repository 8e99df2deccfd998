"""Reading one tenant directory: its files, parsed and checked against their schemas."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from golive._document import Document
from golive._evidence import EvidenceChecker
from golive._findings import YamlPath
from golive._loader import load_bytes
from golive._schema import RULE_SET_SCHEMA, TENANT_FILES, Schemas
from golive._settings import Settings

OPTIONAL_FILES = frozenset({"golive.yaml", "waivers.yaml"})
REQUIRED_FILES = tuple(name for name in TENANT_FILES if name not in OPTIONAL_FILES)


@dataclass(frozen=True)
class FileProblem:
    """A problem that stops a file from being used: unreadable, unparsable or off-schema."""

    rule: str
    file: str
    path: YamlPath
    message: str
    line: int | None = None      # known for loader problems; otherwise located from the path
    column: int | None = None


@dataclass
class LoadedTenant:
    """A tenant's files: the documents (for positions) and the data that passed its schema."""

    id: str
    root: Path
    evidence: EvidenceChecker
    docs: dict[str, Document] = field(default_factory=dict)
    valid: dict[str, Any] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)


def _read(loaded: LoadedTenant, name: str, schema: str, schemas: Schemas,
          settings: Settings) -> None:
    try:
        raw = (loaded.root / name).read_bytes()
    except OSError as exc:
        loaded.problems.append(FileProblem(
            "GL-FILE-UNREADABLE", name, (), f"cannot read {name}: {exc.strerror}", 1, 1))
        return
    doc = load_bytes(raw, settings.max_file_bytes)
    if isinstance(doc, list):
        loaded.problems.extend(
            FileProblem(p.rule, name, p.path, p.message, p.line, p.column) for p in doc)
        return
    loaded.docs[name] = doc
    errors = list(schemas.check(schema, name, doc))
    loaded.problems.extend(FileProblem("GL-SCHEMA", name, path, msg) for path, msg in errors)
    if not errors:
        loaded.valid[name] = doc.data


def _unknown_files(loaded: LoadedTenant) -> None:
    for path in sorted(loaded.root.iterdir()):
        name = path.name
        if name in TENANT_FILES or not name.endswith((".yaml", ".yml")) or not path.is_file():
            continue
        close = difflib.get_close_matches(name, list(TENANT_FILES), n=1, cutoff=0.6)
        hint = f"did you mean {close[0]}?" if close else f"tenant files are {', '.join(TENANT_FILES)}"
        loaded.problems.append(FileProblem(
            "GL-FILE-UNKNOWN", name, (), f"{name} is not a tenant file golive reads — {hint}", 1, 1))


def _rule_sets(loaded: LoadedTenant, schemas: Schemas, settings: Settings) -> None:
    """Read the rule-set files named by modifier-rules.yaml, as documents of their own."""
    versions = loaded.valid.get("modifier-rules.yaml", {}).get("versions", [])
    for version in versions:
        rel = version.get("file")
        # A path that leaves the directory is the integrity policy's to report, not to read.
        if rel is None or rel in loaded.docs or loaded.evidence.outside(rel):
            continue
        if (loaded.root / rel).is_file():
            _read(loaded, rel, RULE_SET_SCHEMA, schemas, settings)


def load_tenant(root: Path, schemas: Schemas, settings: Settings) -> LoadedTenant:
    loaded = LoadedTenant(root.name, root, EvidenceChecker(root))
    for name, schema in TENANT_FILES.items():
        if (root / name).exists():
            _read(loaded, name, schema, schemas, settings)
        elif name in OPTIONAL_FILES:
            loaded.valid[name] = {}
        else:
            loaded.problems.append(FileProblem(
                "GL-FILE-MISSING", name, (),
                f"{name} is missing; every tenant has {', '.join(REQUIRED_FILES)}", 1, 1))
    _unknown_files(loaded)
    _rule_sets(loaded, schemas, settings)
    return loaded
