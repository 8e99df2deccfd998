"""The JSON Schemas of the tenant files, compiled once per run.

A compiled ``jsonschema-rs`` validator is the fast validity gate; only a file that
fails it is walked again by python-jsonschema, whose error tree gives the precise
paths that :mod:`golive.engine.schema_messages` turns into messages for humans.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jsonschema_rs

from golive.core.errors import ConfigRepoError
from golive.core.findings import YamlPath
from golive.core.layout import schema_path
from golive.core.yaml_document import Document

if TYPE_CHECKING:
    import jsonschema

# Tenant file name -> schema name (``schemas/<name>.schema.json``).
TENANT_FILES: dict[str, str] = {
    "tenant.yaml": "tenant",
    "edi.yaml": "edi",
    "payers.yaml": "payers",
    "fee-schedules.yaml": "fee-schedules",
    "modifier-rules.yaml": "modifier-rules",
    "notifications.yaml": "notifications",
    "golive.yaml": "golive",
    "waivers.yaml": "waivers",
}
RULE_SET_SCHEMA = "modifier-rule-set"
SCHEMA_NAMES = (*TENANT_FILES.values(), RULE_SET_SCHEMA)

_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _is_date(value: object) -> bool:
    if not isinstance(value, str):
        return True
    if not _DATE.fullmatch(value):   # the whole string: '$' would let a final newline through
        return False
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


def _is_datetime(value: object) -> bool:
    if not isinstance(value, str):
        return True
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    # RFC 3339: a full date and time with an offset, not Python's looser forms.
    return "T" in value and parsed.tzinfo is not None


def _format_checker() -> jsonschema.FormatChecker:
    """Only the formats the schemas use, checked the same way jsonschema-rs checks them."""
    import jsonschema

    checker = jsonschema.FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("date-time")(_is_datetime)
    return checker


# ECMA-262's classes where Python's differ (Python's are Unicode-wide for str patterns).
_ECMA_SPACE = "\\t\\n\\v\\f\\r \\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_ECMA_CLASSES = {"s": _ECMA_SPACE, "d": "0-9", "w": "A-Za-z0-9_"}


@functools.cache
def ecma_regex(pattern: str) -> re.Pattern[str]:
    """``pattern`` compiled to behave as ECMA-262 (JSON Schema's dialect) does without flags.

    What differs in Python, and is rewritten: ``$`` is the end of the input in
    ECMA, while Python's also matches before a final newline (``acme-ortho\\n``
    would pass ``^[a-z-]+$``), so ``$`` becomes ``\\Z``; ``\\s``, ``\\d``, ``\\w``
    and their negations are ECMA's sets, not Python's Unicode ones; ``.`` does not
    match a line terminator. So python-jsonschema, which words golive's schema
    messages, agrees with jsonschema-rs, check-jsonschema and editors.
    """
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            escape = pattern[i:i + 2]
            letter = escape[1:]
            if letter.lower() in _ECMA_CLASSES and (letter.islower() or not in_class):
                chars = _ECMA_CLASSES[letter.lower()]
                escape = chars if in_class else f"[{'' if letter.islower() else '^'}{chars}]"
            out.append(escape)
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        elif char == ".":
            char = r"[^\n\r\u2028\u2029]"
        out.append(char)
        i += 1
    return re.compile("".join(out))


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Iterator[Any]:
    """The ``pattern`` keyword with ECMA-262 anchors (see :func:`ecma_regex`)."""
    import jsonschema

    if validator.is_type(instance, "string") and not ecma_regex(pattern).search(instance):
        yield jsonschema.ValidationError(f"{instance!r} does not match {pattern!r}")


def meta_problem(schema: Any) -> str | None:
    """Why ``schema`` is not a valid JSON Schema 2020-12 (None when it is)."""
    if jsonschema_rs.meta.is_valid(schema):
        return None
    import jsonschema  # the slower validator only to say what is wrong

    try:
        jsonschema.Draft202012Validator.check_schema(schema)
    except jsonschema.SchemaError as exc:
        return str(exc.message).splitlines()[0]
    try:
        jsonschema_rs.meta.validate(schema)
    except jsonschema_rs.ValidationError as exc:
        return str(exc).splitlines()[0]
    return "rejected by the JSON Schema 2020-12 meta-schema"


class _Compiled:
    __slots__ = ("_python", "fast", "schema")

    def __init__(self, schema: dict[str, Any]) -> None:
        self.schema = schema
        self.fast = jsonschema_rs.validator_for(schema, validate_formats=True)
        self._python: jsonschema.Draft202012Validator | None = None

    @property
    def python(self) -> jsonschema.Draft202012Validator:
        if self._python is None:
            # python-jsonschema only for a file that failed the gate: it writes the messages.
            import jsonschema

            validator = jsonschema.validators.extend(jsonschema.Draft202012Validator,
                                                     {"pattern": _pattern})
            self._python = validator(self.schema, format_checker=_format_checker())
        return self._python


class Schemas:
    """The schemas of one revision, each compiled on first use."""

    def __init__(self, sources: Mapping[str, bytes]) -> None:
        self._sources = dict(sources)
        self._compiled: dict[str, _Compiled] = {}

    @classmethod
    def from_dir(cls, repo: Path) -> Schemas:
        sources = {}
        for name in SCHEMA_NAMES:
            try:
                sources[name] = (repo / schema_path(name)).read_bytes()
            except OSError:
                raise ConfigRepoError(
                    f"{schema_path(name)} is missing or unreadable; restore it from git, or start a "
                    "config repository with golive init") from None
        return cls(sources)

    def digest_items(self) -> tuple[tuple[str, bytes], ...]:
        return tuple(sorted(self._sources.items()))

    def _get(self, name: str) -> _Compiled:
        compiled = self._compiled.get(name)
        if compiled is None:
            origin = schema_path(name)
            try:
                schema = json.loads(self._sources[name])
            except ValueError as exc:
                raise ConfigRepoError(f"{origin} is not valid JSON: {exc}") from None
            problem = meta_problem(schema)
            if problem is not None:
                raise ConfigRepoError(f"{origin} is not a valid JSON Schema: {problem}")
            compiled = _Compiled(schema)
            self._compiled[name] = compiled
        return compiled

    def schema(self, name: str) -> dict[str, Any]:
        return self._get(name).schema

    def is_valid(self, name: str, data: Any) -> bool:
        return bool(self._get(name).fast.is_valid(data))

    def python_is_valid(self, name: str, data: Any) -> bool:
        return bool(self._get(name).python.is_valid(data))

    def check(self, name: str, file: str, doc: Document) -> Iterator[tuple[YamlPath, str]]:
        """Yield (path, message) for each way ``doc`` breaks schema ``name``."""
        compiled = self._get(name)
        if compiled.fast.is_valid(doc.data):
            return
        from golive.engine.schema_messages import humanize_all

        said = False
        for problem in humanize_all(compiled.python.iter_errors(doc.data), file, doc, compiled.schema):
            said = True
            yield problem
        if not said:   # the two validators disagree: never let the gate's "no" through unexplained
            yield (), f"{file} does not match {schema_path(name)}"
