"""The layout of a config repository, in one place, and finding the one a command works on.

::

    tenants/<tenant-id>/     one directory per tenant                 TENANTS_DIR
    schemas/<name>.schema.json  the JSON Schemas of the tenant files  SCHEMAS_DIR
    policies/settings.yaml   the policies' thresholds                 SETTINGS_FILE
    .golive/                 golive's state directory, never in git   STATE_DIR

Paths here are repo-relative and POSIX (``/``), as git writes them.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from pathlib import Path

from golive.core.errors import ConfigRepoError, UsageError

TENANTS_DIR = "tenants"
SCHEMAS_DIR = "schemas"
POLICIES_DIR = "policies"
SETTINGS_FILE = f"{POLICIES_DIR}/settings.yaml"
STATE_DIR = ".golive"
# What judges tenants: exported beside them wherever a revision's tenants are checked.
RULEBOOK_DIRS = (SCHEMAS_DIR, POLICIES_DIR)
# A tenant id, the name of its directory: 3 to 40 lowercase letters, digits and '-', starting
# with a letter and not ending with '-' (matched against the whole name).
TENANT_ID = re.compile(r"[a-z][a-z0-9-]{1,38}[a-z0-9]")


def is_tenant_id(name: str) -> bool:
    return TENANT_ID.fullmatch(name) is not None


def tenant_path(tenant: str, file: str = "") -> str:
    """``tenants/<tenant>`` or, with ``file``, ``tenants/<tenant>/<file>``."""
    return f"{TENANTS_DIR}/{tenant}/{file}" if file else f"{TENANTS_DIR}/{tenant}"


def schema_path(name: str) -> str:
    """``schemas/<name>.schema.json``."""
    return f"{SCHEMAS_DIR}/{name}.schema.json"


def tenants_of(paths: Iterable[str]) -> set[str]:
    """The names under ``tenants/`` that ``paths`` touch: a file in a tenant, or ``tenants/<id>``
    itself (a symlink or gitlink standing where a tenant could).

    Whether each is a tenant directory that exists is the caller's to check.
    """
    return {parts[1] for path in paths
            if len(parts := path.split("/")) > 1 and parts[0] == TENANTS_DIR and parts[1]}


def find_repo(repo: str | Path | None = None) -> Path:
    """The config repo: ``repo`` if given, else the git work tree holding the current directory."""
    if repo is not None:
        path = Path(repo).resolve()
        if not path.is_dir():
            raise ConfigRepoError(f"--repo {repo}: no such directory")
        return path
    here = Path.cwd().resolve()
    for candidate in (here, *here.parents):
        if (candidate / ".git").exists():
            return candidate
    raise ConfigRepoError("not inside a git work tree; run golive in a config repo or pass --repo DIR")


def tenant_argument(text: str, known: Iterable[str] | None = None) -> str:
    """The tenant id a command line's TENANT names: ``id``, ``id/``, ``tenants/id`` or ``tenants/id/``
    (a leading ``./`` too).

    Raises :class:`UsageError` for anything else, and, given the ``known`` tenants, for an id
    that is not one of them, naming the known tenants closest to it (a typo) or all of them.
    """
    parts = [p for p in text.replace("\\", "/").split("/") if p not in ("", ".")]
    name = parts[1] if len(parts) == 2 and parts[0] == TENANTS_DIR else parts[0] if len(parts) == 1 else ""
    if not is_tenant_id(name):
        raise UsageError(f"{text!r} is not a tenant id: 3 to 40 lowercase letters, digits and hyphens, "
                         "starting with a letter and not ending with a hyphen; give the id (acme-ortho) "
                         f"or the tenant's directory ({TENANTS_DIR}/acme-ortho)")
    if known is not None:
        names = sorted(known)
        if name not in names:
            close = difflib.get_close_matches(name, names, n=3, cutoff=0.6)
            hint = f"did you mean {' or '.join(close)}?" if close else \
                f"known tenants: {', '.join(names[:12])}{', …' if len(names) > 12 else ''}" if names else \
                f"{TENANTS_DIR}/ holds none"
            raise UsageError(f"no tenant {name!r} (no {tenant_path(name, 'tenant.yaml')}); {hint}")
    return name


def known_tenants(root: Path) -> list[str]:
    """The ids of the tenant directories under ``tenants/`` that hold a tenant.yaml."""
    base = root / TENANTS_DIR
    if not base.is_dir():
        return []
    return sorted(d.name for d in base.iterdir() if is_tenant_id(d.name) and (d / "tenant.yaml").is_file())
