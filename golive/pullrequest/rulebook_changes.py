"""When a pull request changes what judges tenants: are the new checks sound, and who must look?

The tenants are judged by the base revision's checks regardless; this module
only check-loads what the pull request proposes and asks for a maintainer's
review. A schema that is not valid JSON Schema 2020-12, settings that do not
load, or a schema golive needs that is deleted are errors (they would break
every run once merged); any other change to ``schemas/`` or ``policies/``, to
golive's own code (``golive/``, ``pyproject.toml``), to the workflows
(``.github/``), to ``CODEOWNERS``, to a ``.gitattributes`` file, or to anything
else outside ``tenants/`` but documentation (a ``setup.py`` or a ``pip/``
directory runs when CI installs golive) is a warning asking for review.

A ``.gitattributes`` change is also read for what it does: an attribute that
makes git change a file's bytes on checkout or export (``export-subst``,
``export-ignore``, ``filter``, ``ident``, ``eol``, ``text``,
``working-tree-encoding``) on a path under ``tenants/``, ``schemas/`` or
``policies/`` is an error, since the bytes judged would no longer be the bytes
applied.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path

import jsonschema

from golive.core import redact
from golive.core.errors import ConfigRepoError
from golive.core.findings import Finding, Severity
from golive.core.layout import RULEBOOK_DIRS, SCHEMAS_DIR, SETTINGS_FILE, TENANTS_DIR, schema_path
from golive.engine.schemas import SCHEMA_NAMES
from golive.git.runner import GitFailed
from golive.git.work_tree import attributes, listed_files
from golive.policies.settings import load_settings
from golive.policies.trust import TRUST_DIR, load_trust

RULE_CHANGED = "GL-CHECKS-CHANGED"
RULE_INVALID = "GL-CHECKS-INVALID"
RULE_ATTRIBUTES = "GL-GITATTRIBUTES"
NEEDED = {schema_path(name) for name in SCHEMA_NAMES} | {SETTINGS_FILE}

# What judges tenants, as repo-relative path prefixes: the data the checks read,
# and golive's own code (in a repository that holds golive beside the tenants).
DATA_PATHS = tuple(f"{d}/" for d in RULEBOOK_DIRS)
CODE_PATHS = ("golive/", "pyproject.toml")
# What else decides a verdict, or who gives it: reviewed, never used to judge.
REVIEW_PATHS = (".github/", "CODEOWNERS", "docs/CODEOWNERS")
TENANTS_PATH = f"{TENANTS_DIR}/"
ATTRIBUTES_FILE = ".gitattributes"
# Attributes that make git change a file's bytes on checkout or export, and the
# values that leave the bytes alone.
CONTENT_ATTRIBUTES = ("export-subst", "export-ignore", "filter", "ident", "eol", "text", "crlf",
                      "working-tree-encoding")
_HARMLESS = {"unspecified", "unset"}
PROTECTED = (TENANTS_PATH, *DATA_PATHS)


def touches(changed: Sequence[str], prefixes: Sequence[str]) -> bool:
    """Whether any path of ``changed`` is, or is under, one of ``prefixes``."""
    return any(p.startswith(prefix) if prefix.endswith("/") else p == prefix
               for p in changed for prefix in prefixes)


def _is_attributes(path: str) -> bool:
    return path == ATTRIBUTES_FILE or path.endswith(f"/{ATTRIBUTES_FILE}")


def _finding(rule: str, file: str, line: int, column: int, message: str) -> Finding:
    severity = Severity.WARNING if rule == RULE_CHANGED else Severity.ERROR
    checklist = "schema" if file.startswith(f"{SCHEMAS_DIR}/") else "integrity"
    # Paths and messages may quote a pull request's file names: through the output boundary.
    return Finding("", redact.text(file), line, column, rule, checklist, severity, "", redact.text(message))


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


def _documentation(path: str) -> bool:
    return path.endswith(".md") or (path.startswith("docs/") and not touches([path], REVIEW_PATHS))


def _reviewed_only(file: str) -> Finding:
    what = ("golive's own code" if touches([file], CODE_PATHS) else
            "how git reads the files" if _is_attributes(file) else
            "the workflows or code owners that run and guard the gate" if touches([file], REVIEW_PATHS)
            else "outside tenants/: it may run where CI installs and runs golive")
    return _finding(RULE_CHANGED, file, 1, 1,
                    f"{file} changed in this pull request ({what}); a maintainer must review the change")


def _attribute_lines(root: Path, file: str, attribute: str) -> int:
    """The first line of ``file`` that names ``attribute`` (1 when none does)."""
    try:
        lines = (root / file).read_text(encoding="utf-8", errors="replace").splitlines()
    except OSError:
        return 1
    for number, line in enumerate(lines, 1):
        words = line.split()[1:] if not line.lstrip().startswith("#") else []
        if any(w.lstrip("-!").split("=", 1)[0] == attribute for w in words):
            return number
    return 1


def _content_attributes(root: Path, only: Sequence[str] | None = None) -> dict[str, tuple[str, str]]:
    """``{attribute: (an example path, its value)}`` for content-changing attributes on protected paths.

    ``only``: these repo-relative files (and their directories); None: every protected file.
    """
    try:
        files = listed_files(root, PROTECTED) if only is None else [os.fsencode(p) for p in only]
        # A directory's own attributes count too (git archive honours export-ignore on one).
        folders = {b"/".join(f.split(b"/")[:i]) for f in files for i in range(1, f.count(b"/") + 1)}
        said = attributes(root, [*sorted(folders), *files], CONTENT_ATTRIBUTES)
    except GitFailed:
        return {}
    found: dict[str, tuple[str, str]] = {}
    for path, attribute, value in said:
        if value not in _HARMLESS and attribute not in found:
            found[attribute] = (path, value)
    return found


def _attributes(root: Path, changed: Sequence[str]) -> Iterator[Finding]:
    files = [f for f in changed if _is_attributes(f) and (root / f).is_file()]
    if not files:
        # The attributes did not change, but they may name a path this change adds.
        added = [f for f in changed if touches([f], PROTECTED) and os.path.lexists(root / f)]
        for attribute, (path, value) in sorted(_content_attributes(root, added).items() if added else ()):
            shown = attribute if value == "set" else f"{attribute}={value}"
            yield _finding(RULE_ATTRIBUTES, path, 1, 1,
                           f"{shown} applies to {path} (set by a .gitattributes file): git would change "
                           f"its bytes on checkout or export, so what is applied could differ from what "
                           f"was checked; remove the attribute for this path")
        return
    for attribute, (path, value) in sorted(_content_attributes(root).items()):
        where = next((f for f in files if _attribute_lines(root, f, attribute) > 1), files[0])
        shown = attribute if value == "set" else f"{attribute}={value}"
        yield _finding(RULE_ATTRIBUTES, where, _attribute_lines(root, where, attribute), 1,
                       f"{shown} applies to {path} (and maybe more under tenants/, schemas/ or "
                       f"policies/): git would change those files' bytes on checkout or export, so "
                       f"what is applied could differ from what was checked; remove it for those paths")


def review(root: Path, changed: Sequence[str]) -> Iterator[Finding]:
    """A finding per changed file that judges tenants or guards the gate, and per harmful attribute."""
    yield from _attributes(root, changed)
    for file in changed:
        if _is_attributes(file) or not (touches([file], (TENANTS_PATH, *DATA_PATHS)) or _documentation(file)):
            yield _reviewed_only(file)
            continue
        if not touches([file], DATA_PATHS):
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
        if file.startswith(f"{TRUST_DIR}/"):
            try:
                load_trust(root)
            except ConfigRepoError as exc:
                yield _finding(RULE_INVALID, file, 1, 1, f"{file} does not load: {exc}")
                continue
        yield _finding(RULE_CHANGED, file, 1, 1,
                       f"{file} changed in this pull request; tenants are judged by the base "
                       f"revision's checks until it merges, and a maintainer must review the change")
