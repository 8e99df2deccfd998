"""Secrets an X12 segment holds by its qualifiers (ASC X12 005010), not by their shape.

Evidence quotes X12 interchanges, whose segments say in a qualifier what an element
holds; the value itself is nine bare digits or a short word, which free-text rules
rightly leave alone:

- ``NM1``: ``NM108`` ``34`` (Social Security Number) makes ``NM109`` an SSN
  (``NM1*IL*1*DOE*JOHN****34*431720815~``);
- ``REF``: ``REF01`` ``SY`` (Social Security Number) makes ``REF02`` one;
- ``ISA``: ``ISA01`` other than ``00`` makes ``ISA02`` (authorization information) a
  credential, and ``ISA03`` ``01`` (password) makes ``ISA04`` (security information) one.

A segment starts with its tag, the element separator (any mark after the tag) and a first
element of two or three capitals or digits, and ends at ``~``, a line break, or
:data:`_LONGEST` characters on: so each occurrence of a tag is read in bounded time and a
text in time linear in its length.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from golive.core.secret_kinds import PASSWORD, SSN, Found

_LONGEST = 320   # longer than any ISA (106), NM1 or REF segment
# The tag, the separator and a first element of two or three capitals or digits (NM101 'IL',
# REF01 'SY', ISA01 '00'), so that prose naming a segment ("(ISA)", "REF: ...") is no segment.
_SEGMENT = re.compile(r"(?<![A-Za-z0-9])(NM1|REF|ISA)([^\w\s])(?=[A-Z0-9]{2,3}\2)")
_END = re.compile(r"[~\r\n]")
SCREEN = r"(?:nm1|ref|isa)[^\w\s]"   # lower-cased, as secrets_screen.SCREEN reads


_READ = 10   # the tag and NM101 ... NM109: no rule reads further


def _elements(text: str, start: int, end: int, separator: str) -> Iterator[tuple[int, int]]:
    """(start, end) of the first :data:`_READ` elements of the segment ``text[start:end]``, the tag first."""
    at, count = start, 0
    while at <= end and count < _READ:
        count += 1
        stop = text.find(separator, at, end)
        stop = end if stop < 0 else stop
        yield at, stop
        at = stop + 1


def found(text: str) -> Iterator[Found]:
    """Every SSN and credential that a segment's qualifiers name (see the module docstring)."""
    for m in _SEGMENT.finditer(text):
        stop = _END.search(text, m.end(), m.end() + _LONGEST)
        end = stop.start() if stop else min(len(text), m.end() + _LONGEST)
        spans = list(_elements(text, m.start(), end, m[2]))
        values = [text[a:b].strip() for a, b in spans] + [""] * (_READ - len(spans))
        if m[1] == "NM1" and values[8] == "34" and values[9]:
            yield Found(SSN, *spans[9])
        elif m[1] == "REF" and values[1] == "SY" and values[2]:
            yield Found(SSN, *spans[2])
        elif m[1] == "ISA":
            if values[1] not in ("", "00") and values[2]:
                yield Found(PASSWORD, *spans[2])
            if values[3] not in ("", "00") and values[4]:
                yield Found(PASSWORD, *spans[4])
