"""The secrets screen: what golive recognises as a secret in a piece of tenant text, and where.

Two rule sets, one answer (:func:`recognise`, a list of :class:`Found` spans):

- golive's own, for what only this domain knows: SSNs, ABA routing numbers, bank
  account numbers, and a credential *named* by its key or URL parameter
  (``password:``, ``client_secret:``, ``?token=``);
- detect-secrets' (:mod:`golive.core.credentials`), for credentials by their shape:
  cloud keys, provider tokens, private keys, JWTs, a password in a URL, keyword
  assignments (``password: ...`` in free text) and high-entropy strings.

The GL-SECRET policy reports what it finds (never the value); the masking of
output (:mod:`golive.core.redact`) hides the same spans. Masking is the wider of the
two (``wide``): it hides every ABA-valid routing number, with or without a bank
word near it, since hiding an identifier costs a message little.

Domain rules, in detail:

- an ABA routing number is nine digits that pass the 3-7-1 checksum and start
  with a Federal Reserve prefix, *and* (unless ``wide``) the value's key or its
  mapping's names routing, ABA or a bank, or ``routing``/``ABA``/``RTN``/``bank``
  comes just before it; nine digits alone are X12 ids and payer ids;
- a bank account number is 6 to 17 digits under a key such as ``account_number``,
  ``acct``, ``iban`` or ``bank_account`` (``account`` alone is an account id),
  or after ``account``/``acct`` in the text;
- an SSN is ``NNN-NN-NNNN`` standing alone, or nine digits (also dashed, spaced
  or dotted) under an ``ssn`` key or after ``SSN``; and, when ``wide``, also
  ``NNN NN NNNN``, ``NNN.NN.NNNN`` and any of these touching a letter or ``_``
  (``x_431-72-0815``), never as part of a longer number; unless the SSA never
  issues it (area 000, 666 or 900-999, group 00, serial 0000);
- credentials named in free text and URLs in the forms detect-secrets misses:
  :mod:`golive.core.credential_text`.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from golive.core import credential_text, credentials

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


PASSWORD = Kind("a password", ROTATE, "a password")
SECRET = Kind("a secret or token", ROTATE, "a secret or token")
URL_TOKEN = Kind("a credential in a URL's query string", ROTATE, "a credential in a URL")
ROUTING = Kind("a bank routing (ABA) number", BANK, "a bank routing number", digits=True)
ACCOUNT = Kind("a bank account number", BANK, "a bank account number", digits=True)
SSN = Kind("an SSN-shaped number", PRIVACY, "an SSN", digits=True)
BY_NAME = (PASSWORD, SECRET)   # known only by what it is called, not by its shape

# detect-secrets' names for what golive says in its own words; any other is "a credential (<name>)".
_CREDENTIAL_WORDS = {
    credentials.KEYWORD: ("a password or secret assigned in the text", "a password or secret"),
    credentials.ENTROPY: ("a high-entropy string (likely a key or token)", "a key or token"),
    "Basic Auth Credentials": ("a password in a URL", "a password in a URL"),
    "Private Key": ("a private key", "a private key"),
}


@functools.cache
def credential_kind(secret_type: str) -> Kind:
    """The kind of a credential detect-secrets names ``secret_type``."""
    label, looks = _CREDENTIAL_WORDS.get(secret_type, (f"a credential ({secret_type})",) * 2)
    return Kind(label, ROTATE, looks, whole=secret_type == "Private Key")


@functools.cache
def every_look() -> frozenset[str]:
    """What a mask's note can say a secret looks like (``an SSN``, ``a credential (GitHub Token)``)."""
    own = (PASSWORD, SECRET, URL_TOKEN, ROUTING, ACCOUNT, SSN)
    return frozenset(k.looks for k in own) | {credential_kind(t).looks for t in credentials.secret_types()}


@dataclass(frozen=True)
class Found:
    """A secret of ``kind`` at ``text[start:end]``."""

    kind: Kind
    start: int
    end: int


_I = re.IGNORECASE
# NNN-NN-NNNN, NNN NN NNNN or NNN.NN.NNNN (one separator throughout); letters and '_' may
# touch it (x_431-72-0815), digits may not: see _ssns.
_SSN_SHAPE = re.compile(r"(?<!\d)(\d{3})([-. ])(\d{2})\2(\d{4})(?!\d)")
_SSN_AFTER = re.compile(
    r"(?:ssn|social security(?: number| no\.?)?)[\W_]{0,3}+(\d{3}[-. ]?\d{2}[-. ]?\d{4})(?!\d)", _I)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NINE = re.compile(r"(?<![\w-])\d{9}(?![\w-])")
_BANK_BEFORE = re.compile(r"\b(?:routing|aba|rtn|bank|transit)\b", _I)
# Possessive: the blanks around "number", "." and ":" are each read once (no backtracking
# into them, which made a long run of spaces after "account" take cubic time).
_ACCOUNT_AFTER = re.compile(r"\b(?:acct|account)(?![a-z])(?:\s*+(?:number|num|no)\b)?\.?\s*+(?:[:#=]\s*+)?"
                            r"(\d(?:[ -]?\d){5,16})(?![\d-])", _I)
# Around a credential detect-secrets found, the rest of its token (a JWT's signature after
# the part its pattern stops at, a GitHub token after the prefix its pattern captures).
_TOKEN_CHARS = re.compile(r"[\w+=.~-]*")

_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase"})
_SECRET_WORDS = frozenset({"secret", "secrets", "token", "tokens", "apikey", "credential",
                           "credentials", "privatekey"})
_SECRET_PAIRS = frozenset({("api", "key"), ("private", "key"), ("access", "key"),
                           ("signing", "key"), ("auth", "key")})
# URL query parameters that carry a credential, besides the names above.
_URL_PARAMS = frozenset({"key", "sig", "signature", "code"})
_ROUTING_WORDS = frozenset({"routing", "aba", "rtn", "bank", "transit"})
_ACCOUNT_WORDS = frozenset({"acct", "iban"})
_NUMBER_WORDS = frozenset({"number", "num", "no", "nr"})
_SSN_WORDS = frozenset({"ssn"})
# The first two digits of a routing number: 00 government, 01-12 the Federal Reserve
# districts, 21-32 thrifts, 61-72 electronic, 80 traveler's checks.
_ABA_PREFIXES = frozenset(range(0, 13)) | frozenset(range(21, 33)) | frozenset(range(61, 73)) | {80}
KEY_WORDS = (_PASSWORD_WORDS | _SECRET_WORDS | _ROUTING_WORDS | _ACCOUNT_WORDS | _SSN_WORDS
             | {"account"} | {word for pair in _SECRET_PAIRS for word in pair})

# Only a text this matches (lower-cased) can hold anything the rules above could find: a run
# of six digits, a dashed SSN, a word they look for, a URL's query, or what detect-secrets'
# screen passes. Most values (ids, dates, names) stop here.
_OWN_SCREEN = (r"\d{6}|\d{3}[-. ]\d{2}[-. ]\d{4}|ssn|social|routing|aba|rtn|bank|transit|acct|account"
               r"|pw|bearer|basic|authori|[a-z0-9]:[^\s]")
SCREEN = re.compile(f"{_OWN_SCREEN}|{credentials.SCREEN.pattern}")
_CREDENTIALS_ONLY = credentials.SCREEN


@functools.lru_cache(maxsize=4096)
def words(key: str) -> tuple[str, ...]:
    """``bankRoutingNo`` / ``bank-routing_no`` -> ("bank", "routing", "no")."""
    return tuple(re.findall(r"[a-z0-9]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).lower()))


def names_secret(words: tuple[str, ...]) -> Kind | None:
    """PASSWORD or SECRET when a key (or URL parameter) of these words names a credential."""
    if _PASSWORD_WORDS.intersection(words):
        return PASSWORD
    if _SECRET_WORDS.intersection(words) or _SECRET_PAIRS.intersection(itertools.pairwise(words)):
        return SECRET
    return None


def is_routing_number(digits: str) -> bool:
    """Nine digits with a Federal Reserve prefix that pass the ABA 3-7-1 checksum."""
    if len(digits) != 9 or not digits.isdigit() or int(digits[:2]) not in _ABA_PREFIXES:
        return False
    return sum(w * int(d) for w, d in zip((3, 7, 1) * 3, digits, strict=True)) % 10 == 0


def is_ssn(area: str, group: str, serial: str) -> bool:
    """Shaped like an SSN the SSA could have issued (not area 000/666/9xx, group 00, serial 0000)."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def screened(text: str) -> bool:
    """Whether ``text`` may hold anything :func:`recognise` finds without a key's help."""
    return SCREEN.search(text.lower()) is not None


@functools.lru_cache(maxsize=4096)
def keyed(own: tuple[str, ...], parent: tuple[str, ...]) -> bool:
    """Whether the key rules have anything to say under these keys' words."""
    return not KEY_WORDS.isdisjoint(own) or not KEY_WORDS.isdisjoint(parent)


def by_key(text: str, own: tuple[str, ...], parent: tuple[str, ...]) -> list[Kind]:
    """What the value's key (``own``) and its mapping's key (``parent``) say the whole value is."""
    context = own + parent
    digits = re.sub(r"[ -]", "", text)
    kinds = []
    secret = names_secret(own)
    if secret is not None and text.strip():
        kinds.append(secret)
    if _ACCOUNT_WORDS.intersection(own) or ("account" in own and (
            _NUMBER_WORDS.intersection(own) or "bank" in context)):
        if digits.isdigit() and 6 <= len(digits) <= 17:
            kinds.append(ACCOUNT)
    elif _ROUTING_WORDS.intersection(context) and is_routing_number(digits):
        kinds.append(ROUTING)
    if (_SSN_WORDS.intersection(context) and len(digits) == 9 and digits.isdigit()
            and is_ssn(digits[:3], digits[3:5], digits[5:])):
        kinds.append(SSN)
    return kinds


def _ssns(text: str, wide: bool) -> Iterable[Found]:
    """SSN-shaped numbers. Reported (and masked) when dashed and standing alone, or after
    ``SSN``; masked only (``wide``) when spaced or dotted, or touching a letter or ``_``
    (``x_431-72-0815``, ``SMOKE-431-72-0815``). Nine bare digits are X12 ids, payer ids and
    EINs as often as SSNs: only after ``SSN`` (or under an ``ssn`` key) are they one."""
    for m in _SSN_SHAPE.finditer(text):
        before, after = text[max(0, m.start() - 2):m.start()], text[m.end():m.end() + 2]
        if (before[-1:] == m[2] and before[:1].isdigit()) or (after[:1] == m[2] and after[1:].isdigit()):
            continue   # one piece of a longer number: 1-431-72-0815, 431-72-0815-2
        alone = (m[2] == "-" and (m.start() == 0 or not re.match(r"[\w.-]", text[m.start() - 1]))
                 and (m.end() == len(text) or not re.match(r"[\w-]", text[m.end()])))
        if (wide or alone) and is_ssn(m[1], m[3], m[4]):
            yield Found(SSN, m.start(), m.end())
    for m in _SSN_AFTER.finditer(text):
        d = re.sub(r"\D", "", m[1])
        if is_ssn(d[:3], d[3:5], d[5:]):
            yield Found(SSN, m.start(1), m.end(1))


def _numbers(text: str, wide: bool) -> Iterable[Found]:
    yield from _ssns(text, wide)
    for m in _NINE.finditer(text):
        if is_routing_number(m[0]) and (
                wide or _BANK_BEFORE.search(text, max(0, m.start() - 30), m.start())):
            yield Found(ROUTING, m.start(), m.end())
    for m in _ACCOUNT_AFTER.finditer(text):
        if 6 <= len(re.sub(r"[ -]", "", m[1])) <= 17 and not _DATE.fullmatch(m[1]):
            yield Found(ACCOUNT, m.start(1), m.end(1))


def _url_parameter(name: str) -> bool:
    named = words(name)
    return bool(names_secret(named) or _URL_PARAMS.intersection(named))


def _named(text: str) -> Iterable[Found]:
    """Credentials named in the text or written in a URL (:mod:`golive.core.credential_text`)."""
    assigned, in_url = credential_kind(credentials.KEYWORD), credential_kind("Basic Auth Credentials")
    yield from (Found(assigned, start, end) for start, end in credential_text.assignments(text))
    yield from (Found(in_url, start, end) for start, end in credential_text.url_passwords(text))
    in_query = credential_text.url_parameters(text, _url_parameter)
    yield from (Found(URL_TOKEN, start, end) for start, end in in_query)


def _shapes(text: str) -> Iterable[Found]:
    """Credentials detect-secrets recognises, each span widened to its whole token.

    Each occurrence of a value is widened over the token characters around it, but not back
    over a token already widened: so many occurrences in one long run cost one pass over it.
    """
    for credential in credentials.credentials(text, screened=True):
        kind = credential_kind(credential.secret_type)
        if kind.whole:
            yield Found(kind, 0, len(text))
            continue
        floor = 0
        written = r"\s+".join(map(re.escape, credential.value.split())) or re.escape(credential.value)
        for m in re.finditer(written, text):
            if m.start() < floor:
                continue
            start = m.start()
            while start > floor and (text[start - 1].isalnum() or text[start - 1] in "_+=.~-"):
                start -= 1
            after = _TOKEN_CHARS.match(text, m.end())
            floor = after.end() if after else m.end()
            yield Found(kind, start, floor)


# Kinds that say only what a credential is called, never what it is.
_NAMED_LABELS = frozenset({credential_kind(credentials.KEYWORD).label,
                           credential_kind(credentials.ENTROPY).label})


def recognise(text: str, own: tuple[str, ...] = (), parent: tuple[str, ...] = (), *,
              wide: bool = False, lowered: str | None = None) -> list[Found]:
    """Every secret in ``text``: kind and span, key rules first, each (kind, span) once.

    ``own`` and ``parent`` are the words (:func:`words`) of the value's key and of
    its mapping's key, for the rules that go by keys; ``wide`` masks rather than
    reports (any ABA-valid number counts). ``lowered`` is ``text.lower()`` when the
    caller has it.
    """
    found = [Found(kind, 0, len(text)) for kind in by_key(text, own, parent)] if own or parent else []
    low = text.lower() if lowered is None else lowered
    if SCREEN.search(low):
        found += _numbers(text, wide)
        shaped = list(_named(text))
        if _CREDENTIALS_ONLY.search(low):
            shaped += _shapes(text)
        # A credential recognised by its shape says more than "the key is called token", and
        # more than "high entropy" or "assigned to a password" said of the same characters
        # (a report says it once; a mask hides all of them).
        strong = [f for f in shaped if f.kind.label not in _NAMED_LABELS]
        if strong and not wide:
            found = [f for f in found if f.kind not in BY_NAME]
            shaped = [f for f in shaped if f in strong or not any(
                g.start < f.end and f.start < g.end for g in strong)]
        found += shaped
    return list(dict.fromkeys(found))



def screened_indexes(texts: list[str]) -> set[int]:
    """The indexes of ``texts`` that :data:`SCREEN` matches: one search per match over them all, joined."""
    starts, offset = [], 0
    for text in texts:
        starts.append(offset)
        offset += len(text) + 1
    joined = "\n".join(texts)
    lowered = joined.lower()
    if len(lowered) != len(joined):   # a character whose lower case is longer: offsets would shift
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in joined)
    found, at, search = set(), 0, SCREEN.search
    while (m := search(lowered, at)) is not None:
        index = bisect.bisect_right(starts, m.start()) - 1
        found.add(index)
        at = starts[index + 1] if index + 1 < len(starts) else len(lowered)   # on to the next text
    return found
