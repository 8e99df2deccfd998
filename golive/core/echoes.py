"""Where a secret already known appears again in a text: the same number written another way, the
same credential in another place.

A secret found once (by the screen, or by GL-SECRET with the help of its key) is looked
for again in the text around it, so that a password given in a URL's user information
is hidden in its ``application_name=`` too, and an account number under
``account_number:`` is hidden in a note that writes it ``4001-002-003`` or ``x4001002003``:

- a number (a kind with ``digits``) of six digits or more matches those digits with
  at most one ``-``, ``.`` or space between any two, touching letters but not a digit
  (``40010020039`` is another number);
- a credential of four characters or more matches as written; under eight
  characters only where it stands alone (not inside a longer word), since a short
  one is also a piece of ordinary words.

Text is read :func:`~golive.core.secret_kinds.fold`-ed, span for span.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from golive.core.secret_kinds import Found, Kind, fold

_SHORTEST_NUMBER = 6
_SHORTEST_TEXT = 4
_ALONE_BELOW = 8
_NOT_DIGITS = re.compile(r"\D")


def _written(value: str, kind: Kind) -> tuple[str, str] | None:
    """(how to look it up, the pattern that finds it) for one known secret, or None if too short."""
    if kind.digits:
        digits = _NOT_DIGITS.sub("", value)
        if len(digits) < _SHORTEST_NUMBER:
            return None
        return digits, "(?<!\\d)" + "[-. ]?".join(digits) + "(?!\\d)"
    if len(value) < _SHORTEST_TEXT or "*" in value:
        return None
    written = re.escape(value)
    return value, (f"(?<![^\\W_]){written}(?![^\\W_])" if len(value) < _ALONE_BELOW else written)


class Echoes:
    """Finds known secrets (value, kind) wherever they appear again (see the module docstring)."""

    def __init__(self, known: Iterable[tuple[str, Kind]]) -> None:
        self._digits: dict[str, Kind] = {}
        self._texts: dict[str, Kind] = {}
        patterns: dict[str, None] = {}
        for value, kind in known:
            written = _written(fold(value), kind)
            if written is not None:
                (self._digits if kind.digits else self._texts).setdefault(written[0], kind)
                patterns[written[1]] = None
        longest_first = sorted(patterns, key=len, reverse=True)
        self._pattern = re.compile("|".join(longest_first)) if patterns else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str) -> list[Found]:
        """Every place in ``text`` where a known secret appears, with its kind."""
        if self._pattern is None:
            return []
        found = []
        for m in self._pattern.finditer(fold(text)):
            kind = self._texts.get(m[0]) or self._digits.get(_NOT_DIGITS.sub("", m[0]))
            if kind is not None:
                found.append(Found(kind, m.start(), m.end()))
        return found


@functools.lru_cache(maxsize=1024)
def of(known: frozenset[tuple[str, Kind]]) -> Echoes:
    """:class:`Echoes` of ``known``, built once per set (the same secrets recur across a run's texts)."""
    return Echoes(known)
