"""Schema errors rewritten for the people who edit tenant files.

python-jsonschema says ``'activ' is not one of ['onboarding', 'active', 'read_only']``;
an ops engineer wants ``status must be onboarding, active or read_only, not 'activ'``,
and for ``receiver_id: 01234567`` to be told that YAML read it as a number.

A value or key a message quotes passes through :mod:`golive.core.redact` first: what
looks like a secret is masked (``not '***-**-0815' (masked: looks like an SSN)``), a
key that looks like one is given by its shape (``<masked key: 10 digits>``), and
control characters are escaped.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping, Sequence
from collections.abc import Set as AbstractSet
from typing import Any

from jsonschema.exceptions import ValidationError, best_match

from golive.core import redact
from golive.core.findings import YamlPath
from golive.core.yaml_document import Document

_TYPE_WORDS = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "object": "a mapping of keys",
    "array": "a list",
    "null": "empty",
}


def _found(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return "empty" if value is None else type(value).__name__


def _choices(values: Sequence[Any]) -> str:
    words = [str(v) for v in values]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


def _name(path: YamlPath, file: str) -> str:
    """The key a message is about (its shape when it looks like a secret), or the file."""
    for part in reversed(path):
        if isinstance(part, str):
            return redact.PLAIN.key_text(part)
    return file


def _type_message(error: ValidationError, path: YamlPath, file: str, doc: Document) -> str:
    key = _name(path, file)
    expected = error.validator_value
    expected_list = expected if isinstance(expected, list) else [expected]
    scalar = doc.scalar(path)
    if "string" in expected_list and scalar is not None and not scalar.quoted:
        what = "true/false" if isinstance(error.instance, bool) else "a number"
        if isinstance(error.instance, bool | int | float):
            written = redact.PLAIN.mask(scalar.text)
            return (
                f"{key}: YAML reads {written.text} as {what}, but it must be text "
                f'(identifiers and codes keep every character): quote it, {key}: "{written.text}"'
                f"{written.note}"
            )
    words = _choices([_TYPE_WORDS.get(t, t) for t in expected_list])
    return f"{key} must be {words}, not {_found(error.instance)}"


def _suggestions(error: ValidationError) -> Iterator[tuple[str, str | None]]:
    """(unknown key, the allowed key it probably meant) for an additionalProperties error."""
    allowed = sorted(error.schema.get("properties", {}))
    instance = error.instance if isinstance(error.instance, dict) else {}
    for key in instance:
        if key not in allowed:
            close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
            yield key, close[0] if close else None


def _unknown_keys(error: ValidationError, path: YamlPath, file: str) -> Iterator[tuple[YamlPath, str]]:
    allowed = sorted(error.schema.get("properties", {}))
    for key, close in _suggestions(error):
        where = redact.path(path) or file
        if close:
            hint = f"did you mean '{close}'?"
        else:
            hint = f"allowed here: {', '.join(allowed)}" if allowed else "no keys are allowed here"
        yield (*path, key), f"unknown key {redact.key(key)} in {where} — {hint}"


def _title(root: Mapping[str, Any], path: YamlPath) -> str | None:
    """The ``title`` the root schema gives the key at ``path`` (list indexes step into items)."""
    node: Any = root
    for part in path:
        if not isinstance(node, Mapping):
            return None
        node = node.get("items") if isinstance(part, int) else node.get("properties", {}).get(part)
    return node.get("title") if isinstance(node, Mapping) else None


def _required(error: ValidationError, path: YamlPath, file: str, root: Mapping[str, Any],
              meant: AbstractSet[tuple[Any, ...]]) -> Iterator[tuple[YamlPath, str]]:
    instance = error.instance if isinstance(error.instance, dict) else {}
    where = redact.path(path) or file
    # A conditional requirement (if/then) says why in its own description.
    why = error.schema.get("description") if "properties" not in error.schema else None
    for key in error.validator_value:
        if key not in instance and (*path, key) not in meant:
            title = _title(root, (*path, key))
            hint = f" ({title})" if title else ""
            reason = f": {why}" if why else ""
            yield path, f"{where} is missing required key '{key}'{hint}{reason}"


def _shape(error: ValidationError, key: str) -> str:
    fmt = error.schema.get("format")
    found = redact.quoted(error.instance)
    if fmt == "date":
        return f"{key} must be a date written YYYY-MM-DD, not {found}"
    if fmt == "date-time":
        return (f"{key} must be a timestamp with its UTC offset, like "
                f"2026-12-01T08:05:00-06:00, not {found}")
    title = error.schema.get("title")
    what = f" {title}" if title else ""
    description = str(error.schema.get("description", "")).split(". ")[0].rstrip(".")
    expected = f" ({description})" if description else ""
    masked = redact.PLAIN.mask(error.instance) if isinstance(error.instance, str) else None
    if masked is not None and masked.looks:   # the note goes last, after what was expected
        return f"{key} '{masked.text}' is not a valid{what}{expected}{masked.note}"
    return f"{key} {redact.quoted(error.instance)} is not a valid{what}{expected}"


# Keywords whose message is one sentence: the key, the schema's limit, the value found
# (``value`` is quoted and masked, ``number`` masked).
_TEMPLATES = {
    "const": "{key} must be {limit!r}, not {value}",
    "minimum": "{key} must be at least {limit}, not {number}",
    "maximum": "{key} must be at most {limit}, not {number}",
    "minItems": "{key} must list at least {limit} item(s)",
    "maxItems": "{key} may list at most {limit} item(s)",
    "minLength": "{key} must be at least {limit} characters long",
    "maxLength": "{key} must be at most {limit} characters long",
    "uniqueItems": "{key} lists the same value more than once",
    "oneOf": "{key} matches more than one allowed form; keep only one of them",
}


def humanize(error: ValidationError, file: str, doc: Document, root: Mapping[str, Any],
             meant: AbstractSet[tuple[Any, ...]] = frozenset()) -> Iterator[tuple[YamlPath, str]]:
    """Yield (path, message) pairs for one python-jsonschema error against schema ``root``.

    ``meant`` holds the paths of keys a misspelt key stands for: not reported missing.
    """
    path: YamlPath = tuple(error.absolute_path)
    key = _name(path, file)
    kind = error.validator
    if kind in ("anyOf", "oneOf") and error.context:
        deepest = best_match(error.context)
        if deepest is not None:
            yield from humanize(deepest, file, doc, root, meant)
            return
    if kind == "additionalProperties":
        yield from _unknown_keys(error, path, file)
    elif kind == "required":
        yield from _required(error, path, file, root, meant)
    elif kind == "dependentRequired":
        instance = error.instance if isinstance(error.instance, dict) else {}
        for trigger, needed in error.validator_value.items():
            if trigger in instance:
                for other in needed:
                    if other not in instance:
                        yield path, f"'{trigger}' needs '{other}' beside it in {key}"
    elif kind == "type":
        yield path, _type_message(error, path, file, doc)
    elif kind == "enum":
        yield path, f"{key} must be {_choices(error.validator_value)}, not {redact.quoted(error.instance)}"
    elif kind in ("pattern", "format"):
        yield path, _shape(error, key)
    elif kind == "minLength" and error.validator_value == 1:
        yield path, f"{key} must not be empty"
    elif kind in _TEMPLATES:
        yield path, _TEMPLATES[kind].format(key=key, limit=error.validator_value,
                                            value=redact.quoted(error.instance),
                                            number=redact.text(error.instance))
    else:   # python-jsonschema's own words quote the value: the whole message is masked
        yield path, redact.text(f"{key}: {error.message}")


def humanize_all(errors: Iterable[ValidationError], file: str, doc: Document,
                 root: Mapping[str, Any]) -> Iterator[tuple[YamlPath, str]]:
    """Messages for all of a file's errors, each said once.

    A mistyped value also breaks its enum or pattern: only the type is reported. A
    misspelt key is reported as unknown with its likely meaning, not also as a
    missing required key.
    """
    ordered = sorted(errors, key=lambda e: [str(p) for p in e.absolute_path])
    mistyped = {tuple(e.absolute_path) for e in ordered if e.validator == "type"}
    meant = {(*e.absolute_path, close) for e in ordered if e.validator == "additionalProperties"
             for _, close in _suggestions(e) if close}
    seen: set[tuple[YamlPath, str]] = set()
    for error in ordered:
        path = tuple(error.absolute_path)
        if error.validator != "type" and path in mistyped:
            continue
        for item in humanize(error, file, doc, root, meant):
            if item not in seen:
                seen.add(item)
                yield item

