"""YAML with positions.

Files are parsed by libyaml into a node tree (which keeps every key's and value's
line and column), checked for what the tenant format forbids, and turned into plain
data. Dates and timestamps stay the strings the user wrote, as check-jsonschema and
editors see them, so the JSON Schemas can say ``type: string, format: date``.

Nothing here raises on bad input: :func:`load_bytes` returns either a
:class:`Document` or a list of :class:`LoadProblem`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml

from golive.core.findings import YamlPath
from golive.core.yaml_document import Document, position

try:
    # The one choice of YAML loader: libyaml's, or PyYAML's own where it was built without libyaml.
    SafeLoader: type = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML wheels ship libyaml; source builds may not
    SafeLoader = yaml.SafeLoader


class _Composer(SafeLoader):
    """The loader above, remembering which tag each short scalar resolves to.

    libyaml calls back into Python's resolver for every scalar it composes, and
    the resolver tries a handful of regular expressions on it; tenant files repeat
    the same scalars (``approved``, ``true``, dates, ids) thousands of times. The
    tag depends only on the node kind, the text and whether it was plain (there
    are no path resolvers), so a remembered tag is the one the resolver gives.
    """

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        # Called for every node: one lookup when remembered (mappings and sequences too,
        # whose value is None), the resolver otherwise.
        key = (kind, value, implicit)
        tag = _TAGS.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)
            if value is None or len(value) <= _MEMO_TEXT:
                if len(_TAGS) >= _MEMO_SIZE:
                    _TAGS.clear()
                _TAGS[key] = tag
        return tag


_MEMO_TEXT = 64          # longer scalars (free text) rarely repeat: not remembered
_MEMO_SIZE = 1 << 16     # entries; the memo starts afresh when full
_TAGS: dict[tuple[type, str | None, tuple[bool, bool]], str] = {}
_T = "tag:yaml.org,2002:"
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_MAX_DEPTH = 64
_SCALARS = {
    _T + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _T + "int": _CONSTRUCTOR.construct_yaml_int,
    _T + "float": _CONSTRUCTOR.construct_yaml_float,
}


@dataclass(frozen=True)
class LoadProblem:
    """A reason a file could not be read as tenant data; ``line``/``column`` are 1-based."""

    rule: str
    line: int
    column: int
    message: str
    path: YamlPath = ()


class _Reject(Exception):
    def __init__(self, problem: LoadProblem) -> None:
        self.problem = problem


class _Builder:
    """Turns a node tree into plain data, collecting duplicate keys on the way."""

    def __init__(self) -> None:
        self.problems: list[LoadProblem] = []

    def build(self, node: yaml.Node, path: YamlPath, depth: int = 0) -> Any:
        if depth > _MAX_DEPTH:
            line, col = position(node)
            raise _Reject(LoadProblem(
                "GL-YAML-SYNTAX", line, col,
                f"nesting deeper than {_MAX_DEPTH} levels; tenant files are shallow, "
                "check the indentation", path))
        if isinstance(node, yaml.ScalarNode):
            return self._scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            self._plain_tag(node, _T + "seq", path)
            return [self.build(item, (*path, i), depth + 1) for i, item in enumerate(node.value)]
        self._plain_tag(node, _T + "map", path)
        out: dict[str, Any] = {}
        first: dict[str, yaml.Node] = {}
        for knode, vnode in node.value:
            if not isinstance(knode, yaml.ScalarNode):
                line, col = position(knode)
                raise _Reject(LoadProblem(
                    "GL-YAML-SYNTAX", line, col,
                    "a mapping key must be a plain word, not a list or mapping", path))
            if knode.tag == _T + "merge":
                line, col = position(knode)
                raise _Reject(LoadProblem(
                    "GL-YAML-ANCHOR", line, col,
                    "merge keys ('<<') are not allowed; write the keys out in full", path))
            key = knode.value
            if key in first:
                line, col = position(knode)
                self.problems.append(LoadProblem(
                    "GL-YAML-DUPLICATE-KEY", line, col,
                    f"duplicate key '{key}' (first at line {first[key].start_mark.line + 1}); "
                    "YAML would silently keep only the last one: remove or rename one",
                    (*path, key)))
                continue
            first[key] = knode
            out[key] = self.build(vnode, (*path, key), depth + 1)
        return out

    def _plain_tag(self, node: yaml.Node, expected: str, path: YamlPath) -> None:
        if node.tag != expected:
            line, col = position(node)
            raise _Reject(LoadProblem(
                "GL-YAML-SYNTAX", line, col,
                f"the YAML tag '{node.tag}' is not allowed in tenant files; remove it", path))

    def _scalar(self, node: yaml.ScalarNode, path: YamlPath) -> Any:
        tag = node.tag
        if tag == _T + "str":
            return node.value
        if tag == _T + "timestamp":
            # Kept as written: the schemas check dates as strings (format: date).
            return node.value
        if tag == _T + "null":
            return None
        construct = _SCALARS.get(tag)
        if construct is not None:
            try:
                return construct(node)
            except (ValueError, TypeError, KeyError):
                # `!!int 24h`, `!!bool pending`, or a plain `0x_` that looks like a number.
                line, col = position(node)
                kind = tag.removeprefix(_T)
                raise _Reject(LoadProblem(
                    "GL-YAML-SYNTAX", line, col,
                    f"'{node.value}' cannot be read as {kind}; quote it if it is text "
                    f"(and drop any '!!{kind}' tag)", path)) from None
        line, col = position(node)
        raise _Reject(LoadProblem(
            "GL-YAML-SYNTAX", line, col,
            f"the YAML tag '{tag}' is not allowed in tenant files; remove it", path))


class _Unplain(Exception):
    """Raised by :func:`_plain` where :class:`_Builder` would report a problem."""


_STR, _TIMESTAMP, _NULL, _SEQ, _MAP, _MERGE = (
    _T + "str", _T + "timestamp", _T + "null", _T + "seq", _T + "map", _T + "merge")


def _plain(node: yaml.Node, depth: int) -> Any:
    """The data :class:`_Builder` makes of a tree it finds no problem in, made without paths.

    Almost every file has no problem, and a path for every node costs a tuple each: this
    builds the data alone, and gives up (:class:`_Unplain`) at anything :class:`_Builder`
    would report, which then builds again with paths and says what and where.
    """
    if depth > _MAX_DEPTH:
        raise _Unplain
    if isinstance(node, yaml.ScalarNode):
        tag = node.tag
        if tag in (_STR, _TIMESTAMP):
            return node.value
        if tag == _NULL:
            return None
        construct = _SCALARS.get(tag)
        if construct is None:
            raise _Unplain
        try:
            return construct(node)
        except (ValueError, TypeError, KeyError):
            raise _Unplain from None
    kind = type(node)
    if kind is yaml.SequenceNode and node.tag == _SEQ:
        return [_plain(item, depth + 1) for item in node.value]
    if kind is not yaml.MappingNode or node.tag != _MAP:
        raise _Unplain
    out: dict[str, Any] = {}
    for knode, vnode in node.value:
        if type(knode) is not yaml.ScalarNode or knode.tag == _MERGE or knode.value in out:
            raise _Unplain
        out[knode.value] = _plain(vnode, depth + 1)
    return out


def _line_col(text: str, index: int) -> tuple[int, int]:
    line = text.count("\n", 0, index) + 1
    return line, index - (text.rfind("\n", 0, index) + 1) + 1


def _decode(raw: bytes) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        good = raw[: exc.start].decode("utf-8")
        line, col = _line_col(good, len(good))
        raise _Reject(LoadProblem(
            "GL-YAML-ENCODING", line, col,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8; save the file as UTF-8")) from None
    return text.removeprefix("\ufeff")


def _tab_in_indent(text: str, line: int) -> int | None:
    """The 1-based column of a tab in the indentation of ``line``, if there is one."""
    lines = text.split("\n")
    if not 1 <= line <= len(lines):
        return None
    row = lines[line - 1]
    indent = len(row) - len(row.lstrip(" \t"))
    tab = row.find("\t", 0, indent)
    return tab + 1 if tab >= 0 else None


def _check_anchors(text: str) -> None:
    # Anchors and aliases need '&' or '*': skip the event scan for most files.
    if "&" not in text and "*" not in text:
        return
    for event in yaml.parse(text, Loader=SafeLoader):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line, col = position(event)
            what = "an alias" if isinstance(event, yaml.AliasEvent) else "an anchor"
            raise _Reject(LoadProblem(
                "GL-YAML-ANCHOR", line, col,
                f"{what} ('&name' / '*name') is not allowed in tenant files; "
                "write the value out in full"))


def _yaml_error(exc: yaml.YAMLError, text: str) -> LoadProblem:
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line, col = mark.line + 1, mark.column + 1
    else:
        line, col = _line_col(text, min(getattr(exc, "position", 0) or 0, len(text)))
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    # Only a tab that breaks the parse is reported: tabs inside block text are content.
    tab = _tab_in_indent(text, line)
    if tab is not None:
        return LoadProblem("GL-YAML-TAB", line, tab,
                           "a tab in the indentation; YAML indents with spaces only")
    if "expected a single document" in str(exc):
        return LoadProblem(
            "GL-YAML-MULTI-DOC", line, col,
            "a second YAML document ('---') in one file; a tenant file holds exactly one")
    context = getattr(exc, "context", None)
    detail = f"{problem} {context}" if context else problem
    hint = next((h for key, h in _HINTS if key in problem),
                "check indentation, colons and quotes on this line")
    return LoadProblem("GL-YAML-SYNTAX", line, col, f"YAML syntax error: {detail}; {hint}")


# libyaml's words for the usual mistakes -> what to do about them.
_HINTS = (
    ("mapping values are not allowed", "a ': ' inside a value starts a new key: quote the value"),
    ("could not find expected ':'", "a key needs ': ' after it, or a value was split over lines"),
    ("did not find expected key", "check the indentation: this line is not aligned with its siblings"),
    ("did not find expected ',' or ']'", "a [list] or {mapping} is not closed"),
    ("did not find expected ',' or '}'", "a [list] or {mapping} is not closed"),
    ("found unexpected end of stream", "a quote or bracket is not closed"),
)


def too_large(size: int, max_bytes: int) -> LoadProblem:
    """The problem of a file of ``size`` bytes over the ``max_bytes`` limit (found before reading it)."""
    return LoadProblem(
        "GL-YAML-TOO-LARGE", 1, 1,
        f"file is {size:,} bytes, over the {max_bytes:,}-byte limit for a tenant "
        "file; split it or move bulk data out of it")


def load_bytes(raw: bytes, max_bytes: int = 1 << 20) -> Document | list[LoadProblem]:
    """Parse one tenant file's bytes into a :class:`Document`, or say why not."""
    try:
        if len(raw) > max_bytes:
            raise _Reject(too_large(len(raw), max_bytes))
        text = _decode(raw)
        try:
            _check_anchors(text)
            root = yaml.compose(text, Loader=_Composer)
        except yaml.YAMLError as exc:
            raise _Reject(_yaml_error(exc, text)) from None
        except RecursionError:
            raise _Reject(LoadProblem(
                "GL-YAML-SYNTAX", 1, 1, "nesting too deep to read; check the indentation")) from None
        if root is None:
            raise _Reject(LoadProblem(
                "GL-YAML-EMPTY", 1, 1,
                "the file is empty; give it its content, or delete it if it is optional"))
        try:
            return Document(_plain(root, 0), root)
        except _Unplain:
            pass
        builder = _Builder()
        data = builder.build(root, ())
    except _Reject as reject:
        return [reject.problem]
    if builder.problems:
        return builder.problems
    return Document(data, root)
