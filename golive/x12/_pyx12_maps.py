"""pyx12's implementation guides, map index and reference designators read once per process.

:func:`share` is called by :func:`golive.x12.reader.parse` before each file; what
it installs is in its docstring. The maps themselves are parsed as
:func:`golive.x12._pyx12_reuse.bundled_xml` reads them.
"""

from __future__ import annotations

from typing import Any

from golive.x12 import _pyx12_reuse

_FRESH_LOAD: Any = None   # pyx12's own map loader, once share has wrapped it
_FRESH_INDEX: Any = None  # pyx12's own reader of its map index (maps.xml), likewise
_FRESH_REFDES: Any = None  # pyx12's own reading of a reference designator ("CLM05-1"), likewise


def share() -> None:
    """Load each pyx12 map (an implementation guide as XML) once per process, not once per file.

    pyx12 parses the XML map on every document, which is nearly all of its time
    (about 0.1 s for the 837P map), and its index of maps (``maps.xml``, which names
    the map of each GS08) too, about 2 ms. The loaded map and index are only read
    while a document is walked (the walker keeps its own counts), so one copy serves
    every file; a test checks that shared maps give the same result as fresh ones.

    pyx12 also reads a reference designator (``CLM05-1``) into its element and
    component indexes by building a path object each time a segment's element is
    looked up, some 200 times a file for the same few dozen designators: each is
    read once. A designator that names another segment goes to pyx12's own
    reading, which raises as before.
    """
    global _FRESH_LOAD, _FRESH_INDEX, _FRESH_REFDES
    if _FRESH_LOAD is not None:
        return
    import pyx12.map_if  # type: ignore[import-untyped]
    import pyx12.map_index  # type: ignore[import-untyped]
    import pyx12.path  # type: ignore[import-untyped]
    import pyx12.segment  # type: ignore[import-untyped]

    fresh = _FRESH_LOAD = pyx12.map_if.load_map_file
    fresh_index = _FRESH_INDEX = pyx12.map_index.map_index
    loaded: dict[tuple[str, str | None], Any] = {}
    indexes: dict[str | None, Any] = {}

    def shared(map_file: str, param: Any, map_path: str | None = None) -> Any:
        key = (map_file, map_path)
        if key not in loaded:
            with _pyx12_reuse.bundled_xml(map_path):   # pyx12's own files: the C parser reads them
                loaded[key] = fresh(map_file, param, map_path)
        return loaded[key]

    def shared_index(base_path: str | None = None) -> Any:
        if base_path not in indexes:
            indexes[base_path] = fresh_index(base_path)
        return indexes[base_path]

    fresh_refdes = _FRESH_REFDES = pyx12.segment.Segment._parse_refdes
    designators: dict[str, tuple[str | None, int | None, int | None]] = {}

    def read_refdes(segment: Any, ref_des: str) -> tuple[int | None, int | None]:
        known = designators.get(ref_des)
        if known is None:
            path = pyx12.path.X12Path(ref_des)   # raises on a malformed one, as pyx12 does
            ele, sub = path.ele_idx, path.subele_idx
            known = designators[ref_des] = (path.seg_id, None if ele is None else ele - 1,
                                            None if sub is None else sub - 1)
        if known[0] is not None and known[0] != segment.seg_id:
            return fresh_refdes(segment, ref_des)
        return known[1], known[2]

    pyx12.map_if.load_map_file = shared
    pyx12.map_index.map_index = shared_index
    pyx12.segment.Segment._parse_refdes = read_refdes
