"""No credentials, bank details or SSNs in tenant files: they are archived and shared as they are.

Every string (and integer) in every tenant file, rule sets included, is read; a
finding says what kind of value it found and never repeats the value. Flagged:

- a credential by its key: a non-empty value under a key that names one
  (``password``, ``passwd``, ``secret``, ``client_secret``, ``token``, ``api_key``,
  ``private_key``, ...), and ``password: ...`` or ``token=...`` written in free text;
- a credential by its shape, anywhere: an AWS access key id (``AKIA...``), a GitHub
  token (``ghp_...``, ``github_pat_...``), a Slack token (``xoxb-...``, ``xoxp-...``)
  or webhook URL, a ``-----BEGIN ... PRIVATE KEY-----`` header, a bearer token or
  JWT, a URL with a password in it (``https://user:pw@host``) or a credential query
  parameter (``?token=``, ``&sig=``, ``?api_key=``);
- an ABA routing number: nine digits that pass the 3-7-1 checksum and start with a
  Federal Reserve prefix, *and* either the value's key or the key of the mapping
  holding it names routing, ABA or a bank, or ``routing``, ``ABA``, ``RTN`` or
  ``bank`` comes just before it in the text. Nine digits alone are never enough:
  X12 ids (``receiver_id: "030240928"``, GS codes) and payer ids are identifiers;
- a bank account number: 6 to 17 digits under a key such as ``account_number``,
  ``acct``, ``iban`` or ``bank_account`` (``account`` alone is not enough: an
  account id is not a bank account), or after ``account``/``acct`` in the text;
- an SSN: ``NNN-NN-NNNN`` anywhere (nine digits under an ``ssn`` key or after
  ``SSN``), unless the SSA never issues it: area 000, 666 or 900-999, group 00,
  serial 0000.

Every file that parses as YAML is read, whether or not it matches its schema: a
stray ``password:`` key is a schema error (unknown key) *and* this rule's finding,
since the value is in git either way. YAML comments are not read.

Passing: ``receiver_id: "030240928"``; ``address: https://pm.acme.example/hooks/rcm``;
``notes: Smoke run posted the same afternoon; 212 claims out``.

Failing: ``notes: EFT test deposit landed, routing 261084755 acct 4001002003`` (a
routing and an account number); ``notes: Patient 431-72-0815 re-billed`` (an SSN);
``address: https://pm.acme.example/hooks/rcm?token=...`` (a token in a URL);
``notes: |`` followed by ``-----BEGIN OPENSSH PRIVATE KEY-----`` (a private key).
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from golive._checklist import ALL_PHASES
from golive._findings import Problem, Severity, YamlPath
from golive._policy import Tenant

ID = "GL-SECRET"
CHECKLIST = "integrity"
SEVERITY = Severity.ERROR
PHASES = ALL_PHASES
NEEDS = ()
RUNBOOK = ("Banking — payer EFT enrollment complete (out of platform scope, but confirm). "
           "Onboarding artifacts archived (intake doc, configs, test results).")
FIX = ("Remove the value from the file and from git history (a later commit leaves it in "
       "history), rotate any credential, and keep it in the platform's secret store; bank "
       "details and SSNs do not belong in tenant config at all.")

_ROTATE = "remove it from git (history too), rotate it, and keep it in the platform's secret store"
_BANK = ("remove it from git (history too); bank details belong in the platform's secret store, "
         "not in tenant config")
_PRIVACY = ("remove it from git (history too) and report the exposure; SSNs never belong in "
            "tenant config")


@dataclass(frozen=True)
class _Kind:
    label: str      # what was found, said without the value
    fix: str


PASSWORD = _Kind("a password", _ROTATE)
SECRET = _Kind("a secret or token", _ROTATE)
URL_PASSWORD = _Kind("a password in a URL", _ROTATE)
URL_TOKEN = _Kind("a credential in a URL's query string", _ROTATE)
WEBHOOK = _Kind("a webhook URL that is itself the credential", _ROTATE)
PRIVATE_KEY = _Kind("a private key", _ROTATE)
BEARER = _Kind("a bearer token", _ROTATE)
ROUTING = _Kind("a bank routing (ABA) number", _BANK)
ACCOUNT = _Kind("a bank account number", _BANK)
SSN = _Kind("an SSN-shaped number", _PRIVACY)
_BY_NAME = (PASSWORD, SECRET)   # known only by what it is called, not by its shape

_I = re.IGNORECASE
# Credentials known by their shape, wherever they appear in a value.
_SHAPES: tuple[tuple[re.Pattern[str], _Kind], ...] = (
    (re.compile(r"-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?-----"), PRIVATE_KEY),
    (re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b"), _Kind("an AWS access key id", _ROTATE)),
    (re.compile(r"\b(?:gh[pousr]_[A-Za-z0-9]{36,}|github_pat_\w{22,})"),
     _Kind("a GitHub token", _ROTATE)),
    (re.compile(r"\bxox[abposr]-[A-Za-z0-9-]{10,}"), _Kind("a Slack token", _ROTATE)),
    (re.compile(r"\b[rs]k_live_[A-Za-z0-9]{16,}"), _Kind("a Stripe secret key", _ROTATE)),
    (re.compile(r"\bAIza[0-9A-Za-z_-]{35}"), _Kind("a Google API key", _ROTATE)),
    (re.compile(r"\beyJ[\w-]{8,}\.eyJ[\w-]{8,}\.[\w-]*"), BEARER),
    (re.compile(r"\bbearer\s+(?=[\w.~+/-]*\d)[\w.~+/-]{16,}=*", _I), BEARER),
    (re.compile(r"\b(?:hooks\.slack\.com/(?:services|workflows|triggers)"
                r"|discord(?:app)?\.com/api/webhooks)/\S+", _I), WEBHOOK),
    (re.compile(r"\b[a-z][a-z0-9+.-]*://[^/\s:@]+:[^/\s@]+@", _I), URL_PASSWORD),
    (re.compile(r"[?&#](?:access_token|auth_token|token|api[_-]?key|key|secret|client_secret"
                r"|password|pwd|sig|signature|code)=[^&#\s]", _I), URL_TOKEN),
    (re.compile(r"\b(?:password|passwd|pwd|passphrase)\s*[:=]\s*\S", _I), PASSWORD),
    (re.compile(r"\b(?:client[_-]?secret|secret|api[_-]?key|access[_-]?token|auth[_-]?token"
                r"|token)\s*[:=]\s*\S", _I), SECRET),
)
_SSN_DASHED = re.compile(r"(?<![\w-])(\d{3})-(\d{2})-(\d{4})(?![\w-])")
_SSN_AFTER = re.compile(r"\b(?:ssn|social security(?: number| no\.?)?)\W{0,3}(\d{9})(?!\d)", _I)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_NINE = re.compile(r"(?<![\w-])\d{9}(?![\w-])")
_BANK_BEFORE = re.compile(r"\b(?:routing|aba|rtn|bank|transit)\b", _I)
_ACCOUNT_AFTER = re.compile(
    r"\b(?:acct|account)\b(?:\s*(?:number|num|no)\b)?\.?\s*[:#=]?\s*(\d(?:[ -]?\d){5,16})(?![\d-])", _I)

_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase"})
_SECRET_WORDS = frozenset({"secret", "secrets", "token", "tokens", "apikey", "credential",
                           "credentials", "privatekey"})
_SECRET_PAIRS = frozenset({("api", "key"), ("private", "key"), ("access", "key"),
                           ("signing", "key"), ("auth", "key")})
_ROUTING_WORDS = frozenset({"routing", "aba", "rtn", "bank", "transit"})
_ACCOUNT_WORDS = frozenset({"acct", "iban"})
_NUMBER_WORDS = frozenset({"number", "num", "no", "nr"})
_SSN_WORDS = frozenset({"ssn"})
# The first two digits of a routing number: 00 government, 01-12 the Federal Reserve
# districts, 21-32 thrifts, 61-72 electronic, 80 traveler's checks.
_ABA_PREFIXES = frozenset(range(0, 13)) | frozenset(range(21, 33)) | frozenset(range(61, 73)) | {80}


# Every value is screened first: only one that holds something any rule above could
# match (a run of six digits, a dashed SSN shape, or one of these words or marks) is
# looked at closely. Most values (ids, dates, names) pass this screen untouched.
# It is matched against lower-cased text (quicker than a case-blind pattern).
_SCREEN = re.compile(r"\d{6}|\d{3}-\d{2}-\d{4}|begin|akia|asia|gh[pousr]_|github_pat_|xox|_live_|aiza"
                     r"|eyj|bearer|hooks|discord|://|[?&#]|pass|pwd|secret|api|token|key|ssn|social"
                     r"|routing|aba|rtn|bank|transit|acct|account")
_KEY_WORDS = (_PASSWORD_WORDS | _SECRET_WORDS | _ROUTING_WORDS | _ACCOUNT_WORDS | _SSN_WORDS
              | {"account"} | {word for pair in _SECRET_PAIRS for word in pair})


@functools.lru_cache(maxsize=4096)
def _words(key: str) -> tuple[str, ...]:
    """``bankRoutingNo`` / ``bank-routing_no`` -> ("bank", "routing", "no")."""
    return tuple(re.findall(r"[a-z0-9]+", re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key).lower()))


def _names_secret(words: tuple[str, ...]) -> _Kind | None:
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


def _by_key(text: str, own: tuple[str, ...], context: tuple[str, ...]) -> list[_Kind]:
    """What the value's key (``own``) and the keys around it say the value is."""
    digits = re.sub(r"[ -]", "", text)
    kinds = []
    secret = _names_secret(own)
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


def _in_text(text: str) -> list[_Kind]:
    """What the value itself shows, whatever its key."""
    kinds = [kind for pattern, kind in _SHAPES if pattern.search(text)]
    if any(is_ssn(*m.groups()) for m in _SSN_DASHED.finditer(text)) or any(
            is_ssn(d[:3], d[3:5], d[5:]) for d in (m[1] for m in _SSN_AFTER.finditer(text))):
        kinds.append(SSN)
    if any(is_routing_number(m[0]) and _BANK_BEFORE.search(text, max(0, m.start() - 30), m.start())
           for m in _NINE.finditer(text)):
        kinds.append(ROUTING)
    if any(6 <= len(re.sub(r"[ -]", "", m[1])) <= 17 and not _DATE.fullmatch(m[1])
           for m in _ACCOUNT_AFTER.finditer(text)):
        kinds.append(ACCOUNT)
    return kinds


@functools.lru_cache(maxsize=4096)
def _keyed(own: tuple[str, ...], parent: tuple[str, ...]) -> tuple[str, ...] | None:
    """The words the key-based rules read (the value's key, then its mapping's), or None if none apply."""
    context = own + parent
    return context if _KEY_WORDS.intersection(context) else None


def _kinds_of(value: str, own: tuple[str, ...], parent: tuple[str, ...], screened: bool) -> list[_Kind]:
    """Each kind of secret ``value`` holds, once, in a stable order.

    ``own`` are the words of the value's key, ``parent`` those of the key of the
    mapping (or list) holding it; ``screened`` says the value passed ``_SCREEN``.
    """
    shaped = _in_text(value) if screened else []
    context = _keyed(own, parent)
    found = (_by_key(value, own, context) if context is not None else []) + shaped
    if any(k.fix == _ROTATE and k not in _BY_NAME for k in shaped):
        # A token recognised by its shape says more than "the key is called token".
        found = [k for k in found if k not in _BY_NAME]
    return list(dict.fromkeys(found))


@dataclass(frozen=True)
class _Value:
    path: YamlPath
    key: str
    own: tuple[str, ...]
    parent: tuple[str, ...]
    text: str


def _values(data: Any, path: YamlPath, key: str, own: tuple[str, ...],
            parent: tuple[str, ...]) -> Iterator[_Value]:
    """Every string and integer in ``data`` (booleans are not values here), with its keys' words."""
    if isinstance(data, dict):
        for k, value in data.items():
            name = str(k)
            yield from _values(value, (*path, name), name, _words(name), own)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _values(value, (*path, i), key, own, parent)
    elif isinstance(data, (str, int)) and not isinstance(data, bool):
        yield _Value(path, key, own, parent, data if isinstance(data, str) else str(data))


def _screened(values: list[_Value]) -> set[int]:
    """The indexes of the values ``_SCREEN`` matches: one pass over them all, joined by newlines."""
    starts, offset = [], 0
    for v in values:
        starts.append(offset)
        offset += len(v.text) + 1
    joined = "\n".join(v.text for v in values)
    lowered = joined.lower()
    if len(lowered) != len(joined):   # a character whose lower case is longer: offsets would shift
        lowered = "".join(c if len(c.lower()) != 1 else c.lower() for c in joined)
    return {bisect.bisect_right(starts, m.start()) - 1 for m in _SCREEN.finditer(lowered)}


def check(t: Tenant) -> Iterator[Problem]:
    for file, data in sorted(t.all_files.items()):
        values = list(_values(data, (), "", (), ()))
        screened = _screened(values)
        for i, v in enumerate(values):
            if i not in screened and _keyed(v.own, v.parent) is None:
                continue
            where = f"'{v.key}'" if v.key else "this value"
            for kind in _kinds_of(v.text, v.own, v.parent, i in screened):
                yield Problem(file, v.path, f"{where} holds {kind.label} (value not shown): {kind.fix}")
