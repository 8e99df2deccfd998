"""Starting a config repository of one's own (``golive init``).

A config repository holds tenants and the rulebook that judges them, and pins the
golive that reads them. :func:`plan_files` says what ``golive init`` writes:

- ``schemas/*.schema.json`` and ``policies/settings.yaml``: copies of the rulebook
  this golive ships (copied rather than referenced by version, so that the rules a
  pull request is judged by are in the repository, reviewed and versioned with the
  tenants, and an editor resolves every ``$schema`` line offline);
- ``tenants/`` (empty but for ``.gitkeep``);
- ``requirements.txt`` pinning golive (``golive==<version>`` unless told otherwise),
  and ``requirements.lock``, golive's own dependencies pinned with their hashes;
- ``.github/workflows/`` (:func:`workflows`): the workflows golive checks itself with,
  installing the pinned golive instead of building it from the repository;
- ``.pre-commit-config.yaml``, ``.github/CODEOWNERS``, ``README.md``, ``.gitignore``;
- ``.vscode/settings.json`` (:func:`editor_settings`) and ``.vscode/extensions.json``.

:func:`init_repo` writes them all or nothing: when any of them exists it refuses,
naming them, and changes nothing. A directory outside any git work tree is made one
(``git init``), since golive finds its config repository through git.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from golive.core.errors import UsageError
from golive.core.layout import SCHEMAS_DIR, SETTINGS_FILE, STATE_DIR, TENANTS_DIR
from golive.core.rulebook_files import names, read, schema_names
from golive.core.templates import environment
from golive.core.version import VERSION
from golive.engine.schemas import RULE_SET_SCHEMA, TENANT_FILES

# Where a tenant's modifier rule sets conventionally live (``file:`` in modifier-rules.yaml).
RULE_SET_GLOB = f"{TENANTS_DIR}/*/rules/*.yaml"


def editor_settings() -> str:
    """``.vscode/settings.json``: Red Hat's YAML extension reading files as golive does.

    ``yaml.yamlVersion: "1.1"`` because golive reads YAML 1.1 (PyYAML): in 1.2, the
    extension's default, ``NO``, ``ON`` and ``1:30`` are strings, so ``id: NO`` would
    pass in the editor and fail in golive. ``yaml.schemas`` ties each tenant file to
    its schema, so files without a ``$schema`` line are checked too.
    """
    schemas = {f"./{SCHEMAS_DIR}/{schema}.schema.json": f"{TENANTS_DIR}/*/{file}"
               for file, schema in TENANT_FILES.items()}
    schemas[f"./{SCHEMAS_DIR}/{RULE_SET_SCHEMA}.schema.json"] = RULE_SET_GLOB
    settings = {
        "yaml.yamlVersion": "1.1",
        "yaml.validate": True,
        "yaml.completion": True,
        "yaml.hover": True,
        "yaml.schemas": schemas,
        "files.insertFinalNewline": True,
        "[yaml]": {"editor.insertSpaces": True, "editor.tabSize": 2},
    }
    return json.dumps(settings, indent=2) + "\n"


EDITOR_EXTENSIONS = json.dumps({"recommendations": ["redhat.vscode-yaml"]}, indent=2) + "\n"


# How golive's own workflows install golive (built from the checkout, or from the
# merge base's), and how a config repository's install the golive it pins instead.
_INSTALLS = {
    'pip install --no-deps --no-build-isolation "$RUNNER_TEMP/golive-base"':
        'pip install --no-deps -r "$RUNNER_TEMP/golive-base/requirements.txt"',
    "pip install --no-deps --no-build-isolation .": "pip install --no-deps -r requirements.txt",
}


def workflows() -> dict[str, bytes]:
    """``{file name: bytes}`` of the GitHub workflows for a config repository of its own.

    They are golive's own workflows with one change: where those build golive from the
    checkout (or the merge base's), these install the golive that ``requirements.txt``
    pins, with no dependencies of its own (``requirements.lock`` brings them, hash-checked).
    The verdict still comes from the merge base's pin: a pull request that changes
    ``requirements.txt`` is judged by the golive its base pins. Raises RuntimeError if a
    shipped workflow installs golive some other way (a bug in this table).
    """
    out = {}
    for name in names("workflows", ".yml"):
        text = read(f"workflows/{name}").decode("utf-8")
        for own, pinned in _INSTALLS.items():
            text = text.replace(own, pinned)
        if "--no-build-isolation" in text:
            raise RuntimeError(f"workflows/{name} builds golive in a way golive init does not know")
        out[name] = text.encode("utf-8")
    return out


def plan_files(golive_requirement: str | None = None) -> dict[str, bytes]:
    """``{repo-relative path: bytes}`` of everything ``golive init`` writes."""
    requirement = (check_requirement(golive_requirement) if golive_requirement is not None
                   else default_requirement()[0])
    env = environment("yaml")
    context = {"version": VERSION}
    files: dict[str, bytes] = {f"{SCHEMAS_DIR}/{name}": read(f"{SCHEMAS_DIR}/{name}")
                               for name in schema_names()}
    files[SETTINGS_FILE] = read(SETTINGS_FILE)
    files[f"{TENANTS_DIR}/.gitkeep"] = b""
    files["requirements.txt"] = (
        "# The golive this repository is checked with; upgrade it in a pull request of its own.\n"
        f"{requirement.strip()}\n").encode()
    files["requirements.lock"] = read("requirements.lock")
    for name, data in workflows().items():
        files[f".github/workflows/{name}"] = data
    files[".pre-commit-config.yaml"] = env.get_template("init/pre-commit-config.yaml.j2").render(
        context).encode()
    files[".github/CODEOWNERS"] = env.get_template("init/CODEOWNERS.j2").render(context).encode()
    files["README.md"] = env.get_template("init/README.md.j2").render(context).encode()
    files[".gitignore"] = f"{STATE_DIR}/\n".encode()
    files[".vscode/settings.json"] = editor_settings().encode()
    files[".vscode/extensions.json"] = EDITOR_EXTENSIONS.encode()
    return files


def init_repo(dest: Path, golive_requirement: str | None = None) -> tuple[list[str], bool]:
    """Write a new config repository into ``dest``: ``(paths written, whether git init ran)``.

    Raises :class:`~golive.core.errors.UsageError`, writing nothing, when ``dest`` is
    a file, lies inside a git work tree without being its top (golive finds its config
    repository at the top of a work tree, and GitHub runs only the top's workflows), or
    already holds any of the paths (or a ``tenants/`` with tenants in it).
    """
    from golive.git.runner import run_bytes

    files = plan_files(golive_requirement)
    if dest.exists() and not dest.is_dir():
        raise UsageError(f"{dest} is not a directory")
    top = _work_tree_top(dest)
    if top is not None and top != dest.resolve():
        raise UsageError(f"{dest} is inside the git work tree {top}, and golive reads a config repository "
                         f"only at the top of one: run golive init {top}, or give a directory outside it "
                         "(nothing was written)")
    taken = sorted(p for p in files if (dest / p).exists() or (dest / p).is_symlink())
    if (dest / TENANTS_DIR).is_dir() and any((dest / TENANTS_DIR).iterdir()):
        taken.append(f"{TENANTS_DIR}/")
    if taken:
        raise UsageError(f"{dest} already holds {', '.join(taken)}; golive init writes only into a "
                         "directory without them (nothing was written)")
    try:
        dest.mkdir(parents=True, exist_ok=True)
        if top is None:
            run_bytes(dest, ["init", "--quiet"])
        for path, data in files.items():
            (dest / path).parent.mkdir(parents=True, exist_ok=True)
            (dest / path).write_bytes(data)
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename or dest}: {exc.strerror}") from None
    return list(files), top is None


def _work_tree_top(path: Path) -> Path | None:
    """The top of the git work tree holding ``path`` (which may not exist yet), or None."""
    here = path.resolve()
    return next((p for p in (here, *here.parents) if (p / ".git").exists()), None)


_REQUIREMENT = re.compile(
    r"golive(\[[A-Za-z0-9_,.-]*\])?\s*"
    r"((([=!<>~]=|[<>]|===)\s*[A-Za-z0-9_.*+!-]+\s*,?\s*)+|@\s*[A-Za-z][A-Za-z0-9+.-]*:\S+)")


def check_requirement(text: str) -> str:
    """``text`` if it is a pip requirement for golive (a version pin or a direct URL); else UsageError."""
    requirement = text.strip()
    if not _REQUIREMENT.fullmatch(requirement):
        raise UsageError(f"--golive {requirement!r} is not a requirement for golive: give a version "
                         "('golive==0.1.0') or a direct URL ('golive @ git+https://git.example/golive@v0.1.0')")
    return requirement


def default_requirement() -> tuple[str, bool]:
    """The requirement that pins the golive running now: ``(requirement, installable elsewhere)``.

    Installed from a repository (PEP 610's ``direct_url.json``), that commit of that
    repository; otherwise ``golive==<version>``, which only an index holding golive serves.
    """
    from importlib import metadata

    try:
        raw = metadata.distribution("golive").read_text("direct_url.json")
    except metadata.PackageNotFoundError:
        raw = None
    if raw:
        try:
            info = json.loads(raw)
            vcs = info.get("vcs_info") or {}
            # Any version control system PEP 610 records (git, hg, svn, bzr) is one pip reads back.
            if vcs.get("vcs") and vcs.get("commit_id") and not info["url"].startswith("file:"):
                return f"golive @ {vcs['vcs']}+{info['url']}@{vcs['commit_id']}", True
        except (ValueError, KeyError, TypeError, AttributeError):
            pass
    return f"golive=={VERSION}", False
