"""Credentials by their shape, from detect-secrets' plugins: the rule set golive does not keep itself.

detect-secrets (Yelp) keeps one detector per kind of credential: cloud keys (AWS,
Azure, IBM), provider tokens (GitHub, GitLab, Slack, Stripe, Twilio, SendGrid,
npm, PyPI, OpenAI, Discord, Telegram ...), private keys, JSON Web Tokens, a
password in a URL, ``password = ...``-style keyword assignments, and
high-entropy strings. :func:`credentials` runs every detector its registry has
(new ones arrive with an upgrade of the package) on one piece of text, less two:

- ``Hex High Entropy String``: tenant files record sha256 digests of their
  evidence, and a digest is a fingerprint, not a credential (a hex string can
  never pass the base64 detector's limit, 4.5 bits per character, so digests
  and git commit ids stay visible);
- ``Public IP (ipv4)``: an address is not a secret.

Only ``analyze_string`` is called, never ``analyze_line``, which may try a
secret against its provider over the network: this module works offline.
Candidates then pass detect-secrets' own heuristic filters (sequential strings,
UUIDs, templates like ``${VAR}`` or ``<token>``, ``$VAR`` references, text
without a letter, indirect references like ``get_secret()``).

The plugins are many regular expressions (about 50 µs for one short text), so each
text is first screened by :data:`SCREEN`, which every match of every detector
also matches (the tests check it against each detector's own patterns): a long
run of token characters, or one of the few words and marks a shorter match must
contain. Most values (dates, ids, names, amounts) never reach the plugins.
Importing detect-secrets costs a fifth of a second, so it happens on first use (or in
a parallel run's parent, once, before its workers fork: :func:`load`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

# The detectors left out (by their secret_type), and why: see the module docstring.
LEFT_OUT = frozenset({"Hex High Entropy String", "Public IP (ipv4)"})
KEYWORD = "Secret Keyword"
ENTROPY = "Base64 High Entropy String"

# A necessary condition for any detector to match, on lower-cased text: a run of 20
# token characters (every cloud key and provider token is longer; a high-entropy string
# needs 23), or what a shorter match must hold: a word of the keyword detector's deny
# list (and "token", which IBM's detectors take as one), the start of a Slack token, a
# JWT or an Artifactory token, or a URL's "://".
SCREEN = re.compile(r"[\w+/=\\-]{20,}|key|pass|pwd|secret|contrase|token|xox|eyj|://"
                    r"|akc[a-z0-9]{10}|ap[\da-f][a-z0-9]{8}")


@dataclass(frozen=True)
class Credential:
    """A credential found in a text: what detect-secrets calls it, and the value as written."""

    secret_type: str
    value: str


@dataclass(frozen=True)
class _Detector:
    secret_type: str
    find: Callable[[str], Iterator[str]]


def _keyword(plugin: Any) -> Callable[[str], Iterator[str]]:
    from detect_secrets.plugins.keyword import DENYLIST, REGEX_BY_FILETYPE
    from detect_secrets.util.filetype import FileType

    # Tenant data is YAML: the deny list as detect-secrets applies it to a YAML file. Each of
    # its patterns holds a word of the deny list, so a text without one is not looked at.
    groups = REGEX_BY_FILETYPE[FileType.YAML]
    words = re.compile("|".join(DENYLIST))   # lower-case words, searched in lower-cased text (quicker)

    def find(text: str) -> Iterator[str]:
        # The plugin's analyze_string, less its stop at the first match of each pattern:
        # every assignment in the text, in one pass.
        if words.search(text.lower()):
            for pattern, group in groups.items():
                for m in pattern.finditer(text):
                    yield m.group(group)

    return find


def _needing(word: str, find: Callable[[str], Iterator[str]]) -> Callable[[str], Iterator[str]]:
    """``find``, run only on a text holding ``word`` (lower-cased), which its pattern demands."""
    def found(text: str) -> Iterator[str]:
        return find(text) if word in text.lower() else iter(())

    return found


# Detectors whose pattern backtracks over a long text, and a word every match holds.
_NEEDS = {"NPM tokens": "_authtoken"}


def _entropy(plugin: Any) -> Callable[[str], Iterator[str]]:
    # The detector wants quoted strings in source code; a value is already one string,
    # so every run of its alphabet is a candidate, kept above the detector's own limit.
    # A run of n characters, d of them distinct, has at most log2(min(n, d)) bits of entropy
    # per character: runs with fewer than 2 ** limit distinct characters (every hex digest)
    # cannot pass, and are not measured.
    with plugin.non_quoted_string_regex(is_exact_match=False):
        runs = plugin.regex
    fewest = int(2 ** plugin.entropy_limit) + 1

    def find(text: str) -> Iterator[str]:
        for run in runs.findall(text):
            if (len(run) >= fewest and len(set(run)) >= fewest
                    and plugin.calculate_shannon_entropy(run) > plugin.entropy_limit):
                yield run

    return find


def load() -> None:
    """Import detect-secrets and make its detectors now (a fifth of a CPU second); later calls cost
    nothing. A parent process calls it before its workers fork, so that they share one import."""
    _detectors()
    _filters()


@functools.cache
def _detectors() -> tuple[_Detector, ...]:
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class

    special = {KEYWORD: _keyword, ENTROPY: _entropy}
    out = []
    plugins: dict[str, Any] = get_mapping_from_secret_type_to_class()
    for secret_type, plugin_class in sorted(plugins.items()):
        if secret_type not in LEFT_OUT:
            plugin = plugin_class()
            find = special[secret_type](plugin) if secret_type in special else plugin.analyze_string
            out.append(_Detector(secret_type, _needing(_NEEDS[secret_type], find) if secret_type in _NEEDS
                                 else find))
    return tuple(out)


@functools.cache
def _filters() -> tuple[Callable[[str], bool], ...]:
    from detect_secrets.filters import heuristic

    return (heuristic.is_sequential_string, heuristic.is_potential_uuid, heuristic.is_templated_secret,
            heuristic.is_prefixed_with_dollar_sign, heuristic.is_not_alphanumeric_string)


def _kept(value: str, text: str) -> bool:
    from detect_secrets.filters.heuristic import is_indirect_reference

    return bool(value) and not any(f(value) for f in _filters()) and not is_indirect_reference(text)


# Some detectors' patterns take time quadratic in a text (a JWT's, npm's) or cubic in a run
# of blanks (IBM's, SoftLayer's, Cloudant's: ' *', ' +', ' *' in a row). So runs of more
# than two blanks are read as two, and a long text in windows of _WINDOW characters, each
# overlapping the next by _OVERLAP: every credential shorter than that lies whole in one
# window, and a longer token is widened to its whole run by the caller. The time then
# grows linearly with the text (a window's cost is bounded).
_BLANKS = re.compile(r"([ \t])[ \t]{2,}")
_WINDOW = 1024
_OVERLAP = 256


def _windows(text: str) -> list[str]:
    text = _BLANKS.sub(r"\1\1", text)
    if len(text) <= _WINDOW:
        return [text]
    step = _WINDOW - _OVERLAP
    return [text[at:at + _WINDOW] for at in range(0, len(text) - _OVERLAP, step)]


def credentials(text: str, screened: bool = False) -> list[Credential]:
    """Every credential detect-secrets recognises in ``text``, each (type, value) once.

    ``screened`` says the caller already matched :data:`SCREEN` against the lower-cased text.
    A value is as the detector saw it: a run of blanks longer than two within it is two.
    """
    if not screened and not SCREEN.search(text.lower()):
        return []
    found: dict[tuple[str, str], None] = {}
    for window in _windows(text):
        for detector in _detectors():
            for value in detector.find(window):
                if _kept(value, window):
                    found[(detector.secret_type, value)] = None
    return [Credential(secret_type, value) for secret_type, value in found]


def secret_types() -> tuple[str, ...]:
    """The names of the detectors used (detect-secrets' ``secret_type``)."""
    return tuple(d.secret_type for d in _detectors())


def detector_patterns() -> Iterator[tuple[str, re.Pattern[str]]]:
    """(secret_type, pattern) of every regular-expression detector used, for the tests of SCREEN."""
    from detect_secrets.core.plugins.util import get_mapping_from_secret_type_to_class
    from detect_secrets.plugins.base import RegexBasedDetector

    plugins: dict[str, Any] = get_mapping_from_secret_type_to_class()
    for secret_type, plugin_class in sorted(plugins.items()):
        if secret_type not in LEFT_OUT and issubclass(plugin_class, RegexBasedDetector):
            for pattern in plugin_class.denylist:
                yield secret_type, pattern
