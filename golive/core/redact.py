"""The one boundary between a tenant's data and golive's output.

Every piece of text golive takes from tenant files, git or a target and puts into
any output (finding messages and YAML paths, tenant headers, waivers, hyper-care
days, plans, history, pull-request bodies, error lines, the result cache) goes
through :meth:`Redactor.text` (or :func:`text`), which

- masks what the secrets screen (:mod:`golive.core.secrets_screen`) recognises, keeping the
  message useful: a number keeps its last four digits and its separators
  (``***-**-0815``), a credential becomes ``********``, and a note after the text
  says what was hidden: ``not '***-**-0815' (masked: looks like an SSN)``;
- escapes every control character, so that no value can move a terminal's cursor,
  clear it, set its title or rewrite a CI log line: C0 controls (NUL, BEL, ESC,
  CR, LF, TAB ...), DEL, C1 controls (CSI), and the invisible direction marks
  and overrides that reorder text (U+061C, U+200E, U+200F, U+202A-U+202E,
  U+2066-U+2069) and line separators (U+2028, U+2029) become ``\\n``, ``\\r``,
  ``\\t``, ``\\xNN`` or ``\\uNNNN``.

A key is never echoed when it looks like a secret (the screen recognises it, or
it holds a run of six digits, which no key of the tenant format has):
:meth:`Redactor.key` gives its shape instead, ``<masked key: 10 digits>``.

A tenant's own :class:`Redactor` also knows the secrets GL-SECRET found in its
files, with the help of their keys (``account_number: "4001002003"``), and masks
them wherever else they appear. Masking is idempotent: masked text masks to itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from golive.core import secrets_screen
from golive.core.findings import YamlPath, format_path
from golive.core.secrets_screen import Found, Kind

# Characters that must never reach an output raw (see the module docstring).
CONTROLS = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
STARS = "********"
_NOTE_START = " (masked: looks like "
_NOTE = re.compile(r" \(masked: looks like (?:[^()]|\([^()]*\))*\)")
_LONG_NUMBER = re.compile(r"\d{6}")
# A known secret is masked where it stands alone, not inside a longer word or number.
_KNOWN_SHORTEST = 4
_ROUNDS = 4   # maskings of one text at most (each hides more; one or two is the rule)
_KEYS_KEPT = 4096   # masked keys remembered by one Redactor


def _escape_char(m: re.Match[str]) -> str:
    c = m[0]
    return _NAMED.get(c) or (f"\\x{ord(c):02x}" if ord(c) < 0x100 else f"\\u{ord(c):04x}")


def escape(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\r``, ``\\u202e``)."""
    return CONTROLS.sub(_escape_char, text)


@dataclass(frozen=True)
class Masked:
    """Text fit for output: ``text`` masked and escaped, and what was hidden (``looks``)."""

    text: str
    looks: tuple[str, ...] = ()

    @property
    def note(self) -> str:
        """`` (masked: looks like an SSN)``, or "" when nothing was masked."""
        if not self.looks:
            return ""
        said = self.looks[0] if len(self.looks) == 1 else \
            ", ".join(self.looks[:-1]) + " and " + self.looks[-1]
        return f"{_NOTE_START}{said})"

    def __str__(self) -> str:
        return self.text + self.note


def _without_notes(text: str) -> tuple[str, list[int]]:
    """``text`` less the notes an earlier masking wrote, and where each of its characters is in ``text``."""
    if _NOTE_START not in text:
        return text, list(range(len(text)))
    kept: list[str] = []
    where: list[int] = []
    at = 0
    for m in [*_NOTE.finditer(text), None]:
        end = len(text) if m is None else m.start()
        kept.append(text[at:end])
        where += range(at, end)
        at = end if m is None else m.end()
    return "".join(kept), where


def _hide(text: str, kinds: list[Kind]) -> str:
    """The mask of one secret: a number keeps separators and its last four digits."""
    if not all(k.digits for k in kinds):
        return STARS
    keep = sum(c.isdigit() for c in text) - 4
    out = []
    for c in text:
        if c.isdigit() and keep > 0:
            out.append("*")
            keep -= 1
        else:
            out.append(c)
    return "".join(out)


def _shape(text: str) -> str:
    """How a key looks, without what it says: ``10 digits``, ``11 characters: digits and '-'``."""
    n = len(text)
    if text.isdigit():
        return f"{n} digit{'s' * (n != 1)}"
    classes = [name for name, test in (("letters", str.isalpha), ("digits", str.isdigit))
               if any(map(test, text))]
    marks = sorted({c for c in text if not c.isalnum()})
    classes += [repr(escape(c)) for c in marks[:3]] + (["others"] if len(marks) > 3 else [])
    said = classes[0] if len(classes) == 1 else ", ".join(classes[:-1]) + " and " + classes[-1]
    return f"{n} characters: {said}"


class Redactor:
    """Masks and escapes text for output; ``known`` are secrets (text, kind) found with their keys."""

    def __init__(self, known: Iterable[tuple[str, Kind]] = ()) -> None:
        kinds: dict[str, Kind] = {}
        for value, kind in known:
            if len(value) >= _KNOWN_SHORTEST:
                kinds.setdefault(escape(value), kind)   # looked for in escaped text
        self._known = kinds
        self._keys: dict[str, str] = {}   # keys repeat (every finding's path has some): each masked once
        self._pattern = re.compile(
            "(?<![^\\W_])(?:" + "|".join(re.escape(v) for v in sorted(kinds, key=len, reverse=True))
            + ")(?![^\\W_])") if kinds else None

    def _found(self, text: str) -> list[Found]:
        found = secrets_screen.recognise(text, wide=True) if secrets_screen.screened(text) else []
        if self._pattern is not None:
            found += [Found(self._known[m[0]], m.start(), m.end()) for m in self._pattern.finditer(text)]
        return found

    def mask(self, text: str) -> Masked:
        """``text`` escaped and masked, and what was masked.

        Secrets are looked for in the escaped text, which is what is shown, again after
        each masking until nothing more is found (a detector may report only the first of
        two assignments): so masked text, looked at again, shows nothing more to mask.
        """
        text = escape(text)
        looks: dict[str, None] = {}
        for _ in range(_ROUNDS):
            text, found = self._mask_once(text)
            if not found:
                break
            looks.update(found)
        return Masked(text, tuple(looks))

    def _mask_once(self, text: str) -> tuple[str, dict[str, None]]:
        # The notes of an earlier masking are left out of what is looked at, and a span of
        # stars alone is a mask already.
        blind, where = _without_notes(text)
        found = sorted((Found(f.kind, where[f.start], where[f.end - 1] + 1) for f in self._found(blind)
                        if blind[f.start:f.end].strip("*")), key=lambda f: (f.start, -f.end))
        spans: list[tuple[int, int, list[Kind]]] = []   # overlapping secrets merged
        for f in found:
            if spans and f.start < spans[-1][1]:
                start, end, kinds = spans[-1]
                spans[-1] = (start, max(end, f.end), [*kinds, f.kind])
            else:
                spans.append((f.start, f.end, [f.kind]))
        out, at, looks = [], 0, {}
        for start, end, kinds in spans:
            out += [text[at:start], _hide(text[start:end], kinds)]
            looks.update(dict.fromkeys(k.looks for k in kinds))
            at = end
        out.append(text[at:])
        return "".join(out), looks

    def text(self, value: object) -> str:
        """``value`` as text fit for any output: masked, escaped, with a note when masked."""
        return str(self.mask(value if isinstance(value, str) else str(value)))

    def optional(self, value: str | None) -> str | None:
        """:meth:`text`, keeping None."""
        return None if value is None else self.text(value)

    def quoted(self, value: object) -> str:
        """``value`` quoted in a message (``'P2'``), any note after the quotes; else as Python writes it."""
        if not isinstance(value, str):
            return self.text(repr(value))
        masked = self.mask(value)
        quote = '"' if "'" in masked.text and '"' not in masked.text else "'"
        return f"{quote}{masked.text}{quote}{masked.note}"

    def key(self, name: str) -> str:
        """A key as a message shows it: quoted, or its shape when it looks like a secret."""
        return self.key_text(name, quote="'")

    def key_text(self, name: str, quote: str = "") -> str:
        """:meth:`key` without quotes unless ``quote`` is given (a YAML path's parts)."""
        shown = self._keys.get(name)
        if shown is None:
            if len(self._keys) > _KEYS_KEPT:
                self._keys.clear()
            masked = self.mask(name)
            shown = self._keys[name] = (f"<masked key: {_shape(name)}>"
                                        if masked.looks or _LONG_NUMBER.search(name) else masked.text)
        return shown if shown.startswith("<masked key: ") else f"{quote}{shown}{quote}"

    def path(self, path: YamlPath) -> str:
        """:func:`~golive.core.findings.format_path` of ``path``, every key shown as :meth:`key_text` does."""
        return format_path(tuple(p if isinstance(p, int) else self.key_text(p) for p in path))


PLAIN = Redactor()


def text(value: object) -> str:
    """The boundary for text of no particular tenant: :meth:`Redactor.text`."""
    return PLAIN.text(value)


def optional(value: str | None) -> str | None:
    return PLAIN.optional(value)


def quoted(value: object) -> str:
    return PLAIN.quoted(value)


def key(name: str) -> str:
    return PLAIN.key(name)


def path(yaml_path: YamlPath) -> str:
    return PLAIN.path(yaml_path)
