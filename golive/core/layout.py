"""The layout of a config repository, and finding the one a command works on.

::

    tenants/<tenant-id>/   one directory per tenant (TENANTS_DIR)
    schemas/               the JSON Schemas of the tenant files (SCHEMAS_DIR)
    policies/settings.yaml the policies' thresholds (SETTINGS_FILE)
    .golive/               golive's state directory, never in git (golive.core.state_dir)
"""

from __future__ import annotations

import re
from pathlib import Path

from golive.core.errors import ConfigRepoError

TENANTS_DIR = "tenants"
SCHEMAS_DIR = "schemas"
SETTINGS_FILE = "policies/settings.yaml"
# A tenant id, the name of its directory: 3 to 40 lowercase letters, digits and '-', starting
# with a letter and not ending with '-' (matched against the whole name).
TENANT_ID = re.compile(r"[a-z][a-z0-9-]{1,38}[a-z0-9]")


def is_tenant_id(name: str) -> bool:
    return TENANT_ID.fullmatch(name) is not None


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
