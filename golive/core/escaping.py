"""Control characters and workflow commands written harmless: the escaping half of the output boundary.

:func:`escape` writes every control character as an escape, so that no value can move a
terminal's cursor, clear it, set its title or rewrite a CI log line: C0 controls (NUL,
BEL, ESC, CR, LF, TAB ...), DEL, C1 controls (CSI), the invisible format characters
(zero-width spaces and joiners, direction marks, embeddings, overrides and isolates that
reorder text, the byte-order mark) and line separators (all of Unicode's Cc, Cf, Zl and
Zp) become ``\\n``, ``\\r``, ``\\t``, ``\\xNN`` or ``\\uNNNN``. :func:`neutral` writes a leading
``::`` or any ``##[`` escaped, so that no value at the start of a line is a GitHub Actions
workflow command. :func:`views` is how the screen reads a text that holds controls.
"""

from __future__ import annotations

import re

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
def _escape_char(m: re.Match[str]) -> str:
    c = m[0]
    n = ord(c)
    return _NAMED.get(c) or (f"\\x{n:02x}" if n < 0x100 else f"\\u{n:04x}" if n < 0x10000 else f"\\U{n:08x}")


def escape(text: str) -> str:
    """``text`` with every control character written as an escape (``\\x1b``, ``\\r``, ``\\u202e``)."""
    return CONTROLS.sub(_escape_char, text)


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


def views(text: str) -> list[tuple[str, list[int] | None]]:
    """The texts the screen reads for ``text``, each with where its characters are in ``text``.

    A text without control characters is read as it is. Otherwise twice: with each control
    character as a space, and without any; invisible format characters are read as absent
    both times. So neither ``\\x01431-72-0815`` (a control character before a number, which
    would stick to it once escaped) nor ``431-72\\x00-0815`` or ``gh\\u200bp_...`` (one inside
    a secret, splitting it) hides a secret.
    """
    if not CONTROLS.search(text):
        return [(text, None)]
    out: list[tuple[str, list[int] | None]] = []
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
        out.append(("".join(kept), where))
    return out
