"""A parsed tenant file: plain data, and the node tree that knows where everything is."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from golive.core.findings import YamlPath


@dataclass(frozen=True)
class Scalar:
    """A scalar as written: its text, whether it was quoted, and what YAML made of it."""

    text: str
    quoted: bool
    tag: str


class Document:
    """A parsed YAML file: plain ``data`` plus the node tree that knows positions."""

    __slots__ = ("data", "root")

    def __init__(self, data: Any, root: yaml.Node) -> None:
        self.data = data
        self.root = root

    def _walk(self, path: YamlPath) -> Iterator[tuple[yaml.Node, yaml.Node | None]]:
        """Yield (node, key node or None) along ``path`` as far as it exists."""
        node: yaml.Node = self.root
        key: yaml.Node | None = None
        yield node, key
        for part in path:
            found: tuple[yaml.Node, yaml.Node | None] | None = None
            if isinstance(node, yaml.MappingNode) and isinstance(part, str):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == part:
                        found = (v, k)
                        break
            elif (isinstance(node, yaml.SequenceNode) and isinstance(part, int)
                  and 0 <= part < len(node.value)):
                found = (node.value[part], None)
            if found is None:
                return
            node, key = found
            yield node, key

    def locate(self, path: YamlPath) -> tuple[int, int]:
        """1-based line and column of ``path``, or of its nearest existing ancestor.

        Whatever sits under a mapping key is pointed at by its key (the line that
        names it, and the column a user's eye goes to); a list item by its start.
        """
        node, key = list(self._walk(path))[-1]
        return position(key if key is not None else node)

    def scalar(self, path: YamlPath) -> Scalar | None:
        """The scalar at ``path`` as written, or None where there is none."""
        steps = list(self._walk(path))
        if len(steps) != len(path) + 1:
            return None
        node = steps[-1][0]
        if not isinstance(node, yaml.ScalarNode):
            return None
        # libyaml marks a plain scalar with style '' and the pure-Python parser with None.
        return Scalar(node.value, bool(node.style), node.tag)


def position(node: yaml.Node | yaml.Event) -> tuple[int, int]:
    mark = node.start_mark
    return (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)


def mapping(doc: Document | None) -> dict[str, Any]:
    """A document's top-level mapping; empty when there is no document or its top is not a mapping."""
    return doc.data if doc is not None and isinstance(doc.data, dict) else {}
