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

What golive reads out of an :class:`X12File` (the ISA header, the transaction
set, the claims) is in :mod:`golive.x12.claims`.
"""

from __future__ import annotations

import functools
import io
import logging
import re
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
class X12File:
    """What pyx12 made of a file: its segments and issues, or why it could not read it.

    (A YAML file read with positions is :class:`golive.core.yaml_document.Document`.)
    """

    segments: tuple[Segment, ...] = ()
    issues: tuple[Issue, ...] = ()
    unreadable: str | None = None

    def at(self, line: int) -> Segment | None:
        return next((s for s in self.segments if s.line == line), None)

    def first(self, segment_id: str) -> Segment | None:
        return next((s for s in self.segments if s.id == segment_id), None)


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
def read(data: bytes) -> X12File:
    """Validate ``data`` with pyx12 and return its segments and issues (cached by content)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return X12File(unreadable=f"byte {exc.start + 1} is not text (0x{data[exc.start]:02x})")
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
        return X12File(tuple(segments), unreadable=_why(text, exc))
    finally:
        logger.removeHandler(collect)
        logger.setLevel(saved[0])
        logger.propagate = saved[1]
    if failed:
        raise failed[0]  # golive's own bug: an internal error, not a finding about the file
    if not segments:
        return X12File(unreadable=_why(text, None))
    issues = (_issue(m) for m in collect.messages)
    return X12File(tuple(segments), tuple(i for i in issues if i is not None))


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
