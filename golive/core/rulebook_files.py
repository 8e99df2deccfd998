"""What golive ships for ``golive init``: the default rulebook (``schemas/*.schema.json``,
``policies/settings.yaml``), the dependency lock (``requirements.lock``) and the GitHub
workflows (``workflows/*.yml``).

An installed golive carries them in ``golive/rulebook/`` (the build copies them there,
see setup.py); a source checkout (an editable install, or running from the tree) reads
them from the top of the checkout (the workflows from ``.github/workflows/``).
"""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from golive.core.errors import ConfigRepoError


def _root() -> tuple[Traversable, bool]:
    """Where the shipped files are, and whether that is a source checkout."""
    shipped = resources.files("golive") / "rulebook"
    if shipped.is_dir():
        return shipped, False
    checkout = Path(__file__).resolve().parents[2]
    if (checkout / "pyproject.toml").is_file() and (checkout / "schemas").is_dir():
        return checkout, True
    raise ConfigRepoError("this golive has no default rulebook (golive/rulebook/ is missing from "
                          "the installation); reinstall golive")


def _folder(name: str) -> Traversable:
    root, checkout = _root()
    return root / ".github" / "workflows" if checkout and name == "workflows" else root / name


def names(folder: str, suffix: str) -> list[str]:
    """The file names in a shipped ``folder`` (``schemas``, ``workflows``) ending in ``suffix``, sorted."""
    return sorted(p.name for p in _folder(folder).iterdir() if p.name.endswith(suffix))


def schema_names() -> list[str]:
    """The file names of the shipped JSON Schemas, sorted (``tenant.schema.json``, …)."""
    return names("schemas", ".schema.json")


def read(relpath: str) -> bytes:
    """The bytes of one shipped file: ``schemas/<name>.schema.json``, ``policies/settings.yaml``,
    ``requirements.lock`` or ``workflows/<name>.yml``."""
    top, _, rest = relpath.partition("/")
    node = _folder(top) if rest else _root()[0] / top
    for part in rest.split("/") if rest else ():
        node = node / part
    return node.read_bytes()
