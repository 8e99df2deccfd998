"""What the secrets screen finds (:class:`Kind`, :class:`Found`) and how it reads text (:func:`fold`).

The kinds are golive's own words for each secret: what a finding says (never the
value), how to fix it, and how a mask's note names it (``masked: looks like an SSN``).

:func:`fold` is what the screen reads instead of the text as written: every character
that a reader takes for an ASCII one is read as that one, one character for one (so a
span found in the folded text is the same span in the text): the full-width forms
(``password`` written in U+FF50 ... and a U+FF1A FULLWIDTH COLON, digits U+FF10 ...),
every dash of Unicode's category Pd and the minus sign (``431-72-0815`` written with
U+2010 HYPHEN), every space of category Zs (no-break, thin, ideographic), and the colon-
and equals-like signs (U+2236 RATIO, U+A789, small and superscript forms). Letters that
only look like Latin ones (a Cyrillic a, U+0430) are not folded.
"""

from __future__ import annotations

from dataclasses import dataclass

ROTATE = "remove it from git (history too), rotate it, and keep it in the platform's secret store"
BANK = ("remove it from git (history too); bank details belong in the platform's secret store, "
        "not in tenant config")
PRIVACY = "remove it from git (history too) and report the exposure; SSNs never belong in tenant config"


@dataclass(frozen=True)
class Kind:
    """A kind of secret: said without the value, how to fix it, and how a mask shows it."""

    label: str           # what was found: "an SSN-shaped number"
    fix: str
    looks: str           # in a mask's note, "masked: looks like <looks>"
    digits: bool = False     # a number: its mask keeps the last four digits
    whole: bool = False      # the whole text is the secret (a private key's body follows its header)


@dataclass(frozen=True)
class Found:
    """A secret of ``kind`` at ``text[start:end]``."""

    kind: Kind
    start: int
    end: int


PASSWORD = Kind("a password", ROTATE, "a password")
SECRET = Kind("a secret or token", ROTATE, "a secret or token")
URL_TOKEN = Kind("a credential in a URL's query string", ROTATE, "a credential in a URL")
ROUTING = Kind("a bank routing (ABA) number", BANK, "a bank routing number", digits=True)
ACCOUNT = Kind("a bank account number", BANK, "a bank account number", digits=True)
SSN = Kind("an SSN-shaped number", PRIVACY, "an SSN", digits=True)
CARD = Kind("a payment card number", BANK.replace("bank details", "card numbers"), "a payment card number",
            digits=True)
# Patient data golive never reports (the example evidence carries CMS's published sample), only masks.
MBI = Kind("a Medicare beneficiary identifier", PRIVACY.replace("SSNs", "patient identifiers"),
           "a Medicare beneficiary identifier")
BY_NAME = (PASSWORD, SECRET)   # known only by what it is called, not by its shape

# Unicode's dashes (category Pd, as of Unicode 15; a test holds this list to unicodedata) and
# the minus sign; its spaces (category Zs); colon- and equals-like signs.
DASHES = ("\u058a\u05be\u1400\u1806\u2010\u2011\u2012\u2013\u2014\u2015\u2e17\u2e1a\u2e3a\u2e3b"
          "\u2e40\u2e5d\u301c\u3030\u30a0\ufe31\ufe32\ufe58\ufe63\uff0d\U00010ead\u2212")
SPACES = "\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000"
_COLONS = "\u2236\ua789\ufe13\ufe55\u02d0\u02f8"
_EQUALS = "\ufe66\u207c\u208c"
_FOLD: dict[int, str | int] = {
    **{0xFF01 + i: 0x21 + i for i in range(0x5E)},   # FULLWIDTH EXCLAMATION MARK .. TILDE
    **{ord(c): "-" for c in DASHES},
    **{ord(c): " " for c in SPACES},
    **{ord(c): ":" for c in _COLONS},
    **{ord(c): "=" for c in _EQUALS},
}
_FOLDED = frozenset(map(chr, _FOLD))


def fold(text: str) -> str:
    """``text`` as the screen reads it (see the module docstring); the same length, span for span."""
    if _FOLDED.isdisjoint(text):
        return text
    return text.translate(_FOLD)
