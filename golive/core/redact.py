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

from golive.core import secrets_screen
from golive.core.findings import YamlPath, format_path
from golive.core.secrets_screen import Found, Kind

# Characters that must never reach an output raw (see the module docstring): every code
# point of Unicode's categories Cc (controls), Cf (invisible format characters: zero-width
# spaces and joiners, direction marks, embeddings, overrides and isolates, the byte-order
# mark, soft hyphen, tag characters), Zl and Zp (line and paragraph separators), as of
# Unicode 14 (a test holds this list to the running Python's unicodedata); and the other
# default-ignorable code points that show nothing yet are not in those categories
# (variation selectors, the combining grapheme joiner, Hangul and Khmer fillers, the
# Mongolian free variation selectors), which would split a secret invisibly.
_IGNORABLE = "\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef"
_CONTROL_RANGES = (_IGNORABLE + "\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
                   "\u180e\u200b-\u200f\u2028-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
                   "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3"
                   "\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
CONTROLS = re.compile(f"[{_CONTROL_RANGES}]")
# Of those, the ones that take no room on a line (category Cf): read as absent when looking
# for secrets, where the others are read as a space (and, again, as absent).
_INVISIBLE = re.compile("[" + _IGNORABLE + "\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
                        "\u180e\u200b-\u200f"
                        "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd"
                        "\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
                        "\U000e0001\U000e0020-\U000e007f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
STARS = "********"
_NOTE_START = " (masked: looks like "
_LONG_NUMBER = re.compile(r"\d{6}")
# A known secret is masked where it stands alone, not inside a longer word or number.
_KNOWN_SHORTEST = 4
_KEYS_KEPT = 4096   # masked keys remembered by one Redactor


def _escape_char(m: re.Match[str]) -> str:
    c = m[0]
    n = ord(c)
    return _NAMED.get(c) or (f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")


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


# A GitHub Actions runner reads a line of a job's log as a workflow command when it starts
# (after blanks) with '::' (::error::, ::add-mask::, ::stop-commands::), or holds '##[' and a
# command's name anywhere (the older syntax). Text from data may start a line of text output:
# its leading ':' and every '##[' are written escaped (\x3a, \x23), as a control is.
_COMMAND_START = re.compile(r"\s*:(?=:)")
_OLD_COMMAND = "##["


def neutral(text: str) -> str:
    """``text`` unable to act as a workflow command wherever a line of output starts with it."""
    if m := _COMMAND_START.match(text):
        text = f"{text[:m.end() - 1]}\\x3a{text[m.end():]}"
    return text.replace(_OLD_COMMAND, "\\x23#[") if _OLD_COMMAND in text else text


def _views(text: str) -> list[tuple[str, list[int] | None]]:
    """The texts the screen reads for ``text``, each with where its characters are in ``text``.

    A text without control characters is read as it is. Otherwise twice: with each control
    character as a space, and without any; invisible format characters are read as absent
    both times. So neither ``\\x01431-72-0815`` (a control character before a number, which
    would stick to it once escaped) nor ``431-72\\x00-0815`` or ``gh\\u200bp_...`` (one inside
    a secret, splitting it) hides a secret.
    """
    if not CONTROLS.search(text):
        return [(text, None)]
    views: list[tuple[str, list[int] | None]] = []
    for spaced in (True, False):
        kept: list[str] = []
        where: list[int] = []
        for i, c in enumerate(text):
            if not CONTROLS.match(c):
                kept.append(c)
                where.append(i)
            elif spaced and not _INVISIBLE.match(c):
                kept.append(" ")
                where.append(i)
        views.append(("".join(kept), where))
    return views


@functools.cache
def _note() -> re.Pattern[str]:
    """A note a masking writes, word for word: only what :func:`secrets_screen.every_look` holds."""
    look = "|".join(re.escape(w) for w in sorted(secrets_screen.every_look(), key=len, reverse=True))
    return re.compile(f"{re.escape(_NOTE_START)}(?:{look})(?:(?:, | and )(?:{look}))*\\)")


def _read(text: str) -> list[tuple[str, list[int] | None]]:
    """:func:`_views` of ``text``, less the notes an earlier masking wrote.

    A note is left out only when it says nothing but what a note says (the words of
    :func:`_note`), so no text written in the data to look like a note hides anything.
    """
    out = []
    for view, where in _views(text):
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
        kinds: dict[str, Kind] = {}
        for value, kind in known:
            if len(value) >= _KNOWN_SHORTEST:
                kinds.setdefault(value, kind)
        self._known = {**kinds, **{escape(v): k for v, k in kinds.items()}}
        self._keys: dict[str, str] = {}   # keys repeat (every finding's path has some): each masked once
        # Looked for as written in the text as written, and escaped in the escaped text.
        self._raw = self._known_pattern(set(kinds)) if kinds else None
        self._pattern = self._known_pattern({escape(v) for v in kinds}) if kinds else None

    @staticmethod
    def _known_pattern(values: set[str]) -> re.Pattern[str]:
        longest_first = sorted(values, key=len, reverse=True)
        return re.compile("(?<![^\\W_])(?:" + "|".join(map(re.escape, longest_first)) + ")(?![^\\W_])")

    def _found(self, text: str, pattern: re.Pattern[str] | None) -> list[Found]:
        found = secrets_screen.recognise(text, wide=True) if secrets_screen.screened(text) else []
        if pattern is not None:
            found += [Found(self._known[m[0]], m.start(), m.end()) for m in pattern.finditer(text)]
        return found

    def mask(self, text: str) -> Masked:
        """``text`` escaped and masked, and what was masked.

        Secrets are looked for in the text as written (read as :func:`_views` says), then
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
        found = self._found_in(text, self._raw)
        shown = neutral(self._splice(text, _merged(found), looks))
        if shown == text and not found:
            return Masked(shown, tuple(looks))
        while True:
            masked = neutral(self._splice(shown, _merged(self._found_in(shown, self._pattern)), looks))
            if masked == shown:
                return Masked(shown, tuple(looks))
            shown = masked

    def _found_in(self, text: str, pattern: re.Pattern[str] | None) -> list[Found]:
        """What is left to mask in ``text`` (read as :func:`_read` says).

        Not a span of stars alone, nor one that masking would leave as it is (``***-**-0815``):
        so text that masking leaves alone has nothing found in it and gets no note.
        """
        found = [Found(f.kind, where[f.start], where[f.end - 1] + 1) if where is not None else f
                 for view, where in _read(text) for f in self._found(view, pattern)]
        return [f for f in found if (span := text[f.start:f.end]).strip("*") and _hide(span, [f.kind]) != span]

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
