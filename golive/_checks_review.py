"""When a pull request changes the checks (``schemas/``, ``policies/``): are the new ones sound?

The tenants are judged by the base revision's checks regardless; this module
only check-loads what the pull request proposes and asks for a maintainer's
review. A schema that is not valid JSON Schema 2020-12, settings that do not
load, or a schema golive needs that is deleted are errors (they would break
every run once merged); any other change is a warning asking for review.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from pathlib import Path

import jsonschema

from golive._errors import ConfigRepoError
from golive._findings import Finding, Severity
from golive._schema import SCHEMA_DIR, SCHEMA_NAMES
from golive._settings import SETTINGS_FILE, load_settings

RULE_CHANGED = "GL-CHECKS-CHANGED"
RULE_INVALID = "GL-CHECKS-INVALID"
NEEDED = {f"{SCHEMA_DIR}/{name}.schema.json" for name in SCHEMA_NAMES} | {SETTINGS_FILE}


def _finding(rule: str, file: str, line: int, column: int, message: str) -> Finding:
    severity = Severity.ERROR if rule == RULE_INVALID else Severity.WARNING
    checklist = "schema" if file.startswith(f"{SCHEMA_DIR}/") else "integrity"
    return Finding("", file, line, column, rule, checklist, severity, "", message)


def _schema_problem(path: Path) -> tuple[int, int, str] | None:
    try:
        schema = json.loads(path.read_bytes())
    except json.JSONDecodeError as exc:
        return exc.lineno, exc.colno, f"not valid JSON: {exc.msg}"
    except (OSError, UnicodeDecodeError) as exc:
        return 1, 1, f"cannot be read: {exc}"
    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        return 1, 1, f"not a valid JSON Schema 2020-12: {exc.message}"
    return None


def review(root: Path, changed: Sequence[str]) -> Iterator[Finding]:
    """A finding per changed file under schemas/ or policies/."""
    for file in changed:
        if not file.startswith((f"{SCHEMA_DIR}/", f"{SETTINGS_FILE.split('/')[0]}/")):
            continue
        path = root / file
        if not path.exists():
            if file in NEEDED:
                yield _finding(RULE_INVALID, file, 1, 1,
                               f"{file} is deleted, but golive needs it to check tenants; restore it")
            else:
                yield _finding(RULE_CHANGED, file, 1, 1,
                               f"{file} is deleted in this pull request; a maintainer must review it")
            continue
        if file.endswith(".json"):
            problem = _schema_problem(path)
            if problem is not None:
                line, column, what = problem
                yield _finding(RULE_INVALID, file, line, column, f"{file} is {what}")
                continue
        if file == SETTINGS_FILE:
            try:
                load_settings(root)
            except ConfigRepoError as exc:
                yield _finding(RULE_INVALID, file, 1, 1, f"{file} does not load: {exc}")
                continue
        yield _finding(RULE_CHANGED, file, 1, 1,
                       f"{file} changed in this pull request; tenants are judged by the base "
                       f"revision's checks until it merges, and a maintainer must review the change")
