"""``golive`` with an apply that pauses inside its transaction, for tests that kill it or race it there.

    python tests/apply_pause.py MARKER apply --repo ... --target URL ...

The target golive opens is wrapped: just before it asks for the target's lock it
creates ``MARKER.locking``; once everything is written but not committed it creates
``MARKER`` and waits until the file is removed (a minute at most). The fault is
injected here, from the outside: golive itself knows nothing of it.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from pathlib import Path
from typing import Any

import golive.apply
from golive.cli import main
from golive.targets import Batch, Session, StoreView, Target


def _mark(path: Path) -> None:
    path.write_text(str(os.getpid()), encoding="utf-8")


class _PausingSession:
    def __init__(self, session: Session, marker: Path) -> None:
        self._session, self._marker = session, marker

    def read(self) -> StoreView:
        return self._session.read()

    def write(self, batch: Batch) -> None:
        self._session.write(batch)
        _mark(self._marker)   # written, not committed: the test may kill the process now
        deadline = time.monotonic() + 60
        while self._marker.exists() and time.monotonic() < deadline:
            time.sleep(0.05)


class _PausingTarget:
    def __init__(self, target: Target, marker: Path) -> None:
        self._target, self._marker = target, marker
        self.display = target.display

    def __getattr__(self, name: str) -> Any:
        return getattr(self._target, name)

    def session(self) -> AbstractContextManager[Session]:
        _mark(Path(f"{self._marker}.locking"))   # about to ask for the lock
        return self._session()

    @contextmanager
    def _session(self) -> Iterator[Session]:
        with self._target.session() as session:
            yield _PausingSession(session, self._marker)


def run(marker: Path, argv: list[str]) -> int:
    real = golive.apply.open_target

    def open_target(url: str, writable: bool = True) -> Target:
        return _PausingTarget(real(url, writable), marker)

    golive.apply.open_target = open_target
    return main(argv)


if __name__ == "__main__":
    raise SystemExit(run(Path(sys.argv[1]), sys.argv[2:]))
