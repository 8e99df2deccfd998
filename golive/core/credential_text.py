"""Credentials named in free text and in URLs: golive's own rules, beside detect-secrets' shapes.

detect-secrets (:mod:`golive.core.credentials`) knows credentials by their shape and a
few keyword assignments as source code writes them. People write them in notes, error
text and connection strings in more ways; these rules find the value (start, end) in
each, for :mod:`golive.core.secrets_screen`:

- :func:`assignments`: a value after a word that names a credential and ``:``, ``=``
  (also ``%3D``, ``::``, ``:=``), ``is`` or ``was`` (also ``is:``), quoted or not, however
  short: ``pw: x``, ``pwd=x``,
  ``pass: x``, ``db_password = 'x'``, ``"client_secret": "x"``, ``api_key: x``,
  ``token=x``, ``sslpassword=x``, ``the password is x`` (not when an English word
  follows: ``the password is in the vault``), also in German, French, Spanish, Dutch and
  Portuguese (``Passwort:``, ``mot de passe:``) and for ``passcode`` and ``PIN``, with a
  word in brackets or a preposition and up to two words before the sign
  (``password (temp):``, ``password for prod is``); a quoted value's backslash escapes its
  quote (libpq's ``password='s3\\'cret'``); after a password word (``pw`` too) or a
  compound key word (``api_key``, ``secret_access_key``) and blanks alone, a word that
  holds a digit or a sign (``Password hunter2``, not ``password reset``); a user and
  password given together (``creds: golive/x``, ``login golive / x``); and
  HTTP authorisation: ``Authorization: <scheme> x``, ``Bearer x`` (eight characters or
  more), ``Basic x`` (base64 of ``user:password``);
- :func:`url_passwords`: the password of a URL's user information in every form a
  person or a typo writes it: ``scheme://user:pw@host``, ``scheme:user:pw@host`` and
  ``scheme:/user:pw@host`` (no ``//``), ``user:p@ss@host`` (everything up to the last
  ``@``), ``user:pa/ss@host``, ``user:pw@[::1/db``, and ``scheme://user:pw`` with the
  host missing (what follows the ``:`` is a password unless it is a port's digits); a
  token is read from each ``scheme:`` it holds, since which one starts the URL is not
  known, and a password any reading finds is hidden;
- :func:`url_parameters`: query and fragment parameters named like a credential,
  with ``=`` or ``%3D`` and ``&``, ``;``, ``?``, ``#`` or their percent-encodings
  between them (``?password%3Dx``, ``%3Fsslpassword%3Dx``).

Every pattern runs in time linear in the text: no two unbounded repetitions can
match the same characters, and each reading of a URL-ish token looks no further than
the next reading's start.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Callable, Iterator
from urllib.parse import unquote_plus

_I = re.IGNORECASE
# Words that follow "password is" in a sentence that does not give one away.
_NOT_A_VALUE = (r"(?:in|on|at|the|a|an|not|now|still|being|been|set|stored|kept|held|rotated|changed|reset"
                r"|expired|managed|required|missing|empty|correct|wrong|invalid|valid|shared|saved|sent"
                r"|also|to|for|under|from|with|by|of|no|never|only|same|different|known|unknown)(?![\w-])")
# Words that name a credential; the long ones count inside a longer word (sslpassword,
# dbpassword, client_secret), the short ones only as a word of their own.
_CREDENTIAL_WORD = (r"(?:(?:password|passwd|pass[ _-]?phrase|secret|passwort|kennwort|passcode|contrase[ñn]a"
                    r"|wachtwoord)s?|(?<![a-z])(?:pw|pwd|pass|pin|senha|mot de passe|token|cookie"
                    r"|(?:access|auth|refresh|session)[ _-]?token|(?:api|access|auth|private|secret)[ _-]?key"
                    r"|apikey|session[_-]?id|(?:recovery|backup)[ _-]?code|seed[ _-]?phrase)s?(?![a-z]))")
# The value: quoted (a backslash escapes the quote, as libpq and most languages read it), or
# a run up to a blank, ',', ';' or '&' that quotes inside do not end (libpq: pass'word).
_VALUE = r"""(?:"((?:[^"\\\n]|\\.)*+)"?|'((?:[^'\\\n]|\\.)*+)'?|([^\s,;&'"`]++(?:['"`]++[^\s,;&'"`]++)*+))"""
# After a word that can only name a password, an arrow ('->', '=>', U+2192) or a dash between blanks
# ("password - hunter2") is a sign too; not after "pass" or "token" ("pass -> fail", "second pass - 12-01").
_ARROW = r"(?:[-=~]{1,2}>|[\u2192\u21d2\u2794\u279c]|(?<=[ \t])-{1,2}(?=[ \t]))"
_ARROWED = re.compile(
    rf"(?<![a-z])(?:password|passwd|passphrase|passwort|kennwort|pwd|pw)s?[ \t]*{_ARROW}[ \t]*{_VALUE}", _I)
# What may stand between the word and its ':' or 'is': "password (temp):", "password for golive:",
# "password for prod is": one word in brackets (not a phrase, which is English: "password (value
# not shown): rotate it"), or a preposition and up to two words.
_QUALIFIER = r"(?:[ \t]*\([\w.@-]{1,24}\)|[ \t]+(?:for|of|on|to)(?:[ \t]+[^\s:=()]{1,40}){1,2})?"
_ASSIGNED = re.compile(
    rf"{_CREDENTIAL_WORD}{_QUALIFIER}[\"']?[ \t]*"
    rf"(?:(?:[:=]{{1,2}}+(?!>)|%3d)[ \t]*|[ \t](?:is|was)(?:[ \t]*[:=][ \t]*|[ \t]++(?!{_NOT_A_VALUE})))"
    rf"{_VALUE}", _I)
# "Password hunter2": a password word, blanks, then a word that holds a digit or a sign, and a
# letter or digit (an arrow alone is a sign: "password -> x", read by _ASSIGNED), and
# does not start with ':', '=' or a bracket (a plain word after it is English: "password reset",
# and so is "password (value not shown)").
_PASSWORD_BEFORE = re.compile(
    r"(?:(?<![a-z])(?:password|passwd|passphrase|passwort|kennwort|passcode|pwd|pw)"
    r"|api[_-]?key|(?:secret|access|auth|private)[_-]?(?:key|token)|client[_-]?secret)(?![a-z0-9])[ \t]++"
    r"((?!(?:is|was)[ \t]*[:=])(?=[^\s,;&'\"`]*[^a-z\s,;&'\"`])(?=[^\s,;&'\"`]*[a-z0-9])"
    r"[^\s,;&'\"`:=()\[\]{}<>][^\s,;&'\"`]*+)", _I)
# A user and password given together: "creds: golive/hunter2", "login golive / hunter2".
_USER_AND_PASSWORD = re.compile(
    r"(?<![a-z])(?:creds|credentials|login|user/pass(?:word)?|username/password)[\"']?"
    r"[ \t]*(?:[:=][ \t]*|[ \t]+)"
    r"[^\s/:,;'\"`]++(?:[ \t]*/[ \t]*|:)([^\s,;'\"`/][^\s,;'\"`]*+)", _I)
_AUTHORIZATION = re.compile(
    r"(?<![a-z])authorization[\"']?[ \t]*[:=][ \t]*(?:(?:bearer|basic|token|digest|negotiate|ntlm)[ \t]+)?"
    r"([^\s,;'\"]+)", _I)
_BEARER = re.compile(r"(?<![a-z])bearer[ \t]+([\w.~+/=-]{8,})", _I)
_BASIC = re.compile(r"(?<![a-z])basic[ \t]+([a-z0-9+/]{4,}={0,2})(?![\w+/=])", _I)
# A URL-ish token: a run of scheme characters, tried once from where the run starts (so the
# time is linear), read from its first letter ('-https://' and '0https://' are https URLs),
# then ':', up to three slashes, and the characters up to a space or quote.
_URLISH = re.compile(r"(?<![a-z0-9+.-])[0-9+.-]*[a-z][a-z0-9+.-]*:(/{0,3})([^\s'\"<>`]*)", _I)
_QUERY_START = re.compile(r"[?#]|%3f|%23", _I)
_PARAMETER_END = re.compile(r"[&;#?]|%26|%3b|%23|%3f", _I)
_EQUALS = re.compile(r"=|%3d", _I)


_RENAMED = 64


def assignments(text: str) -> Iterator[tuple[int, int]]:
    """The value of every credential assigned in ``text`` (see the module docstring)."""
    for pattern in (_ASSIGNED, _ARROWED):
        at = 0
        while (m := pattern.search(text, at)) is not None:
            group = next(g for g in (1, 2, 3) if m[g] is not None)
            if m[group]:
                yield m.start(group), m.end(group)
            at = max(m.end(), m.start() + 1)
            # A value that ends with a sign may be a credential's name of its own, whose value
            # follows ('token=password: x'): read again from near its end. Only its last
            # _RENAMED characters, so a chain of them is read in linear time.
            if m[group] and m[group][-1] in ":=":
                at = max(m.start(group), m.end(group) - _RENAMED)
    for m in _PASSWORD_BEFORE.finditer(text):
        yield m.start(1), m.end(1)
    for m in _USER_AND_PASSWORD.finditer(text):
        yield m.start(1), m.end(1)
    for m in _AUTHORIZATION.finditer(text):
        yield m.start(1), m.end(1)
    for m in _BEARER.finditer(text):
        yield m.start(1), m.end(1)
    for m in _BASIC.finditer(text):
        value = m[1]
        try:
            decoded = base64.b64decode(value + "=" * (-len(value) % 4), validate=True)
        except (binascii.Error, ValueError):
            continue
        if b":" in decoded:
            yield m.start(1), m.end(1)


# Where a URL may start inside a URL-ish token: as _URLISH reads its first one.
_SCHEME = re.compile(r"(?<![a-z0-9+.-])[0-9+.-]*[a-z][a-z0-9+.-]*:(/{0,3})", _I)
_AUTHORITY_END = re.compile(r"[/?#]")


def url_passwords(text: str) -> Iterator[tuple[int, int]]:
    """The password of every URL-ish token's user information (see the module docstring).

    Which ``scheme:`` of a token starts its URL is not known (``x:https://u:pw@h``, the
    escaped ``\\x3a:https://...``, a password that runs into another URL, ``a:@https://``), so
    the token is read from each: a password any reading finds is hidden. One reading is
    what follows its scheme: everything up to the token's last ``@`` with a ``:`` before
    it, or with ``//`` and no ``@``, the authority's part after its ``:`` unless that is a
    port. Each reading looks no further than the next one's ``:`` (or ``/``) unless it is the
    last, so a token is read in time linear in its length.
    """
    for m in _URLISH.finditer(text):
        end = m.end()
        last_at = text.rfind("@", m.start(2), end)
        readings = [(m[1], m.end(1))] + [(s[1], s.end()) for s in _SCHEME.finditer(text, m.end(1), end)]
        # The ':' of a later 'scheme://': text before a URL, not a password ('url:https://u:pw@h').
        urls = {rest - 3 for slashes, rest in readings if slashes == "//"}
        for slashes, rest in readings:
            if last_at >= rest:
                colon = text.find(":", rest, last_at)
                if colon >= 0 and last_at > colon + 1 and colon not in urls:
                    yield colon + 1, last_at
            elif slashes == "//" and text[rest:rest + 1] != "[":
                stop = _AUTHORITY_END.search(text, rest, end)
                authority_end = end if stop is None else stop.start()
                colon = text.find(":", rest, authority_end)
                if colon >= 0 and authority_end > colon + 1 and not text[colon + 1:authority_end].isdigit():
                    yield colon + 1, authority_end


def url_parameters(text: str, named: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
    """The value of every URL parameter whose (percent-decoded) name ``named`` says is a credential."""
    for m in _URLISH.finditer(text):
        rest, at = m[2], m.start(2)   # the outermost reading holds every inner one's query
        start = _QUERY_START.search(rest)
        if start is None:
            continue
        begin = start.end()
        for end_mark in [*_PARAMETER_END.finditer(rest, begin), None]:
            end = len(rest) if end_mark is None else end_mark.start()
            equals = _EQUALS.search(rest, begin, end)
            if equals is not None and equals.end() < end and named(unquote_plus(rest[begin:equals.start()])):
                yield at + equals.end(), at + end
            if end_mark is not None:
                begin = end_mark.end()
