"""This machine's key for the result cache: what makes a cache entry trustworthy.

The key is 32 random bytes in the user's cache directory, never in a repository:
``$XDG_CACHE_HOME/golive/key``, else ``~/.cache/golive/key`` (the XDG Base
Directory spec; a relative ``XDG_CACHE_HOME`` is ignored, as it says). It is made
on first use: written whole to a new file (``O_CREAT | O_EXCL``, mode 0600) and
hard-linked into place, so a run never reads half a key and two runs that start
together end up with the same one. A key that is not a regular file, that others may
read, that belongs to someone else, or that is not 32 bytes long is not used;
nor is one that cannot be made. Then golive runs without its cache: never an error.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import stat
from pathlib import Path

KEY_BYTES = 32


def key_path() -> Path | None:
    """Where this machine's cache key lives: ``$XDG_CACHE_HOME/golive/key`` or ``~/.cache/golive/key``.

    A relative ``XDG_CACHE_HOME`` is ignored, as the XDG Base Directory spec says;
    None when there is no home directory either.
    """
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return Path(base) / "golive" / "key"


def _read_key(path: Path) -> bytes | None:
    """The key in ``path``, or None when it is not a private regular file of ours holding 32 bytes.

    Raises FileNotFoundError when there is no key yet, OSError when it cannot be read.
    """
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(f.fileno())
        # A key that someone else can read, or that someone else owns, is no secret of ours.
        if not stat.S_ISREG(st.st_mode) or st.st_mode & 0o077:
            return None
        if hasattr(os, "getuid") and st.st_uid != os.getuid():
            return None
        data = f.read(KEY_BYTES + 1)
    return data if len(data) == KEY_BYTES else None


def machine_key() -> bytes | None:
    """This machine's cache key, made on first use (32 random bytes, mode 0600); None when unusable."""
    path = key_path()
    if path is None:
        return None
    try:
        return _read_key(path)
    except FileNotFoundError:
        pass
    except OSError:
        return None
    key = secrets.token_bytes(KEY_BYTES)
    # Written whole under a name of its own, then linked into place: a run never sees half
    # a key, and when two runs make one at once, the first link wins and both use it.
    draft = path.with_name(f".key.{os.getpid()}.{secrets.token_hex(4)}")
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(key)
            os.link(draft, path)
        finally:
            with contextlib.suppress(OSError):
                draft.unlink()
    except FileExistsError:   # another run made it a moment ago
        try:
            return _read_key(path)
        except OSError:
            return None
    except OSError:
        return None
    return key
