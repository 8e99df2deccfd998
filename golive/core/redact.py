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
  CR, LF, TAB ...), DEL, C1 controls (CSI), the invisible format characters
  (zero-width spaces and joiners, direction marks, embeddings, overrides and
  isolates that reorder text, the byte-order mark) and line separators (all of
  Unicode's Cc, Cf, Zl and Zp) become ``\\n``, ``\\r``, ``\\t``, ``\\xNN`` or ``\\uNNNN``;
- writes a leading ``::`` or any ``##[`` escaped (:func:`neutral`), so that no value
  at the start of a line is a GitHub Actions workflow command.

A key is never echoed when it looks like a secret (the screen recognises it, or
it holds a run of six digits, which no key of the tenant format has):
:meth:`Redactor.key` gives its shape instead, ``<masked key: 10 digits>``.

A tenant's own :class:`Redactor` also knows the secrets GL-SECRET found in its
files, with the help of their keys (``account_number: "4001002003"``), and masks
them wherever else they appear. Masking is idempotent: masked text masks to itself.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from golive.core import echoes, secrets_screen
from golive.core.escaping import CONTROLS, escape, neutral, views  # noqa: F401 (CONTROLS: callers' name)
from golive.core.findings import YamlPath, format_path
from golive.core.secrets_screen import Found, Kind

STARS = "********"
_NOTE_START = " (masked: looks like "
_LONG_NUMBER = re.compile(r"\d{6}")
_KEYS_KEPT = 4096   # masked keys remembered by one Redactor
_MASKS_TEXT = 256   # texts up to this long have their mask remembered (for each list of known secrets)
_MASKS_KEPT = 1 << 14
_MASKS: dict[tuple[tuple[tuple[str, Kind], ...], str], Masked] = {}


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


@functools.cache
def _note() -> re.Pattern[str]:
    """A note a masking writes, word for word: only what :func:`secrets_screen.every_look` holds."""
    look = "|".join(re.escape(w) for w in sorted(secrets_screen.every_look(), key=len, reverse=True))
    return re.compile(f"{re.escape(_NOTE_START)}(?:{look})(?:(?:, | and )(?:{look}))*\\)")


def _read(text: str) -> list[tuple[str, list[int] | None]]:
    """:func:`~golive.core.escaping.views` of ``text``, less the notes an earlier masking wrote.

    A note is left out only when it says nothing but what a note says (the words of
    :func:`_note`), so no text written in the data to look like a note hides anything.
    """
    out = []
    for view, where in views(text):
        if _NOTE_START not in view:
            out.append((view, where))
            continue
        kept: list[str] = []
        at_view: list[int] = []
        at = 0
        for m in [*_note().finditer(view), None]:
            end = len(view) if m is None else m.start()
            kept.append(view[at:end])
            at_view += range(at, end)
            at = end if m is None else m.end()
        out.append(("".join(kept), at_view if where is None else [where[i] for i in at_view]))
    return out


def _merged(found: Iterable[Found]) -> list[tuple[int, int, list[Kind]]]:
    """Spans of ``found`` in order, overlapping ones merged (with all their kinds)."""
    spans: list[tuple[int, int, list[Kind]]] = []
    for f in sorted(found, key=lambda f: (f.start, -f.end)):
        if spans and f.start < spans[-1][1]:
            start, end, kinds = spans[-1]
            spans[-1] = (start, max(end, f.end), [*kinds, f.kind])
        else:
            spans.append((f.start, f.end, [f.kind]))
    return spans


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
        pairs = list(known)
        self._pairs = tuple(pairs)   # what a mask depends on besides its text (their order too)
        # Looked for as written, and escaped (as the text shown writes a control character).
        self._known = echoes.Echoes([*pairs, *((escape(v), k) for v, k in pairs)])
        self._keys: dict[str, str] = {}   # keys repeat (every finding's path has some): each masked once

    def _found(self, text: str) -> list[Found]:
        """What the screen finds in ``text``, the known secrets, and each found secret again."""
        found = secrets_screen.recognise(text, wide=True) if secrets_screen.screened(text) else []
        found += self._known.find(text)
        if found:
            found += echoes.of(frozenset((text[f.start:f.end], f.kind) for f in found)).find(text)
        return found

    def mask(self, text: str) -> Masked:
        """``text`` escaped and masked, and what was masked (:meth:`_mask`).

        A mask depends on the text and the known secrets alone, and the same messages,
        keys and values recur across the tenants of a run (most of which have no known
        secret): a short text's mask is remembered by both.
        """
        if len(text) > _MASKS_TEXT:
            return self._mask(text)
        key = (self._pairs, text)
        masked = _MASKS.get(key)
        if masked is None:
            if len(_MASKS) >= _MASKS_KEPT:
                _MASKS.clear()
            masked = _MASKS[key] = self._mask(text)
        return masked

    def _mask(self, text: str) -> Masked:
        """``text`` escaped and masked, and what was masked.

        Secrets are looked for in the text as written (read as :func:`~golive.core.escaping.views` says), then
        in the escaped text, which is what is shown, again after each masking until nothing
        more changes: so masked text, looked at again, shows nothing more to mask. The text
        looked at again is the text shown, workflow commands neutralised (:func:`neutral`), since
        the ``\\x3a`` written for a leading ``:`` can itself read as a URL's scheme. Every
        masking that changes the text turns at least one character that is not ``*`` into
        ``*`` and never adds another, so the rounds end (at most one per character). The
        notes of an earlier masking are not read, but only notes word for word as golive
        writes them (:func:`_read`): a ``(masked: ...)`` written in the data to hide
        something is read like the rest of it.
        """
        looks: dict[str, None] = {}
        found = self._found_in(text)
        shown = neutral(self._splice(text, _merged(found), looks))
        if shown == text and not found:
            return Masked(shown, tuple(looks))
        while True:
            masked = neutral(self._splice(shown, _merged(self._found_in(shown)), looks))
            if masked == shown:
                return Masked(shown, tuple(looks))
            shown = masked

    def _found_in(self, text: str) -> list[Found]:
        """What is left to mask in ``text`` (read as :func:`_read` says).

        Not a span of stars alone, nor one that masking would leave as it is (``***-**-0815``):
        so text that masking leaves alone has nothing found in it and gets no note.
        """
        found = [Found(f.kind, where[f.start], where[f.end - 1] + 1) if where is not None else f
                 for view, where in _read(text) for f in self._found(view)]
        spans = ((f, text[f.start:f.end]) for f in found)
        return [f for f, span in spans if span.strip("*") and _hide(span, [f.kind]) != span]

    @staticmethod
    def _splice(text: str, spans: list[tuple[int, int, list[Kind]]], looks: dict[str, None]) -> str:
        """``text`` escaped, with each span hidden, adding what each looks like to ``looks``."""
        out, at = [], 0
        for start, end, kinds in spans:
            out += [escape(text[at:start]), escape(_hide(text[start:end], kinds))]
            looks.update(dict.fromkeys(k.looks for k in kinds))
            at = end
        out.append(escape(text[at:]))
        return "".join(out)

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
