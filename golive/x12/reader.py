"""X12 files read and validated by pyx12, returned as plain data.

One call, :func:`read`, first scans the bytes (:mod:`golive.x12.layout`: encoding,
separators, where each segment starts, the envelopes) and then runs pyx12's
validator (``pyx12.x12n_document``) over the text against the implementation
guide its GS08 names (837P 005010X222A1, 277CA 005010X214, 835 005010X221A1, ...).
A callback of the validator records the segments golive reads (:data:`KEPT`) with
their number and the guide's loop that holds them; pyx12's error handler reports
every problem it finds with its message and segment number through the ``pyx12``
logger, where a handler collects them for the duration of the call (nothing
reaches the user's logging or the terminal). The log is used rather than pyx12's
JSON error output because that output leaves out element errors in the ISA and
GS envelope segments (an invalid ISA09 date, say).

Envelope control numbers and counts are checked by :mod:`golive.x12.envelope`
at the trailer concerned, so pyx12's own messages about them (which it gives at
the header) are left out.

A segment's ``line`` is pyx12's: its number in the file, counted from 1, which is
the file's line when it holds one segment per line.
:meth:`golive.x12.layout.Layout.where` names it either way.

Parsed files are cached by content, up to :data:`CACHE_BYTES` of input in all.

What golive reads out of an :class:`X12File` (the envelopes, the claims) is in
:mod:`golive.x12.claims`.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections import OrderedDict
from dataclasses import dataclass

from golive.x12 import _pyx12_maps, _pyx12_reuse, envelope
from golive.x12.layout import Layout, Note, scan

# A problem pyx12's error handler logs: "Line:12 SEG:3 - Mandatory segment ... missing".
_LOGGED = re.compile(r"(?:No current segment in error_handler\. )?Line:(\d+) (ISA|GS|ST|SEG|ELE):\S+ - (.*)",
                     re.S)
# pyx12's messages about trailer control numbers and counts, which envelope.problems gives itself.
_TRAILER = re.compile(r"(SE|GE|IEA) (count|id)\b")
_NO_MAP = re.compile(r"Map not found\.\s+icvn=([^,]*), fic=([^,]*), vriic=([^,]*)")
# The segments golive reads; the others are validated by pyx12 but not kept.
KEPT = frozenset({"ISA", "IEA", "GS", "GE", "ST", "SE", "BHT", "CLM", "TRN", "STC", "REF",
                  "DTM", "CLP", "CAS", "SVC", "BPR", "PLB", "SV1", "SBR", "AMT"})
CACHE_BYTES = 16 << 20
# pyx12 is stopped after this many problems: a file of a million bad segments would take minutes
# and gigabytes to list them all, and the first ones say what is wrong.
PROBLEMS_KEPT = 100
_NO_LAYOUT = Layout()


@dataclass(frozen=True, slots=True)
class Segment:
    """One segment: its number, id, the guide's loop holding it, and its elements' components."""

    line: int
    id: str
    loop: str                                 # "2300", "2200D", "ISA_LOOP", ...
    elements: tuple[tuple[str, ...], ...]     # elements 01.., each split into its components

    def get(self, element: int, component: int = 1) -> str:
        """The value at ``element`` (1-based) and ``component`` (1-based), or ""."""
        try:
            return self.elements[element - 1][component - 1]
        except IndexError:
            return ""


@dataclass(frozen=True)
class Issue:
    """A problem pyx12 found, with its own message, at a segment number."""

    line: int
    message: str


@dataclass(frozen=True)
class X12File:
    """What golive made of a file: its layout, kept segments, issues and notes, or why it could not read it.

    ``notes`` are the scan's and the envelope check's findings (a warning for a
    byte-order mark); ``issues`` are pyx12's implementation-guide problems.
    (A YAML file read with positions is :class:`golive.core.yaml_document.Document`.)
    """

    segments: tuple[Segment, ...] = ()
    issues: tuple[Issue, ...] = ()
    unreadable: str | None = None
    layout: Layout = _NO_LAYOUT
    notes: tuple[Note, ...] = ()
    stopped: int = 0  # the segment pyx12 was stopped at, past PROBLEMS_KEPT problems; 0: read to the end

    def first(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)

    def where(self, line: int) -> str:
        return self.layout.where(line)


class _Text:
    """``text`` as the read-only file pyx12 reads (io.StringIO would copy it, at 4 bytes a character)."""

    closed = False

    def __init__(self, text: str) -> None:
        self.text, self.at = text, 0

    def read(self, size: int = -1) -> str:
        end = len(self.text) if size < 0 else self.at + size
        chunk, self.at = self.text[self.at:end], min(end, len(self.text))
        return chunk

    def close(self) -> None:
        self.closed = True


class _Enough(Exception):
    """Raised through pyx12 by :class:`_Collect` at a problem past :data:`PROBLEMS_KEPT`."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []
        self.problems = 0

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        self.messages.append(message)
        issue = _issue(message)
        if issue is not None and not _TRAILER.match(issue.message):
            self.problems += 1
            if self.problems > PROBLEMS_KEPT:
                self.messages.pop()
                raise _Enough(issue.line)  # logging lets it through, and pyx12 does not catch it


def _issue(message: str) -> Issue | None:
    match = _LOGGED.fullmatch(message)
    if match is None:
        return None
    text = _unknown_segment(match[3])
    # The handler appends the bad value, "(X)", which the message mostly quotes already.
    tail = re.search(r" (\([^()]*\))$", text)
    if tail and tail[1] in text[: tail.start()]:
        text = text[: tail.start()]
    return Issue(int(match[1]), text)


_CACHE: OrderedDict[bytes, tuple[int, X12File]] = OrderedDict()


def read(data: bytes) -> X12File:
    """:func:`parse` ``data``, cached by content: the least recently used files leave first.

    The cache holds at most :data:`CACHE_BYTES` of input in all; a larger file is not kept.
    """
    key = hashlib.sha256(data).digest()
    hit = _CACHE.get(key)
    if hit is not None:
        _CACHE.move_to_end(key)
        return hit[1]
    doc = parse(data)
    if len(data) <= CACHE_BYTES:
        _CACHE[key] = (len(data), doc)
        while sum(size for size, _ in _CACHE.values()) > CACHE_BYTES:
            _CACHE.popitem(last=False)
    return doc


def parse(data: bytes) -> X12File:
    """Scan ``data`` and validate it with pyx12: its layout, kept segments, issues and notes."""
    layout = scan(data)
    if layout.unreadable is not None:
        return X12File(unreadable=layout.unreadable, layout=layout)
    text = layout.text
    notes = layout.notes + tuple(envelope.problems(layout))
    segments: list[Segment] = []
    failed: list[Exception] = []

    def record(seg: object, src: object, node: object, valid: object) -> None:
        try:
            if seg.get_seg_id() not in KEPT:  # type: ignore[attr-defined]
                return
            segments.append(Segment(
                src.get_cur_line(),  # type: ignore[attr-defined]
                seg.get_seg_id() or "",  # type: ignore[attr-defined]
                str(getattr(getattr(node, "parent", None), "id", "") or ""),
                tuple(tuple(e.get_value() for e in c.elements) for c in seg.elements)))  # type: ignore[attr-defined]
        except Exception as exc:  # pyx12 would log and drop it: keep it, to raise below
            failed.append(exc)

    logger = logging.getLogger("pyx12")
    collect = _Collect()
    saved = logger.level, logger.propagate
    logger.addHandler(collect)
    logger.setLevel(logging.ERROR)
    logger.propagate = False
    stopped = 0
    try:
        import pyx12.params  # type: ignore[import-untyped]
        import pyx12.x12n_document  # type: ignore[import-untyped]

        _pyx12_maps.share()
        _pyx12_reuse.install()
        # ParamsBase reads no configuration file: the result depends on the bytes alone.
        pyx12.x12n_document.x12n_document(pyx12.params.ParamsBase(), _Text(text), None, None,
                                          callback=record)
    except _Enough as enough:
        stopped = enough.line
    except Exception as exc:  # pyx12 raising on odd input is a finding about the file, not a crash
        return X12File(tuple(segments), unreadable=_why(text, exc), layout=layout, notes=notes)
    finally:
        logger.removeHandler(collect)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
    if failed:
        raise failed[0]  # golive's own bug: an internal error, not a finding about the file
    if not segments:
        return X12File(unreadable=_why(text, None), layout=layout, notes=notes)
    issues = (_issue(m) for m in collect.messages)
    kept = tuple(i for i in issues if i is not None and not _TRAILER.match(i.message))
    return X12File(tuple(segments), kept, layout=layout, notes=notes, stopped=stopped)


def _why(text: str, exc: Exception | None) -> str:
    """Why pyx12 could not read ``text``: its error's message, or its reader's."""
    import pyx12.errors  # type: ignore[import-untyped]
    import pyx12.x12file  # type: ignore[import-untyped]

    if exc is None:
        try:
            pyx12.x12file.X12Reader(_Text(text)).close()
        except pyx12.errors.X12Error as reader_error:
            exc = reader_error
        else:
            return "pyx12 found no segments in it"
    message = str(exc).strip()
    no_map = _NO_MAP.search(message)
    if no_map and not no_map[3].startswith(no_map[1][:5] + "0"):
        return _versions_differ(no_map[1], no_map[3])
    if no_map:
        return (f"GS08 is {no_map[3]!r} (functional identifier GS01 {no_map[2]}), a version pyx12 has "
                "no implementation guide for; HIPAA 5010 sends an 837P under 005010X222A1, an 837I "
                "under 005010X223A2, a 277CA under 005010X214 and an 835 under 005010X221A1")
    if isinstance(exc, pyx12.errors.X12Error | pyx12.errors.EngineError) and message:
        return message
    return f"pyx12 failed on it ({type(exc).__name__}: {message})" if message else \
        f"pyx12 failed on it ({type(exc).__name__})"


def _versions_differ(isa12: str, gs08: str) -> str:
    """ISA12 and GS08 of different X12 versions (pyx12 finds no guide for the pair)."""
    return (f"GS08 is {gs08!r}, a guide of version {gs08[:6]!r}, but ISA12 says the interchange is "
            f"version {isa12!r}: a group is of its interchange's version. HIPAA requires 5010 "
            "(ISA12 00501): an 837P under GS08 005010X222A1, an 837I under 005010X223A2, a 277CA "
            "under 005010X214 and an 835 under 005010X221A1")


_NOT_FOUND = re.compile(r"Segment ([^*]*)(?:\*.*)? not found\.\s+Started at \S+", re.S)
_SEGMENT_ID = re.compile(r"[A-Z][A-Z0-9]{1,2}")


def _unknown_segment(message: str) -> str:
    """pyx12's "Segment Z*None not found. Started at /ISA_LOOP/..." for an id X12 has no segment of."""
    match = _NOT_FOUND.fullmatch(message)
    if match is None or _SEGMENT_ID.fullmatch(match[1]):
        return message
    return (f"unknown segment {match[1]!r}: an X12 segment id is 2 or 3 capital letters and "
            "digits (NM1, HL, ...); remove it")
