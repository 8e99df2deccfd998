"""Numbers that are secrets in this domain: SSNs, ABA routing numbers, bank account numbers, IBANs.

Rules for free text (a value's key is :func:`golive.core.secrets_screen.by_key`'s job),
each read on :func:`~golive.core.secret_kinds.fold`-ed text:

- an SSN is ``NNN-NN-NNNN`` standing alone, or nine digits (also dashed, spaced, dotted,
  slashed or one by one) after ``SSN``, ``SS#``, ``social (security)``, ``soc. sec.``,
  ``sociale`` or ``Sozialversicherungsnummer``, with any of ``number``, ``no``, ``nr``,
  ``is``, ``was`` and a few marks between (``patient SSN is 431720815``), or before
  ``SSN`` (``431720815 (SSN)``, ``431-72-0815 is the patient's SSN``); and, when
  ``wide``, also ``NNN NN NNNN``, ``NNN.NN.NNNN`` and any of these touching a letter or
  ``_`` (``x_431-72-0815``), never as part of a longer number; unless the SSA never
  issues it (area 000, 666 or 900-999, group 00, serial 0000);
- an ABA routing number is nine digits that pass the 3-7-1 checksum and start with a
  Federal Reserve prefix, *and* (unless ``wide``) ``routing``, ``ABA``, ``RTN``,
  ``bank``, ``transit``, ``ACH``, ``EFT`` or ``wire`` comes just before it: within 30
  characters, or touching it
  (``RTN021000021``), or with the digits grouped any way (``routing 021-000-021``); nine
  digits alone are X12 ids and payer ids;
- a bank account number is 6 to 17 digits (single spaces, dashes or dots between them) after
  ``account``, ``acct``, ``a/c``, ``DDA``, ``Konto(nummer)``, ``compte``, ``cuenta`` or
  ``conto`` as a word or a key's word (``account_number=``, ``acct-``), with ``number``,
  ``no``, ``nr``, ``is``, ``was`` and a few marks between, and a word in brackets or
  ``for`` and a name before them (``account (checking)``, ``account for acme:``); the
  second of two numbers after ``routing/account`` and the first after ``account/routing``,
  and the number right after a routing number that a bank word names
  (``EFT: 021000021 4001002003``); and an IBAN (ISO 13616: two letters, two check digits,
  11 to 30 letters and digits, grouped by four or not; after ``IBAN`` the groups may be
  joined by dashes or dots) whose check digits pass the ISO 7064 mod 97-10 check.

A payment card number is 13 to 19 digits after ``card``, ``cc``, ``visa`` ... or four groups
of four anywhere, with a card network's prefix, passing the Luhn check.

Every pattern runs in time linear in the text (possessive runs, bounded gaps).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from golive.core.secret_kinds import ACCOUNT, CARD, MBI, ROUTING, SSN, Found

_I = re.IGNORECASE
# Words that may stand between a number's name and the number: "SSN is", "account nr.".
_GAP = r"(?:\s++|[^\w\s]|_)"   # a run of blanks is one step of a gap
_FILLER = rf"(?:{_GAP}{{0,3}}+(?:numbers?|nums?|nos?|nrs?|is|was|of)(?![a-z]))*+{_GAP}{{0,6}}+"
# NNN-NN-NNNN, NNN NN NNNN or NNN.NN.NNNN (one separator throughout); letters and '_' may
# touch it (x_431-72-0815), digits may not: see ssns.
_SSN_SHAPE = re.compile(r"(?<!\d)(\d{3})([-. ]| - )(\d{2})\2(\d{4})(?!\d)")
# SSN, S.S.N., SS#, social (security), soc. sec., sociale (French, Italian), Sozialversicherungsnummer.
_SSN_WORDS = (r"(?:ssn|(?<![a-z0-9])(?:s\.s\.n\.?|ss ?#|social(?:[ _-]security)?|sociale|soc\.? ?sec\.?"
              r"|sozialversicherungs(?:nummer)?))")
_SSN_AFTER = re.compile(rf"{_SSN_WORDS}{_FILLER}(\d(?:(?: ?[-./] ?| )?\d){{8}})(?!\d)", _I)
# ... and before it: "431720815 (SSN)", "431-72-0815 is the patient's SSN".
_SSN_BEFORE = re.compile(
    r"(?<![\d-])(\d{3}([-. /]?)\d{2}\2\d{4})(?![\d-])[\W_]{0,3}+"
    r"(?:(?:is|was|as|the|her|his|their|patient|member|subscriber|'s)[\W_]{1,3}+){0,4}+"
    r"(?:ssn|social security)(?![a-z])", _I)
_DATE = re.compile(r"\d{4}([-./])\d{2}\1\d{2}")
_NINE = re.compile(r"(?<![\w-])\d{9}(?![\w-])")
_BANK_WORDS = r"(?:routing|aba|rtn|bank|transit|ach|eft|wire)"
_BANK_BEFORE = re.compile(rf"\b{_BANK_WORDS}\b", _I)
_ROUTING_AFTER = re.compile(rf"(?<![a-z0-9]){_BANK_WORDS}{_FILLER}(\d(?:[-. ]?\d){{8}})(?!\d)", _I)
_NUMBER = r"\d(?:[ .-]?\d){5,16}"
# account, acct, a/c, DDA (demand deposit account); Konto(nummer), compte (bancaire), cuenta
# (bancaria), conto (bancario).
_ACCOUNT_WORDS = r"(?:acct|account|a/c|dda|konto(?:nummer)?|(?:compte|cuenta|conto)(?: banc[a-z]{3,5})?)"
# A word in brackets or "for" and a name between the word and the number: "account (checking)",
# "account for acme:".
_ACCOUNT_QUALIFIER = r"(?:[ \t]*\([\w ]{1,24}\)|[ \t]+for[ \t]+[\w.-]{1,30})?"
_ACCOUNT_AFTER = re.compile(
    rf"(?<![a-z0-9]){_ACCOUNT_WORDS}{_ACCOUNT_QUALIFIER}{_FILLER}({_NUMBER})(?![\d-])", _I)
# The number right after a routing number that a bank word names: "EFT: 021000021 4001002003".
_ROUTING_THEN_ACCOUNT = re.compile(
    rf"(?<![a-z0-9]){_BANK_WORDS}{_FILLER}(\d(?:[ .-]?\d){{8}})(?!\d)[\W_]{{1,3}}+({_NUMBER})(?![\d-])", _I)
_ROUTING_ACCOUNT = re.compile(
    rf"(?<![a-z0-9])(?:routing|aba|rtn)[\W_]{{0,3}}+{_ACCOUNT_WORDS}{_FILLER}\d(?:[ .-]?\d){{8}}[\W_]{{1,3}}+"
    rf"({_NUMBER})(?![\d-])", _I)
# ... and the first when the account is named first: "acct/routing: 4001002003/021000021".
_ACCOUNT_ROUTING = re.compile(
    rf"(?<![a-z0-9]){_ACCOUNT_WORDS}[\W_]{{0,3}}+(?:routing|aba|rtn){_FILLER}({_NUMBER})(?![\d-])", _I)
_IBAN = re.compile(r"(?<![a-z0-9])[a-z]{2}\d{2}(?: ?[a-z0-9]{4}){2,7}(?: ?[a-z0-9]{1,4})?(?![a-z0-9])", _I)
# After the word IBAN, groups may be joined by dashes or dots too.
_IBAN_AFTER = re.compile(
    rf"(?<![a-z0-9])iban{_FILLER}([a-z]{{2}}\d{{2}}(?:[ .-]?[a-z0-9]{{4}}){{2,7}}(?:[ .-]?[a-z0-9]{{1,4}})?)"
    r"(?![a-z0-9])", _I)
# Payment card numbers (ISO/IEC 7812): 13 to 19 digits after a card word, or 16 in four groups of
# four (15 as 4-6-5) anywhere; either way Luhn-valid with a card network's prefix.
_CARD_AFTER = re.compile(
    rf"(?<![a-z0-9])(?:card|cc|credit card|visa|mastercard|amex|discover|pan){_FILLER}"
    rf"(\d(?:[ -]?\d){{12,18}})(?![\d-])", _I)
_CARD_SHAPE = re.compile(r"(?<![\d-])\d{4}([ -])(?:\d{4}\1\d{4}\1\d{4}|\d{6}\1\d{5})(?![\d-])")
_CARD_PREFIX = re.compile(r"4|5[1-5]|2[2-7]|3[47]|6(?:011|5|4[4-9])|3[0689]|35")
# The first two digits of a routing number: 00 government, 01-12 the Federal Reserve
# districts, 21-32 thrifts, 61-72 electronic, 80 traveler's checks.
_ABA_PREFIXES = frozenset(range(0, 13)) | frozenset(range(21, 33)) | frozenset(range(61, 73)) | {80}
# What a text must hold (lower-cased, folded) for these rules to find anything in it. Digit runs
# share one branch, and a word's boundary is looked at after the word (a look-behind at every
# position of every text costs more than the rules it saves). ACH, EFT and wire are not here:
# a number after them has six digits in a row or is grouped by three (``eft`` is a key of
# payers.yaml, which the rules need not read).
SCREEN = (r"[1-9][a-z][a-z0-9]\d-?[a-z][a-z0-9]\d-?[a-z]{2}\d\d"
          r"|\d{3}(?:\d{3}|\d[ -]\d{4}|[-. ]\d{3}|[-. ]\d{2}[-. ]\d{4}| - \d{2})|iban|s\.s\.n|ssn|ss ?#"
          r"|soc(?<![a-z]soc)|routing|aba|rtn|bank|transit|acct|account|a/c(?<![a-z]a/c)(?![a-z])|dda|konto"
          r"|compte|cuenta|conto|[a-z]{2}\d{2} ?[a-z0-9]{4} ?[a-z0-9]{4}")


def is_routing_number(digits: str) -> bool:
    """Nine digits with a Federal Reserve prefix that pass the ABA 3-7-1 checksum."""
    if len(digits) != 9 or not digits.isdigit() or int(digits[:2]) not in _ABA_PREFIXES:
        return False
    return sum(w * int(d) for w, d in zip((3, 7, 1) * 3, digits, strict=True)) % 10 == 0


def is_card_number(digits: str) -> bool:
    """13 to 19 digits with a card network's prefix that pass the Luhn check (ISO/IEC 7812-1)."""
    if not 13 <= len(digits) <= 19 or not digits.isdigit() or not _CARD_PREFIX.match(digits):
        return False
    total = sum(int(d) if i % 2 == 0 else sum(divmod(2 * int(d), 10)) for i, d in enumerate(reversed(digits)))
    return total % 10 == 0


def is_ssn(area: str, group: str, serial: str) -> bool:
    """Shaped like an SSN the SSA could have issued (not area 000/666/9xx, group 00, serial 0000)."""
    return area not in ("000", "666") and area[0] != "9" and group != "00" and serial != "0000"


def is_iban(text: str) -> bool:
    """An IBAN (spaces, dots or dashes allowed) of 15 to 34 characters whose check digits pass
    ISO 7064 mod 97-10."""
    compact = re.sub(r"[ .-]", "", text).upper()
    if not 15 <= len(compact) <= 34 or not compact.isascii() or not compact.isalnum():
        return False
    moved = compact[4:] + compact[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


def ssns(text: str, wide: bool) -> Iterable[Found]:
    """SSN-shaped numbers (see the module docstring). Nine bare digits are X12 ids, payer ids
    and EINs as often as SSNs: only after ``SSN`` (or under an ``ssn`` key) are they one."""
    for m in _SSN_SHAPE.finditer(text):
        before, after = text[max(0, m.start() - 2):m.start()], text[m.end():m.end() + 2]
        if (before[-1:] == m[2] and before[:1].isdigit()) or (after[:1] == m[2] and after[1:].isdigit()):
            continue   # one piece of a longer number: 1-431-72-0815, 431-72-0815-2
        alone = (m[2] == "-" and (m.start() == 0 or not re.match(r"[\w.-]", text[m.start() - 1]))
                 and (m.end() == len(text) or not re.match(r"[\w-]", text[m.end()])))
        if (wide or alone) and is_ssn(m[1], m[3], m[4]):
            yield Found(SSN, m.start(), m.end())
    for pattern in (_SSN_AFTER, _SSN_BEFORE):
        for m in pattern.finditer(text):
            d = re.sub(r"\D", "", m[1])
            if is_ssn(d[:3], d[3:5], d[5:]):
                yield Found(SSN, m.start(1), m.end(1))


# A Medicare Beneficiary Identifier (CMS's MBI format): 11 characters, letters other than
# S, L, O, I, B and Z, upper case, dashes after the 4th and 7th allowed; standing alone.
_MBI_LETTER = "[AC-HJKMNP-RT-Y]"
_MBI_ANY = "[AC-HJKMNP-RT-Y0-9]"
_MBI = re.compile(rf"(?<![A-Za-z0-9])[1-9]{_MBI_LETTER}{_MBI_ANY}\d-?{_MBI_LETTER}{_MBI_ANY}\d-?"
                  rf"{_MBI_LETTER}{{2}}\d\d(?![A-Za-z0-9])")


# A digest written in hex (sha256, md5, a git object id): 32 or more hex digits, letters and
# digits both, standing alone. Its letters are no words: 'c2dda3537526' holds no DDA account.
_HEX_DIGEST = re.compile(r"(?<![A-Za-z0-9])(?=[0-9a-fA-F]*[a-fA-F])(?=[0-9a-fA-F]*[0-9])"
                         r"[0-9a-fA-F]{32,}(?![A-Za-z0-9])")


def numbers(text: str, wide: bool) -> Iterable[Found]:
    """Every SSN, routing number, account number and IBAN in ``text`` (folded); hex digests are
    read as blanks (their letters and digits are no words and numbers), spans kept in place."""
    if len(text) >= 32:
        text = _HEX_DIGEST.sub(lambda m: " " * len(m[0]), text)
    yield from ssns(text, wide)
    for m in _NINE.finditer(text):
        if is_routing_number(m[0]) and (
                wide or _BANK_BEFORE.search(text, max(0, m.start() - 30), m.start())):
            yield Found(ROUTING, m.start(), m.end())
    for m in _ROUTING_AFTER.finditer(text):
        if is_routing_number(re.sub(r"\D", "", m[1])):
            yield Found(ROUTING, m.start(1), m.end(1))
    for m in _ROUTING_THEN_ACCOUNT.finditer(text):
        if is_routing_number(re.sub(r"\D", "", m[1])) and 6 <= len(re.sub(r"\D", "", m[2])) <= 17:
            yield Found(ACCOUNT, m.start(2), m.end(2))
    for pattern in (_ACCOUNT_AFTER, _ROUTING_ACCOUNT, _ACCOUNT_ROUTING):
        for m in pattern.finditer(text):
            if 6 <= len(re.sub(r"[ .-]", "", m[1])) <= 17 and not _DATE.fullmatch(m[1]):
                yield Found(ACCOUNT, m.start(1), m.end(1))
    yield from _ibans(text)
    for pattern, group in ((_CARD_AFTER, 1), (_CARD_SHAPE, 0)):
        for m in pattern.finditer(text):
            if is_card_number(re.sub(r"\D", "", m[group])):
                yield Found(CARD, m.start(group), m.end(group))
    if wide:   # masked in output, never reported: X12 evidence carries it by design
        yield from (Found(MBI, m.start(), m.end()) for m in _MBI.finditer(text))


def _ibans(text: str) -> Iterable[Found]:
    """IBANs: a match whose check fails is tried again one character on (``XX00 DE89 3704 ...``
    must not hide the IBAN it runs into); a match is at most 40 characters, so this stays linear."""
    at = 0
    while (m := _IBAN.search(text, at)) is not None:
        if is_iban(m[0]):
            yield Found(ACCOUNT, m.start(), m.end())
            at = m.end()
        else:
            at = m.start() + 1
    for m in _IBAN_AFTER.finditer(text):
        if is_iban(m[1]):
            yield Found(ACCOUNT, m.start(1), m.end(1))
