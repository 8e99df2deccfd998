"""Reading one tenant directory: its files, parsed and checked against their schemas.

The directory is listed once, without following anything (:mod:`golive.core.regular_files`);
an entry that is not a regular file or a plain directory is one
``GL-FILE-NOT-REGULAR`` problem at its path and is never read, and a file larger
than ``loader.max_file_bytes`` is reported before a byte of it is read.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from golive.core import regular_files
from golive.core.business_days import LAST_DAY
from golive.core.findings import YamlPath, format_path
from golive.core.yaml_document import Document
from golive.core.yaml_loader import load_bytes, too_large
from golive.engine.schemas import RULE_SET_SCHEMA, TENANT_FILES, Schemas
from golive.policies.evidence import EvidenceChecker
from golive.policies.settings import Settings

DATE_RANGE = "GL-DATE-RANGE"
_DATE_START = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}(?:T|\Z)")   # a date, or a timestamp's date
# A date past LAST_DAY has a year from LAST_DAY's on. A string's characters are written in
# the file as they are, except through a double-quoted escape (\x39 for 9); folded lines
# join with a space. So a file whose bytes hold neither such a year nor a backslash has no
# late date, and its values need not be walked.
_LATE_YEARS = tuple(f"{year:04d}-".encode() for year in range(LAST_DAY.year, 10000))
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
    checklist: str = "schema"    # the checklist key it counts against


@dataclass
class LoadedTenant:
    """A tenant's files: the documents (for positions) and the data that passed its schema."""

    id: str
    root: Path
    evidence: EvidenceChecker
    docs: dict[str, Document] = field(default_factory=dict)
    entries: dict[str, regular_files.Entry] = field(default_factory=dict)   # as listed by scan
    valid: dict[str, Any] = field(default_factory=dict)
    problems: list[FileProblem] = field(default_factory=list)


def _read(loaded: LoadedTenant, name: str, schema: str, schemas: Schemas,
          settings: Settings) -> None:
    """Read, parse and schema-check the regular file ``name`` (as listed in ``loaded.entries``)."""
    key = regular_files.key(name)
    size = loaded.entries[key].size
    if size > settings.max_file_bytes:
        problem = too_large(size, settings.max_file_bytes)
        loaded.problems.append(FileProblem(problem.rule, name, (), problem.message, 1, 1))
        return
    try:
        raw = regular_files.read_regular(loaded.root / key, settings.max_file_bytes)
    except regular_files.TooLarge as exc:   # grew since it was listed
        problem = too_large(exc.size, settings.max_file_bytes)
        loaded.problems.append(FileProblem(problem.rule, name, (), problem.message, 1, 1))
        return
    except regular_files.NotRegular:        # replaced since it was listed
        loaded.problems.append(FileProblem(
            regular_files.NOT_REGULAR, name, (),
            regular_files.message(name, regular_files.Entry(regular_files.OTHER)), 1, 1, "integrity"))
        return
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
        late = list(_late_dates(doc.data, ())) if _may_hold_late_date(raw) else []
        loaded.problems.extend(FileProblem(DATE_RANGE, name, path, msg) for path, msg in late)
        if not late:
            loaded.valid[name] = doc.data


def _may_hold_late_date(raw: bytes) -> bool:
    """False when no string in the YAML file ``raw`` can be a date past LAST_DAY (see _LATE_YEARS)."""
    return b"\\" in raw or any(year in raw for year in _LATE_YEARS)


def _late_dates(data: Any, path: YamlPath) -> Iterator[tuple[YamlPath, str]]:
    """Every date or timestamp in ``data`` past the last day golive can compute with.

    A file with one is not used (like a file off its schema), so no rule ever counts
    business days from a date at the end of the calendar.
    """
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _late_dates(value, (*path, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _late_dates(value, (*path, i))
    elif isinstance(data, str) and _DATE_START.match(data):
        try:
            day = dt.date.fromisoformat(data[:10])
        except ValueError:
            return
        if day > LAST_DAY:
            yield path, (f"{format_path(path)}: {data} is out of range: golive computes with "
                         f"dates up to {LAST_DAY} (it counts business days on from them); "
                         "write the real date")


def _unknown_files(loaded: LoadedTenant) -> None:
    for name, entry in sorted(loaded.entries.items()):
        if "/" in name or name in TENANT_FILES or not name.endswith((".yaml", ".yml")) \
                or not entry.regular:
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
        entry = loaded.entries.get(regular_files.key(rel))
        if entry is not None and entry.regular and regular_files.blocked_by(loaded.entries, rel) is None:
            _read(loaded, rel, RULE_SET_SCHEMA, schemas, settings)


def _not_regular(loaded: LoadedTenant, prefix: str) -> None:
    """One problem for each entry that is not a regular file or a plain directory."""
    for rel, entry in regular_files.reported(loaded.entries):
        message = regular_files.message(rel or prefix, entry, tenant_dir=not rel)
        if entry.kind == regular_files.UNLISTABLE:
            loaded.problems.append(FileProblem("GL-FILE-UNREADABLE", rel, (), message, 1, 1))
        else:
            loaded.problems.append(FileProblem(regular_files.NOT_REGULAR, rel, (), message, 1, 1,
                                               "integrity"))


def load_tenant(root: Path, schemas: Schemas, settings: Settings) -> LoadedTenant:
    entries = regular_files.scan(root)
    loaded = LoadedTenant(root.name, root, EvidenceChecker(root, entries, settings.max_evidence_bytes),
                          entries=entries)
    _not_regular(loaded, f"{root.parent.name}/{root.name}")
    if not entries or entries[""].reported:
        return loaded     # the tenant directory itself is not one: nothing in it is read
    for name, schema in TENANT_FILES.items():
        entry = entries.get(name)
        if entry is None:
            if name in OPTIONAL_FILES:
                loaded.valid[name] = {}
            else:
                loaded.problems.append(FileProblem(
                    "GL-FILE-MISSING", name, (),
                    f"{name} is missing; every tenant has {', '.join(REQUIRED_FILES)}", 1, 1))
        elif entry.regular:
            _read(loaded, name, schema, schemas, settings)
        elif entry.kind == regular_files.DIRECTORY:
            loaded.problems.append(FileProblem(
                "GL-FILE-UNREADABLE", name, (), f"{name} is a directory, not a file; "
                "move what is in it elsewhere and commit the file", 1, 1))
    _unknown_files(loaded)
    _rule_sets(loaded, schemas, settings)
    return loaded
