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

Domain rules: numbers (SSNs, routing, account and payment card numbers, IBANs) in
:mod:`golive.core.secret_numbers`; what an X12 segment's qualifiers name (an SSN in
``NM109`` or ``REF02``, a password in ``ISA04``) in :mod:`golive.core.secret_x12`;
credentials named in free text and URLs in the forms detect-secrets misses in
:mod:`golive.core.credential_text`. Every rule reads
the text :func:`~golive.core.secret_kinds.fold`-ed: a full-width colon, a Unicode
hyphen or a no-break space is read as its ASCII look-alike.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterable

from golive.core import credential_text, credentials, secret_numbers, secret_x12
from golive.core.secret_kinds import (
    ACCOUNT,
    BY_NAME,
    CARD,
    MBI,
    PASSWORD,
    ROTATE,
    ROUTING,
    SECRET,
    SSN,
    URL_TOKEN,
    Found,
    Kind,
    fold,
)
from golive.core.secret_numbers import is_routing_number, is_ssn

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
    own = (PASSWORD, SECRET, URL_TOKEN, ROUTING, ACCOUNT, SSN, CARD, MBI)
    return frozenset(k.looks for k in own) | {credential_kind(t).looks for t in credentials.secret_types()}


_I = re.IGNORECASE
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
KEY_WORDS = (_PASSWORD_WORDS | _SECRET_WORDS | _ROUTING_WORDS | _ACCOUNT_WORDS | _SSN_WORDS
             | {"account"} | {word for pair in _SECRET_PAIRS for word in pair})

# Only a text this matches (lower-cased) can hold anything the rules above could find: a run
# of six digits, a dashed SSN, a word they look for, a URL's query, or what detect-secrets'
# screen passes. Most values (ids, dates, names) stop here.
_OWN_SCREEN = (f"{secret_numbers.SCREEN}|{secret_x12.SCREEN}|pin(?<![a-z]pin)(?![a-z])"
               "|login|creds|recovery|backup|seed|cookie|session|pw|bearer|basic|authori|[a-z0-9]:[^\\s]")
SCREEN = re.compile(f"{_OWN_SCREEN}|{credentials.SCREEN.pattern}")
_CREDENTIALS_ONLY = credentials.SCREEN


@functools.lru_cache(maxsize=4096)
def words(key: str) -> tuple[str, ...]:
    """``bankRoutingNo`` / ``bank-routing_no`` -> ("bank", "routing", "no")."""
    return tuple(re.findall(r"[a-z0-9]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", fold(key)).lower()))


def names_secret(words: tuple[str, ...]) -> Kind | None:
    """PASSWORD or SECRET when a key (or URL parameter) of these words names a credential."""
    if _PASSWORD_WORDS.intersection(words):
        return PASSWORD
    if _SECRET_WORDS.intersection(words) or _SECRET_PAIRS.intersection(itertools.pairwise(words)):
        return SECRET
    return None


def screened(text: str) -> bool:
    """Whether ``text`` may hold anything :func:`recognise` finds without a key's help."""
    return SCREEN.search(fold(text).lower()) is not None


@functools.lru_cache(maxsize=4096)
def keyed(own: tuple[str, ...], parent: tuple[str, ...]) -> bool:
    """Whether the key rules have anything to say under these keys' words."""
    return not KEY_WORDS.isdisjoint(own) or not KEY_WORDS.isdisjoint(parent)


def by_key(text: str, own: tuple[str, ...], parent: tuple[str, ...]) -> list[Kind]:
    """What the value's key (``own``) and its mapping's key (``parent``) say the whole value is."""
    context = own + parent
    text = fold(text)
    digits = re.sub(r"[ .-]", "", text)
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
            while start > floor and (text[start - 1].isalnum() or text[start - 1] in "_+.~-"):
                start -= 1
            after = _TOKEN_CHARS.match(text, m.end())
            floor = after.end() if after else m.end()
            yield Found(kind, start, floor)


# Kinds that say only what a credential is called, never what it is.
_NAMED_LABELS = frozenset({credential_kind(credentials.KEYWORD).label,
                           credential_kind(credentials.ENTROPY).label})


def recognise(text: str, own: tuple[str, ...] = (), parent: tuple[str, ...] = (), *,
              wide: bool = False) -> list[Found]:
    """Every secret in ``text``: kind and span, key rules first, each (kind, span) once.

    ``own`` and ``parent`` are the words (:func:`words`) of the value's key and of
    its mapping's key, for the rules that go by keys; ``wide`` masks rather than
    reports (any ABA-valid number counts). The text is read folded (:func:`fold`).

    The answer depends on the arguments alone, and tenant files repeat the same short
    values (ids, paths, digests, dates) across rows, files and tenants: a short text's
    answer is remembered (:data:`MEMO_TEXT`), a fresh list each call.
    """
    if len(text) > MEMO_TEXT:
        return _recognise(text, own, parent, wide)
    return list(_remembered(text, own, parent, wide))


# Texts up to this many characters have their answer remembered; longer ones (free text,
# certificates) rarely repeat, and remembering them would hold their text.
MEMO_TEXT = 256


@functools.lru_cache(maxsize=1 << 14)
def _remembered(text: str, own: tuple[str, ...], parent: tuple[str, ...],
                wide: bool) -> tuple[Found, ...]:
    return tuple(_recognise(text, own, parent, wide))


def _recognise(text: str, own: tuple[str, ...], parent: tuple[str, ...], wide: bool) -> list[Found]:
    found = [Found(kind, 0, len(text)) for kind in by_key(text, own, parent)] if own or parent else []
    text = fold(text)
    low = text.lower()
    if SCREEN.search(low):
        found += secret_numbers.numbers(text, wide)
        found += secret_x12.found(text)
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
    joined = fold("\n".join(texts))
    lowered = joined.lower()
    if len(lowered) != len(joined):   # a character whose lower case is longer: offsets would shift
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in joined)
    found, at, search = set(), 0, SCREEN.search
    while (m := search(lowered, at)) is not None:
        index = bisect.bisect_right(starts, m.start()) - 1
        found.add(index)
        at = starts[index + 1] if index + 1 < len(starts) else len(lowered)   # on to the next text
    return found
