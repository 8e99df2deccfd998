"""Appending a rollback record to tenant.yaml's ``rollbacks:`` list, in place.

The record is written in block style after the list's last record (or as a new
``rollbacks:`` key at the end of the file), so the diff shows only the added lines;
the file is read back to prove that exactly that record was added
(:mod:`golive.core.rollback_records` reads it; FORMAT, "Rollback records").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import yaml

from golive.core.rollback_records import KEY, FieldChanged
from golive.core.yaml_edit import EditError, render_scalar
from golive.core.yaml_loader import SafeLoader, load_bytes


def entry(trigger: str, since: str, reference: str, by: str, reason: str,
          changed: Sequence[FieldChanged]) -> dict[str, Any]:
    """A record as tenant.yaml holds it (every value a string)."""
    return {"trigger": trigger, "since": since, "reference": reference, "by": by, "reason": reason,
            "changed": [{"field": c.field, "from": c.before, "to": c.after} for c in changed]}


def _lines(record: dict[str, Any], dash: int) -> list[str]:
    pad = " " * dash
    out = [f"{pad}- trigger: {render_scalar(record['trigger'], None)}"]
    out += [f"{pad}  {key}: {render_scalar(record[key], None)}"
            for key in ("since", "reference", "by", "reason")]
    out.append(f"{pad}  changed:")
    out += [f"{pad}    - {{field: {render_scalar(c['field'], None)}, from: {render_scalar(c['from'], None)}, "
            f"to: {render_scalar(c['to'], None)}}}" for c in record["changed"]]
    return out


def _last(node: yaml.Node) -> yaml.Node:
    """The node that ends last inside ``node`` (a block collection's own end mark runs on to the
    next token, past comments and blank lines)."""
    while isinstance(node, (yaml.MappingNode, yaml.SequenceNode)) and not node.flow_style and node.value:
        item = node.value[-1]
        node = item[1] if isinstance(item, tuple) else item
    return node


def append(raw: bytes, record: dict[str, Any]) -> bytes:
    """tenant.yaml's bytes with ``record`` appended to ``rollbacks:``; :class:`EditError` when the
    list is not a block list this can extend (edit it by hand then)."""
    doc = load_bytes(raw)
    if isinstance(doc, list) or not isinstance(doc.data, dict):
        raise EditError("tenant.yaml does not load; fix it first (golive validate says why)")
    text = raw.decode("utf-8")
    newline = "\r\n" if "\r\n" in text else "\n"
    root = yaml.compose(text.removeprefix("\ufeff"), Loader=SafeLoader)
    offset = len(text) - len(text.removeprefix("\ufeff"))
    assert isinstance(root, yaml.MappingNode)
    node = next((v for k, v in root.value if isinstance(k, yaml.ScalarNode) and k.value == KEY), None)
    if node is None:
        lines = [f"{KEY}:", *_lines(record, 2)]
        sep = "" if not text or text.endswith("\n") else newline
        out = text + sep + newline.join(lines) + newline
    elif isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        end = offset + _last(node).end_mark.index
        eol = text.find("\n", end)
        dash = max(node.value[0].start_mark.column - 2, 0)
        block = newline.join(_lines(record, dash)) + newline
        out = text + newline + block if eol < 0 else text[:eol + 1] + block + text[eol + 1:]
    else:
        raise EditError(f"{KEY} in tenant.yaml is not a block list with records; add the record by hand")
    again = load_bytes(out.encode("utf-8"))
    expected = dict(doc.data)
    expected[KEY] = [*(doc.data.get(KEY) or []), record]
    if isinstance(again, list) or again.data != expected:
        raise EditError("appending the record in place would change more than the record; "
                        "add it by hand")
    return out.encode("utf-8")
