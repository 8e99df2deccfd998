"""The default rulebook golive ships: ``schemas/*.schema.json`` and ``policies/settings.yaml``.

An installed golive carries them in ``golive/rulebook/`` (the build copies them there,
see setup.py); a source checkout (an editable install, or running from the tree) reads
them from the top of the checkout, where golive checks its own example tenants.
``golive init`` copies them into a new config repository.
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from golive.core.errors import ConfigRepoError


def _root() -> Traversable:
    shipped = resources.files("golive") / "rulebook"
    if shipped.is_dir():
        return shipped
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "schemas").is_dir():
        return checkout
    raise ConfigRepoError("this golive has no default rulebook (golive/rulebook/ is missing from "
                          "the installation); reinstall golive")


def schema_names() -> list[str]:
    """The file names of the shipped JSON Schemas, sorted (``tenant.schema.json``, …)."""
    return sorted(p.name for p in (_root() / "schemas").iterdir() if p.name.endswith(".schema.json"))


def read(relpath: str) -> bytes:
    """The bytes of one shipped file, ``schemas/<name>.schema.json`` or ``policies/settings.yaml``."""
    node = _root()
    for part in relpath.split("/"):
        node = node / part
    return node.read_bytes()
