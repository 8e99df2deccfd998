"""Editing YAML values in place: only the bytes of the values change.

Re-dumping a tenant file would lose its comments, quoting and layout, and a
reviewer would see a diff of the whole file. Here the file is composed once,
each scalar is found by its YAML path, and the text between its start and end
marks is replaced. Everything else, byte for byte, stays as it was, and the
result is read back to prove that exactly the requested values changed.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import yaml

from golive.core.findings import YamlPath, format_path
from golive.core.yaml_loader import SafeLoader, load_bytes

_STR_TAGS = frozenset({"tag:yaml.org,2002:str", "tag:yaml.org,2002:timestamp"})
_PLAIN_SAFE = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]*")


class EditError(ValueError):
    """The edit cannot be made in place (a missing path, a block scalar, a flow mapping)."""


@dataclass(frozen=True)
class Change:
    """Set the string (or integer) at ``path``; when its key is missing, add it after the key ``after``."""

    path: YamlPath
    value: str | int
    after: str | None = None


def _child(node: yaml.Node, part: str | int) -> tuple[yaml.Node | None, yaml.Node | None]:
    """(key node, value node) of ``part`` under ``node``; Nones where there is none."""
    if isinstance(node, yaml.MappingNode) and isinstance(part, str):
        for key, value in node.value:
            if isinstance(key, yaml.ScalarNode) and key.value == part:
                return key, value
    elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return None, node.value[part]
    return None, None


def _node(root: yaml.Node, path: YamlPath) -> yaml.Node | None:
    node: yaml.Node | None = root
    for part in path:
        if node is None:
            return None
        node = _child(node, part)[1]
    return node


def render_scalar(value: str, style: str | None) -> str:
    """``value`` written in ``style`` ('"', "'" or plain), quoted where plain would misread."""
    if style == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    if not style and _PLAIN_SAFE.fullmatch(value):
        node = yaml.compose(value, Loader=SafeLoader)
        if node is not None and node.tag in _STR_TAGS:
            return value
    # JSON's escapes are YAML's too; YAML also breaks lines at NEL, LS and PS, so escape those.
    quoted = json.dumps(value, ensure_ascii=False)
    return "".join(c if c.isprintable() else f"\\u{ord(c):04x}" if ord(c) < 0x10000
                   else f"\\U{ord(c):08x}" for c in quoted)


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


def _render(value: str | int, style: str | None) -> str:
    return str(value) if isinstance(value, int) else render_scalar(value, style)


_TRAILING_COMMENT = re.compile(r"( +)#")


def _replace(text: str, node: yaml.Node, value: str | int, path: YamlPath) -> tuple[int, int, str]:
    """The span of the scalar and its new text; a trailing comment keeps its column where it can
    (at least one space before the ``#``)."""
    if not isinstance(node, yaml.ScalarNode):
        raise EditError(f"{format_path(path)} is a list or mapping, not a single value")
    if node.style in ("|", ">"):
        raise EditError(f"{format_path(path)} is a block scalar; edit it by hand")
    start, end, new = node.start_mark.index, node.end_mark.index, _render(value, node.style)
    comment = _TRAILING_COMMENT.match(text, end)
    if comment is not None:
        gap = max(1, len(comment.group(1)) - (len(new) - (end - start)))
        return start, comment.end(1), new + " " * gap
    return start, end, new


def _insert(text: str, root: yaml.Node, change: Change) -> tuple[int, int, str]:
    parent_path, key = change.path[:-1], change.path[-1]
    parent = _node(root, parent_path)
    where = format_path(parent_path) or "the top level"
    if not isinstance(parent, yaml.MappingNode) or parent.flow_style:
        raise EditError(f"cannot add {key!r} to {where}: not a block mapping")
    anchor_key, anchor_value = _child(parent, change.after) if change.after else (None, None)
    if anchor_key is None or anchor_value is None:
        raise EditError(f"cannot add {key!r} to {where}: it has no key {change.after!r} to follow")
    newline = _newline(text)
    eol = text.find("\n", anchor_value.end_mark.index)
    line = " " * anchor_key.start_mark.column + f"{key}: {_render(change.value, None)}"
    if eol < 0:  # the anchor is on the last line, which has no line break
        return len(text), len(text), newline + line
    return eol + 1, eol + 1, line + newline


def _expected(data: Any, changes: Sequence[Change]) -> Any:
    """``data`` with every change made, to compare the edited file with."""
    out = copy.deepcopy(data)
    for change in changes:
        target = out
        for part in change.path[:-1]:
            target = target[part]
        target[change.path[-1]] = change.value
    return out


def edit(raw: bytes, changes: Sequence[Change]) -> bytes:
    """``raw`` with each change made in place; raises :class:`EditError` when one cannot be.

    The result is parsed again and must equal the original data with exactly
    these values set (new keys at the end of their mapping's key order aside),
    so an edit can never change anything else.
    """
    doc = load_bytes(raw)
    if isinstance(doc, list):
        raise EditError(f"the file does not load ({doc[0].message}); fix it first")
    text = raw.decode("utf-8")
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    text = text.removeprefix(bom)
    root = yaml.compose(text, Loader=SafeLoader)
    assert root is not None  # load_bytes accepted the file, so it has a document
    spans = []
    for change in changes:
        node = _node(root, change.path)
        if node is not None:
            spans.append(_replace(text, node, change.value, change.path))
        elif change.after is not None:
            spans.append(_insert(text, root, change))
        else:
            raise EditError(f"{format_path(change.path)} is not in the file")
    for start, end, new in sorted(spans, reverse=True):
        text = text[:start] + new + text[end:]
    out = (bom + text).encode("utf-8")
    again = load_bytes(out)
    if isinstance(again, list) or again.data != _expected(doc.data, changes):
        raise EditError("editing in place would change more than the requested values")
    return out
