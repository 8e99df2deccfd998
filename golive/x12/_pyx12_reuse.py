"""Less work per segment for pyx12's validator, with pyx12 still the judge of every verdict.

Installed once per process by :func:`install` (from :func:`golive.x12.reader.parse`,
next to the shared maps). Each piece gives pyx12 the same answers it would
compute itself, only sooner:

- **A segment's verdict is remembered.** ``segment_if.is_valid_errors(segment)``
  (pyx12's per-segment check of its elements, composites and syntax rules against
  one node of the implementation guide) is a pure function of that node and the
  segment's parsed values: it reads nothing else and touches no error handler.
  Its answer is kept, keyed by the node itself and the segment's id, separators
  and every element's components, so a segment met again under the same node of
  the same map (the payer's ``NM1``, ``SBR*P*18*******MB``, ``DTP*472*D8*...``
  in every tenant's files) is not checked twice; a segment that differs in any
  character is checked afresh. At most :data:`REMEMBERED` verdicts are kept
  (about 30 MB); then the memory starts over.
- **The walker counts by path text.** pyx12's walker counts each loop and
  segment in a dictionary keyed by path objects, whose hash formats the path
  each time, and leaving a loop formats every counted path to find those under
  it (a fifth of pyx12's time). :class:`_Counter` keeps the same counts keyed by
  the path's text, in the same order, and splits each text once.
- **Clean values skip the control-character check.** pyx12 looks for each of
  its 23 control characters in every element value, one at a time, building its
  table of them on every call. A value with none of them (one search, the set
  taken from pyx12's own function when installed) gets pyx12's "none" at once;
  a value with one goes to pyx12's own function, for its message.
- **An HL's parent is found by bisection.** pyx12 checks each HL02 with ``in`` on
  its stack of open HLs (:class:`_HLStack`).
- **A segment node's n-th element is found once.** pyx12 finds the node of a
  segment's n-th element by scanning the node's children on every lookup;
  :func:`_child` keeps what it found for each node and position.

And :func:`bundled_xml`, around the first load of each map (once per process):
pyx12 reads its implementation guides, data elements and code lists (XML files
inside its package) with defusedxml's pure-Python parser, about 0.3 s a process
for the four maps a smoke run needs; the same files read by the standard
library's C parser give the same element trees in a third of the time. A map
from a directory given as ``map_path`` (golive gives none) is still read with
defusedxml.

:func:`plain` runs pyx12 as published (for the test that compares the two).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

REMEMBERED = 20_000   # verdicts, about 1.4 KB each: some 30 MB at most
_FRESH: dict[str, Any] = {}    # what install() replaced: pyx12's own functions and classes
_VERDICTS: dict[tuple[Any, ...], tuple[Any, bool, tuple[Any, ...]]] = {}
_PARTS: dict[str, tuple[str, ...]] = {}   # a path's text, split at "/"
_TEXTS: dict[str, str] = {}               # a path as given, as pyx12 formats it
_CHILDREN: dict[tuple[int, int], tuple[Any, Any]] = {}   # (node, position) -> (node, its child)
_CONTROL: list[Callable[[str], object]] = []   # finds a character pyx12 calls a control character


def install() -> None:
    """Put the pieces above in place (once; a second call does nothing)."""
    if _FRESH:
        return
    import pyx12.map_if  # type: ignore[import-untyped]
    import pyx12.map_walker  # type: ignore[import-untyped]
    import pyx12.validation  # type: ignore[import-untyped]

    fresh_control = pyx12.validation.contains_control_character
    control = "".join(chr(c) for c in range(0x100) if fresh_control(chr(c))[0])
    _CONTROL.append(re.compile(f"[{re.escape(control)}]").search)
    _FRESH.update(is_valid_errors=pyx12.map_if.segment_if.is_valid_errors,
                  NodeCounter=pyx12.map_walker.NodeCounter, control=fresh_control,
                  child=pyx12.map_if.segment_if.get_child_node_by_idx)
    _use(_remembered_verdict, _counter_class(), _control, _child)
    _index_hl_parents()


def _use(verdict: Any, counter: Any, control: Any, child: Any) -> None:
    import pyx12.map_if
    import pyx12.map_walker
    import pyx12.validation

    pyx12.map_if.segment_if.is_valid_errors = verdict
    pyx12.map_walker.NodeCounter = counter
    pyx12.validation.contains_control_character = control
    pyx12.map_if.segment_if.get_child_node_by_idx = child


@contextmanager
def plain() -> Iterator[None]:
    """Run pyx12 as published inside the block (the pieces above are put back after it)."""
    install()
    _use(_FRESH["is_valid_errors"], _FRESH["NodeCounter"], _FRESH["control"], _FRESH["child"])
    try:
        yield
    finally:
        _use(_remembered_verdict, _counter_class(), _control, _child)


@contextmanager
def bundled_xml(map_path: str | None) -> Iterator[None]:
    """Inside the block, pyx12 parses the XML files of its own package with the C parser."""
    import xml.etree.ElementTree as stdlib_xml

    import pyx12.codes  # type: ignore[import-untyped]
    import pyx12.dataele  # type: ignore[import-untyped]
    import pyx12.map_if._loader  # type: ignore[import-untyped]

    modules = (pyx12.map_if._loader, pyx12.dataele, pyx12.codes)
    saved = [m.et for m in modules]
    if map_path is None:
        for m in modules:
            m.et = stdlib_xml
    try:
        yield
    finally:
        for m, et in zip(modules, saved, strict=True):
            m.et = et


def _key(node: Any, seg: Any) -> tuple[Any, ...]:
    """Everything ``is_valid_errors`` reads of a segment: its id, separators and values."""
    return (id(node), seg.seg_id, seg.seg_term, seg.ele_term, seg.subele_term, seg.repetition_term,
            tuple((c.subele_term, tuple(e.value for e in c.elements)) for c in seg.elements))


def _remembered_verdict(node: Any, seg: Any) -> tuple[bool, list[Any]]:
    key = _key(node, seg)
    known = _VERDICTS.get(key)
    if known is not None and known[0] is node:   # the node itself, not a later one at its address
        return known[1], list(known[2])
    ok, errors = _FRESH["is_valid_errors"](node, seg)
    if len(_VERDICTS) >= REMEMBERED:
        _VERDICTS.clear()
    _VERDICTS[key] = (node, ok, tuple(errors))
    return ok, errors


def _control(str_val: str, charset: str = "B", icvn: str = "00401") -> tuple[bool, str | None]:
    if _CONTROL[0](str_val) is None:
        return False, None
    return _FRESH["control"](str_val, charset, icvn)


def _child(node: Any, idx: int) -> Any:
    known = _CHILDREN.get((id(node), idx))
    if known is not None and known[0] is node:
        return known[1]
    child = _FRESH["child"](node, idx)   # raises as pyx12 does when the map has no such position
    _CHILDREN[(id(node), idx)] = (node, child)
    return child


def _text(xpath: Any) -> str:
    """A path as pyx12 formats it (``/ISA_LOOP/GS_LOOP/ST_LOOP/HEADER/BHT``)."""
    if isinstance(xpath, str):
        text = _TEXTS.get(xpath)
        if text is None:
            import pyx12.path  # type: ignore[import-untyped]

            text = _TEXTS[xpath] = pyx12.path.X12Path(xpath).format()
        return text
    return str(xpath.format())


def _parts(text: str) -> tuple[str, ...]:
    parts = _PARTS.get(text)
    if parts is None:
        parts = _PARTS[text] = tuple(text.split("/"))
    return parts


def _counter_class() -> Any:
    cached = _FRESH.get("Counter")
    if cached is not None:
        return cached

    base: Any = _FRESH["NodeCounter"]

    class _Counter(base):
        """pyx12's NodeCounter, keyed by each path's text (what its path objects hash)."""

        def __init__(self, initialCounts: Mapping[Any, int] | None = None) -> None:
            self._dict: dict[str, int] = {_text(k): v for k, v in (initialCounts or {}).items()}

        def reset_to_node(self, xpath: Any) -> None:
            # pyx12's X12Path.is_child_path: more parts than the parent, the parent's first.
            root = _parts(_text(xpath))
            n = len(root)
            under = [k for k in self._dict if len(p := _parts(k)) > n and p[:n] == root]
            for k in under:
                del self._dict[k]

        def increment(self, xpath: Any) -> None:
            k = _text(xpath)
            self._dict[k] = self._dict.get(k, 0) + 1

        def setCount(self, xpath: Any, ct: int) -> None:  # pyx12's name
            self._dict[_text(xpath)] = ct

        def get_count(self, xpath: Any) -> int:
            return self._dict.get(_text(xpath), 0)

    _FRESH["Counter"] = _Counter
    return _Counter


class _HLStack(list[int]):
    """pyx12's stack of open HL numbers (HL01), which grow from bottom to top: found by bisection.

    pyx12's reader checks each HL02 (the parent) with ``in`` on this list, a scan
    of every open HL: an 837 of 95,000 HLs each the child of the one before took
    minutes in that scan alone.
    """

    def __contains__(self, item: object) -> bool:
        if type(item) is not int:
            return list.__contains__(self, item)
        at = bisect.bisect_left(self, item)
        return at < len(self) and self[at] == item


def _index_hl_parents() -> None:
    """Make pyx12's reader keep its HL stack (``hl_stack``) as an :class:`_HLStack`; once per process."""
    import pyx12.x12file  # type: ignore[import-untyped]

    base = pyx12.x12file.X12Base
    if isinstance(base.__dict__.get("hl_stack"), property):
        return

    def get(reader: Any) -> _HLStack:
        return reader.__dict__["_golive_hl_stack"]

    def put(reader: Any, value: list[int]) -> None:
        reader.__dict__["_golive_hl_stack"] = _HLStack(value)

    base.hl_stack = property(get, put)
