"""How an X12 file is laid out, read from its bytes before pyx12 sees them.

An interchange (ASC X12 005010, interchange control structure) begins with the
fixed-width ISA segment: 106 characters, its fourth the element separator, ISA11
the repetition separator, ISA16 the component separator, and the character after
ISA16 the segment terminator. :func:`scan` reads those, splits the file into
segments, and says in words what would make a trading partner's translator
reject or misread it: an empty, UTF-16 or non-text file, an ISA field of the wrong
width, a byte-order mark (tolerated, with a warning), a last segment without its
terminator, text after the last segment, and a repetition separator that also
occurs in the data.

Positions are segment numbers, counted from 1 as pyx12 counts them.
:meth:`Layout.where` names one as the file's line when the file holds one segment
per line, else as "segment N" with the byte offset where it starts.
"""

from __future__ import annotations

import sys
from array import array
from dataclasses import dataclass, field

BOM = b"\xef\xbb\xbf"
ISA_LENGTH = 106
# ISA01..ISA15 and their fixed widths; ISA16 is one character, then the terminator.
ISA_FIELDS = (
    ("ISA01", "authorization information qualifier", 2), ("ISA02", "authorization information", 10),
    ("ISA03", "security information qualifier", 2), ("ISA04", "security information", 10),
    ("ISA05", "interchange sender id qualifier", 2), ("ISA06", "interchange sender id", 15),
    ("ISA07", "interchange receiver id qualifier", 2), ("ISA08", "interchange receiver id", 15),
    ("ISA09", "interchange date", 6), ("ISA10", "interchange time", 4),
    ("ISA11", "repetition separator", 1), ("ISA12", "interchange control version number", 5),
    ("ISA13", "interchange control number", 9), ("ISA14", "acknowledgment requested", 1),
    ("ISA15", "usage indicator", 1),
)
ENVELOPE = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE"})


@dataclass(frozen=True)
class Note:
    """Something the scan found: at a segment (1-based; 0 for the whole file), a warning or an error."""

    segment: int
    message: str
    warning: bool = False


@dataclass(frozen=True)
class Layout:
    """A file's separators and segments, as the scan read them.

    ``text`` is what pyx12 is given: the byte-order mark left out, the last segment
    terminated, text after it dropped. ``starts`` holds each segment's offset in
    ``text`` (characters, 8 bytes each) and ``ids`` its segment id (interned); ``envelope`` the elements of
    every ISA, GS, ST, SE, GE and IEA by segment number. ``unreadable`` says why the
    file is no X12 at all (then nothing else is filled in).
    """

    text: str = ""
    element: str = "*"
    component: str = ":"
    repetition: str = "^"
    terminator: str = "~"
    starts: array[int] = field(default_factory=lambda: array("q"))
    ids: tuple[str, ...] = ()
    envelope: tuple[tuple[int, tuple[str, ...]], ...] = ()
    one_per_line: bool = True
    bom: bool = False
    notes: tuple[Note, ...] = ()
    unreadable: str | None = None

    def segment_id(self, number: int) -> str:
        return self.ids[number - 1] if 0 < number <= len(self.ids) else ""

    def where(self, number: int) -> str:
        """``line 25 (DTP)``, or ``segment 25 (DTP, byte 1042)`` when the file is not one segment a line."""
        seg = self.segment_id(number)
        if self.one_per_line or not 0 < number <= len(self.starts):
            return f"line {number}" + (f" ({seg})" if seg else "")
        return f"segment {number} ({seg}, byte {_byte(self.text, self.starts[number - 1], self.bom)})"


def scan(data: bytes) -> Layout:
    """Read the layout of ``data``; never raises for bad input (it becomes ``unreadable`` or a note)."""
    why = _not_text(data)
    if why:
        return Layout(unreadable=why)
    bom = data.startswith(BOM)
    raw = data[len(BOM):] if bom else data
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        at = exc.start + (len(BOM) if bom else 0)
        return Layout(unreadable=f"byte {at + 1} is not text (0x{data[at]:02x}); X12 is ASCII text")
    if not text.startswith("ISA"):
        shown = text.strip()[:24]
        return Layout(unreadable="it does not begin with an ISA segment (it begins with "
                      f"{shown!r}){'; remove what comes before the ISA' if 'ISA' in text else ''}")
    why = _isa_widths(text)
    if why:
        return Layout(unreadable=why)
    element, terminator = text[3], text[ISA_LENGTH - 1]
    if terminator.isalnum() or terminator == element:
        return Layout(unreadable=f"the character after ISA16 is {terminator!r}, which cannot be the "
                      "segment terminator (it is a letter, a digit or the element separator)")
    why = _same_separators(text)
    if why:
        return Layout(unreadable=why)
    return _segments(text, element, text[82], text[ISA_LENGTH - 2], terminator, bom)


def _not_text(data: bytes) -> str | None:
    if not data.strip():
        return "the file is empty" if not data else "the file holds only whitespace"
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4]:
        return ("it is UTF-16 text; X12 is exchanged as ASCII (one byte a character): save it as "
                "ASCII or UTF-8")
    return None


def _isa_widths(text: str) -> str | None:
    """Why the ISA is not the fixed-width segment X12 demands, or None."""
    element = text[3]
    fields = text[: ISA_LENGTH + 40].split(element, 16)
    if len(fields) < 17:
        return (f"the ISA has {len(fields) - 1} elements, not 16 (separated by {element!r}, "
                "its fourth character)")
    for (code, name, width), value in zip(ISA_FIELDS, fields[1:16], strict=True):
        if len(value) != width:
            length = sum(len(f) + 1 for f in fields[:16]) + 2
            pad = " (pad an id with spaces)" if code in ("ISA02", "ISA04", "ISA06", "ISA08") else ""
            return (f"{code} ({name}) is {len(value)} characters ({value!r}); the ISA is fixed-width "
                    f"and {code} is always {width}{pad}, so the ISA with its "
                    f"terminator is {length} characters instead of {ISA_LENGTH}")
    return None


def _same_separators(text: str) -> str | None:
    """Why two of the ISA's delimiters are one character, or None.

    X12 005010 has four delimiters, which must differ from each other: the
    element separator (the ISA's fourth character), the repetition separator
    (ISA11), the component separator (ISA16) and the segment terminator (the
    character after ISA16). Before 005010, ISA11 is no separator (it is ``U``).
    """
    delimiters = [("the element separator (the ISA's fourth character)", text[3]),
                  ("ISA11 (repetition separator)", text[82]),
                  ("ISA16 (component separator)", text[ISA_LENGTH - 2]),
                  ("the segment terminator (the character after ISA16)", text[ISA_LENGTH - 1])]
    four = text[84:89] >= "00501"
    if not four:
        del delimiters[1]
    for i, (name, char) in enumerate(delimiters):
        for other, same in delimiters[:i]:
            if char == same:
                return (f"{other} and {name} are both {char!r}: X12 tells the delimiters apart by "
                        f"their characters, so the element separator, "
                        f"{'repetition separator, ' if four else ''}component separator and segment "
                        f"terminator must differ (commonly {'*^:~' if four else '*:~'!r}, in that order)")
    return None


def _segments(text: str, element: str, repetition: str, component: str, terminator: str,
              bom: bool) -> Layout:
    starts: array[int] = array("q")
    ids: list[str] = []
    envelope: list[tuple[int, tuple[str, ...]]] = []
    notes: list[Note] = []
    one_per_line, at, end = True, 0, len(text)
    while at < end:
        stop = text.find(terminator, at)
        piece = text[at: end if stop < 0 else stop]
        body = piece.lstrip("\r\n")
        begin = at + len(piece) - len(body)
        if stop < 0:
            if body.strip():
                number = len(ids) + 1
                if body.startswith("IEA" + element):
                    notes.append(Note(number, f"the IEA ends the file without the segment terminator "
                                      f"{terminator!r}; end it with {terminator!r}"))
                    one_per_line = one_per_line and piece.count("\n") == 1
                    text = text[:begin] + body.rstrip() + terminator
                    starts.append(begin)
                    ids.append("IEA")
                    envelope.append((number, tuple(body.rstrip().split(element))))
                else:
                    notes.append(Note(0, f"text after the last segment terminator, at byte "
                                      f"{_byte(text, begin, bom)}: {body.strip()[:30]!r} is no "
                                      "segment; remove it"))
                    text = text[:begin]
            break
        if not body:
            notes.append(Note(0, f"an empty segment at byte {_byte(text, begin, bom)} (two "
                              f"terminators {terminator!r} in a row): pyx12 and many translators "
                              "stop reading there; remove it"))
            text = text[:begin]
            break
        if (starts and piece.count("\n") != 1) or (not starts and "\n" in piece):
            one_per_line = False
        seg_id = sys.intern(body.split(element, 1)[0])
        starts.append(begin)
        ids.append(seg_id)
        if seg_id in ENVELOPE:
            envelope.append((len(ids), tuple(body.split(element))))
        at = stop + 1
    notes.extend(_repetition(text, element, repetition, terminator, starts, ids, envelope))
    if bom:
        notes.insert(0, Note(0, "the file begins with a UTF-8 byte-order mark (bytes EF BB BF, "
                             "invisible in most editors); golive reads past it, but a trading "
                             "partner's translator may reject the interchange: save it without "
                             "the mark", warning=True))
    return Layout(text, element, component, repetition, terminator, starts, tuple(ids),
                  tuple(envelope), one_per_line, bom, tuple(notes))


def _byte(text: str, offset: int, bom: bool) -> int:
    """The 1-based byte position in the file of character ``offset`` of ``text``."""
    return len(text[:offset].encode()) + (len(BOM) if bom else 0) + 1


def _repetition(text: str, element: str, repetition: str, terminator: str, starts: array[int],
                ids: list[str], envelope: list[tuple[int, tuple[str, ...]]]) -> list[Note]:
    """A repetition separator (ISA11, 005010) that is a letter or digit the data also holds."""
    isa = envelope[0][1] if envelope else ()
    if len(isa) < 13 or isa[12] < "00501" or not repetition.isalnum():
        return []
    for number, start in enumerate(starts[1:], 2):
        if ids[number - 1] == "ISA":
            continue
        body = text[start: text.find(terminator, start)]
        if repetition in body.split(element, 1)[-1]:
            return [Note(number, f"ISA11, the repetition separator, is {repetition!r}, a character "
                         f"the data also holds (here: {body[:40]!r}): a trading "
                         f"partner splits that element at every {repetition!r}. Use a separator "
                         "that never occurs in the data (commonly '^')")]
    return []
