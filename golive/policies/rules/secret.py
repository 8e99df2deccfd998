"""No credentials, bank details or SSNs in tenant files: they are archived and shared as they are.

Every string (and integer) in every tenant file, rule sets included, and every
key is read; a finding says what kind of value it found and never repeats the
value (nor a key that is one). golive masks the same things in every output
(``not '***-**-0815' (masked: looks like an SSN)``). What counts as a secret:

- by golive's own rules, for this domain: an ABA routing number (nine digits that
  pass the 3-7-1 checksum with a Federal Reserve prefix, *and* a key or a word
  before it that says routing, ABA, RTN or bank: nine digits alone are X12 ids and
  payer ids, like ``receiver_id: "030240928"``); a bank account number (6 to 17
  digits under a key such as ``account_number``, ``acct``, ``iban`` or
  ``bank_account``, or after ``account``/``acct`` in the text); an SSN
  (``NNN-NN-NNNN`` anywhere, nine digits under an ``ssn`` key or after ``SSN``,
  less the numbers the SSA never issues: area 000, 666 or 900-999, group 00,
  serial 0000); a payment card number (13 to 19 digits, Luhn-valid with a card
  network's prefix, after ``card`` or ``cc`` in the text, or grouped by four); an
  SSN or a password that an X12 segment's qualifier names (``NM1`` with ``NM108``
  ``34``, ``REF*SY``, ``ISA04`` after ``ISA03`` ``01``); a non-empty value under a
  key that names a credential
  (``password``, ``passwd``, ``secret``, ``client_secret``, ``token``, ``api_key``,
  ``private_key``, ...), and a URL query parameter so named (``?token=``, ``&sig=``);
- by detect-secrets' plugins, the maintained rule set of credential shapes: cloud
  keys (``AKIA...``), provider tokens (``ghp_...``, ``xoxb-...``, ``sk_live_...``),
  private keys, JWTs, a password in a URL (``https://user:pw@host``), keyword
  assignments in free text (``password: ...``) and high-entropy strings.

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

import functools
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, NamedTuple

from golive.core import redact, secrets_screen
from golive.core.checklist import ALL_PHASES
from golive.core.findings import Problem, Severity, YamlPath
from golive.core.secrets_screen import Kind
from golive.policies.api import Tenant

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


class _Value(NamedTuple):   # a tuple: one is made for every value of every file
    path: YamlPath
    key: str                     # the key of the value ("" at the top)
    what: _What


# What a value's answer depends on: its text, its key's words, its mapping's key's words, and
# the digits an integer may have been written as (:func:`_written`).
_What = tuple[str, tuple[str, ...], tuple[str, ...], tuple[str, ...]]


def _written(number: int) -> tuple[str, ...]:
    """The nine digits an integer may have been written as, leading zero included.

    YAML 1.1 reads ``bank_routing: 021000021`` as an octal number (4456465), and a loader
    that drops leading zeros reads it as 21000021; a routing number so given is still one.
    """
    if not 0 < number < 10 ** 9:
        return ()
    octal = f"0{number:o}"
    return tuple(dict.fromkeys(w for w in (octal, f"{number:09d}") if len(w) == 9))


@dataclass(frozen=True)
class _Hit:
    file: str
    path: YamlPath
    key: str | None              # the value's key; None when the text is a key itself
    text: str
    found: tuple[secrets_screen.Found, ...]


@functools.lru_cache(maxsize=4096)
def _in_key(name: str) -> tuple[secrets_screen.Found, ...]:
    """What a key holds (keys repeat across rows, files and tenants: each is looked at once)."""
    return tuple(secrets_screen.recognise(name))


def _values(data: Any, file: str, keys: list[_Hit],
            answers: dict[_What, tuple[secrets_screen.Found, ...]]) -> list[_Value]:
    """Every string and integer in ``data`` (booleans are not values here) with its keys' words,
    less those ``answers`` knows hold nothing; keys that hold a secret go to ``keys``.

    A loop, not recursion: this walks every value. A value's path is made only when it
    is kept (most are not), from its mapping's path and its own key or index.
    """
    out: list[_Value] = []
    todo: list[tuple[Any, YamlPath, str | int | None, str, tuple[str, ...], tuple[str, ...]]] = [
        (data, (), None, "", (), ())]
    while todo:
        item, at, part, key, own, parent = todo.pop()
        if isinstance(item, str):
            what: _What = (item, own, parent, ())
        elif isinstance(item, dict):
            path = at if part is None else (*at, part)
            for k, value in item.items():
                name = str(k)
                if found := _in_key(name):
                    keys.append(_Hit(file, (*path, name), None, name, found))
                todo.append((value, path, name, name, secrets_screen.words(name), own))
            continue
        elif isinstance(item, list):
            path = at if part is None else (*at, part)
            todo.extend((value, path, i, key, own, parent) for i, value in enumerate(item))
            continue
        elif isinstance(item, int) and not isinstance(item, bool):
            what = (str(item), own, parent, _written(item))
        else:
            continue
        if answers.get(what) != ():      # not known to hold nothing
            out.append(_Value(at if part is None else (*at, part), key, what))
    return out


def _answer(what: _What, screened: bool) -> tuple[secrets_screen.Found, ...]:
    """What one value holds; ``screened`` when its text passed :data:`secrets_screen.SCREEN`."""
    text, own, parent, written = what
    if screened:
        found = secrets_screen.recognise(text, own, parent)
    elif secrets_screen.keyed(own, parent):
        found = [secrets_screen.Found(k, 0, len(text)) for k in secrets_screen.by_key(text, own, parent)]
    else:
        return ()
    found += [secrets_screen.Found(k, 0, len(text)) for w in written
              for k in secrets_screen.by_key(w, own, parent)
              if not any(f.kind is k for f in found)]
    return tuple(found)


# Each value's answer, by what it depends on (:data:`_What`): tenant files repeat the same
# values (ids, paths, digests, dates under the same keys) across rows, files and tenants, so
# each is screened once in a process. Short texts only; the memo starts afresh when full.
_ANSWERS: dict[_What, tuple[secrets_screen.Found, ...]] = {}
_ANSWERS_KEPT = 1 << 16
_ANSWER_TEXT = 256


def _screen_files(t: Tenant) -> list[_Hit]:
    hits: list[_Hit] = []
    answers = _ANSWERS
    for file, data in sorted(t.all_files.items()):
        if len(answers) > _ANSWERS_KEPT:
            answers.clear()
        values = _values(data, file, hits, answers)
        fresh = list(dict.fromkeys(v.what for v in values if v.what not in answers))
        screened = secrets_screen.screened_indexes([what[0] for what in fresh])
        long: dict[_What, tuple[secrets_screen.Found, ...]] = {}   # this file's long texts
        for i, what in enumerate(fresh):
            (answers if len(what[0]) <= _ANSWER_TEXT else long)[what] = _answer(what, i in screened)
        for v in values:
            if found := answers.get(v.what) or long.get(v.what):
                hits.append(_Hit(file, v.path, v.key, v.what[0], found))
    return hits


# The last tenant screened: the engine asks for its secrets (to mask them in every message)
# and this policy reports them, from one screening.
_LAST: tuple[Tenant, list[_Hit]] | None = None


def _hits(t: Tenant) -> list[_Hit]:
    global _LAST
    if _LAST is None or _LAST[0] is not t:
        _LAST = (t, _screen_files(t))
    return _LAST[1]


def known(t: Tenant) -> list[tuple[str, Kind]]:
    """Each secret found in ``t``'s files as written, with its kind: what no output may show."""
    return [(hit.text[f.start:f.end], f.kind) for hit in _hits(t) for f in hit.found]


def check(t: Tenant) -> Iterator[Problem]:
    for hit in _hits(t):
        if hit.key is None:
            where, shown = "this key", "key not shown"
        else:
            where, shown = (redact.key(hit.key) if hit.key else "this value"), "value not shown"
        for kind in dict.fromkeys(f.kind for f in hit.found):
            yield Problem(hit.file, hit.path, f"{where} holds {kind.label} ({shown}): {kind.fix}")
