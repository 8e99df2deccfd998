"""``<repo>/.golive``: golive's state directory (the result cache, the embedded store).

Nothing in it belongs in git, so the directory carries its own ``.gitignore`` of
``*``: it never shows in ``git status``, and a rollback's clean-tree check is not
upset by a cache golive wrote itself. (Not to be confused with git's work tree, the
checked-out files of the config repo.)
"""

from __future__ import annotations

from pathlib import Path

from golive.core.layout import STATE_DIR


def state_dir(repo: Path) -> Path:
    """``<repo>/.golive``, made (and kept out of git) on first use."""
    path = repo / STATE_DIR
    path.mkdir(exist_ok=True)
    ignore_in_git(path)
    return path


def ignore_in_git(directory: Path) -> None:
    marker = directory / ".gitignore"
    if not marker.exists():
        marker.write_text("# golive's local working files (cache, embedded store)\n*\n", encoding="utf-8")
