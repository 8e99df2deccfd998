"""X12 files read and validated by pyx12, returned as plain data.

One call, :func:`read`, runs pyx12's validator (``pyx12.x12n_document``) over a
file's bytes against the implementation guide its GS08 names (837P 005010X222A1,
277CA 005010X214, 835 005010X221A1, ...). A callback of the validator records
every segment with its line and the guide's loop that holds it; pyx12's error
handler reports every problem it finds with its message and segment line
through the ``pyx12`` logger, where a handler collects them for the duration of
the call (nothing reaches the user's logging or the terminal). The log is used
rather than pyx12's JSON error output because that output leaves out element
errors in the ISA and GS envelope segments (an invalid ISA09 date, say).

A "line" is pyx12's: the segment's position in the file, counted from 1, which
is the file's line when it holds one segment per line, as the smoke-run
evidence does.

The small functions below read what golive checks out of a :class:`Document`:
the interchange envelope, and per transaction the claims with their ids,
statuses and adjustment reasons.
"""

from __future__ import annotations

import functools
import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

# A problem pyx12's error handler logs: "Line:12 SEG:3 - Mandatory segment ... missing".
_LOGGED = re.compile(r"(?:No current segment in error_handler\. )?Line:(\d+) (ISA|GS|ST|SEG|ELE):\S+ - (.*)",
                     re.S)


@dataclass(frozen=True)
class Segment:
    """One segment: its line, id, the guide's loop holding it, and its elements' components."""

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
    """A problem pyx12 found, with its own message, at a segment line."""

    line: int
    message: str


@dataclass(frozen=True)
class Document:
    """What pyx12 made of a file: its segments and issues, or why it could not read it."""

    segments: tuple[Segment, ...] = ()
    issues: tuple[Issue, ...] = ()
    unreadable: str | None = None

    def at(self, line: int) -> Segment | None:
        return next((s for s in self.segments if s.line == line), None)

    def first(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)


@dataclass(frozen=True)
class Interchange:
    """The ISA envelope: sender (ISA05/06), receiver (ISA07/08), usage (ISA15)."""

    line: int
    sender: tuple[str, str]
    receiver: tuple[str, str]
    usage_indicator: str


@dataclass(frozen=True)
class Status:
    """A claim status composite of a 277CA STC segment: category (A1...) and status code."""

    line: int
    category: str
    code: str


@dataclass(frozen=True)
class Claim:
    """A claim found in a transaction, at the line of the segment naming it.

    ``segment`` is CLM (837), TRN (277CA, the claim-level TRN02) or CLP (835).
    ``statuses`` are the 277CA's STC01/10/11 composites for it; ``status`` is the
    835's CLP02; ``adjustments`` are the 835's CAS group and reason codes (``CO-50``).
    """

    id: str
    line: int
    segment: str
    status: str = ""
    statuses: tuple[Status, ...] = ()
    adjustments: tuple[str, ...] = ()


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _issue(message: str) -> Issue | None:
    match = _LOGGED.fullmatch(message)
    if match is None:
        return None
    text = match[3]
    # The handler appends the bad value, "(X)", which the message mostly quotes already.
    tail = re.search(r" (\([^()]*\))$", text)
    if tail and tail[1] in text[: tail.start()]:
        text = text[: tail.start()]
    return Issue(int(match[1]), text)


_FRESH_LOAD: Any = None   # pyx12's own map loader, once _share_maps has wrapped it


def _share_maps() -> None:
    """Load each pyx12 map (an implementation guide as XML) once per process, not once per file.

    pyx12 parses the XML map on every document, which is nearly all of its time
    (about 0.1 s for the 837P map). The loaded map is only read while a document is
    walked (the walker keeps its own counts), so one copy serves every file; a test
    checks that shared maps give the same result as fresh ones.
    """
    global _FRESH_LOAD
    if _FRESH_LOAD is not None:
        return
    import pyx12.map_if  # type: ignore[import-untyped]

    fresh = _FRESH_LOAD = pyx12.map_if.load_map_file
    loaded: dict[tuple[str, str | None], Any] = {}

    def shared(map_file: str, param: Any, map_path: str | None = None) -> Any:
        key = (map_file, map_path)
        if key not in loaded:
            loaded[key] = fresh(map_file, param, map_path)
        return loaded[key]

    pyx12.map_if.load_map_file = shared


@functools.lru_cache(maxsize=64)
def read(data: bytes) -> Document:
    """Validate ``data`` with pyx12 and return its segments and issues (cached by content)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Document(unreadable=f"byte {exc.start + 1} is not text (0x{data[exc.start]:02x})")
    segments: list[Segment] = []
    failed: list[Exception] = []

    def record(seg: object, src: object, node: object, valid: object) -> None:
        try:
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
    try:
        import pyx12.params  # type: ignore[import-untyped]
        import pyx12.x12n_document  # type: ignore[import-untyped]

        _share_maps()
        # ParamsBase reads no configuration file: the result depends on the bytes alone.
        pyx12.x12n_document.x12n_document(pyx12.params.ParamsBase(), io.StringIO(text), None, None,
                                          callback=record)
    except Exception as exc:  # pyx12 raising on odd input is a finding about the file, not a crash
        return Document(tuple(segments), unreadable=_why(text, exc))
    finally:
        logger.removeHandler(collect)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
    if failed:
        raise failed[0]  # golive's own bug: an internal error, not a finding about the file
    if not segments:
        return Document(unreadable=_why(text, None))
    issues = (_issue(m) for m in collect.messages)
    return Document(tuple(segments), tuple(i for i in issues if i is not None))


def _why(text: str, exc: Exception | None) -> str:
    """Why pyx12 could not read ``text``: its error's message, or its reader's."""
    import pyx12.errors  # type: ignore[import-untyped]
    import pyx12.x12file  # type: ignore[import-untyped]

    if exc is None:
        try:
            pyx12.x12file.X12Reader(io.StringIO(text)).close()
        except pyx12.errors.X12Error as reader_error:
            exc = reader_error
        else:
            return "pyx12 found no segments in it"
    message = str(exc).strip()
    if isinstance(exc, pyx12.errors.X12Error | pyx12.errors.EngineError) and message:
        return message
    return f"pyx12 failed on it ({type(exc).__name__}: {message})" if message else \
        f"pyx12 failed on it ({type(exc).__name__})"


def interchange(doc: Document) -> Interchange | None:
    """The first ISA envelope, its ids stripped of their padding."""
    isa = doc.first("ISA")
    if isa is None:
        return None
    return Interchange(isa.line, (isa.get(5).strip(), isa.get(6).strip()),
                       (isa.get(7).strip(), isa.get(8).strip()), isa.get(15).strip())


def transaction(doc: Document) -> tuple[str, str, int] | None:
    """The first transaction set: ST01, the guide (GS08, or ST03) and the ST line."""
    st, gs = doc.first("ST"), doc.first("GS")
    if st is None:
        return None
    return st.get(1), (gs.get(8) if gs is not None else "") or st.get(3), st.line


def claims_837(doc: Document) -> tuple[Claim, ...]:
    """The claims of an 837: CLM01, the patient control number, of each CLM."""
    return tuple(Claim(s.get(1), s.line, s.id) for s in doc.segments if s.id == "CLM")


def _runs(doc: Document, starts: str, loops: frozenset[str]) -> Iterator[tuple[Segment, list[Segment]]]:
    """Each segment ``starts`` with the segments after it that stay in ``loops``."""
    current: tuple[Segment, list[Segment]] | None = None
    for seg in doc.segments:
        if seg.id == starts or seg.loop not in loops:
            if current is not None:
                yield current
            current = (seg, []) if seg.id == starts and seg.loop in loops else None
        elif current is not None:
            current[1].append(seg)
    if current is not None:
        yield current


def claims_277ca(doc: Document) -> tuple[Claim, ...]:
    """The claims of a 277CA: each claim-level TRN02 (loop 2200D) and the STC statuses after it."""
    out = []
    for trn, after in _runs(doc, "TRN", frozenset({"2200D"})):
        statuses = tuple(
            Status(s.line, s.get(n, 1), s.get(n, 2))
            for s in after if s.id == "STC" for n in (1, 10, 11) if s.get(n, 1))
        out.append(Claim(trn.get(2), trn.line, trn.id, statuses=statuses))
    return tuple(out)


def claims_835(doc: Document) -> tuple[Claim, ...]:
    """The claims of an 835: CLP01, CLP02 and the CAS adjustments of the claim and its lines."""
    out = []
    for clp, after in _runs(doc, "CLP", frozenset({"2100", "2110"})):
        reasons = tuple(
            f"{s.get(1)}-{s.get(n)}"
            for s in after if s.id == "CAS" for n in range(2, 20, 3) if s.get(n))
        out.append(Claim(clp.get(1), clp.line, clp.id, status=clp.get(2),
                         adjustments=tuple(dict.fromkeys(reasons))))
    return tuple(out)
