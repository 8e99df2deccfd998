"""The Jinja2 templates in ``golive/templates/``, and escaping for markdown.

One environment per kind of output, all with undefined names as errors:

- ``html``: HTML autoescape (the go-live board);
- ``markdown``: no HTML escaping, but every ``{{ value }}`` goes through
  :func:`md_escape` unless it is :class:`~markupsafe.Markup` (links built in code);
- ``yaml``: nothing escaped (the files `golive new` scaffolds).

The values given to the html and markdown templates are masked where they are
made (:mod:`golive.core.redact`); every ``{{ value }}`` that is not Markup passes the
same boundary again as it is written, so a value that skipped it cannot reach a
page or a pull request raw (masking twice changes nothing).
"""

from __future__ import annotations

import functools
import re

import jinja2
from markupsafe import Markup

from golive.core.redact import text as redact

# Characters with a meaning in GitHub-flavoured markdown (and inline HTML) anywhere in a line;
# an underscore between two letters or digits (``e2e_test``) cannot emphasise and is left alone.
_SPECIAL = re.compile(r"([\\`*\[\]<>|~&#$]|(?<![^\W_])_|_(?![^\W_]))")
# ... and those that only mean something at the start of a list item or paragraph.
_LEADING = re.compile(r"^([+\-=]|\d{1,9}(?=[.)]))")
_LINE_BREAKS = re.compile(r"\s*[\r\n]+\s*")
# A mention (@user, @org/team) would notify whoever it names when a pull request or comment
# shows it, and #123 (or owner/repo#123, after its escaped '#') would link and cross-reference
# an issue: a zero-width space, written as an entity, after the '@' or '#' keeps the text as
# it reads and GitHub from acting on it (what bots that quote others' text do).
_MENTION = re.compile(r"(?<![\w@])@(?=[A-Za-z0-9])")
_REFERENCE = re.compile(r"(\\#)(?=\d)")
ZERO_WIDTH = "&#8203;"


def md_escape(value: object) -> str:
    """``value`` as markdown text that renders as itself, on one line (fit for a table cell),
    pinging no one and linking no issue."""
    text = _LINE_BREAKS.sub(" ", str(value))
    text = _SPECIAL.sub(r"\\\1", text)
    text = _REFERENCE.sub(rf"\1{ZERO_WIDTH}", _MENTION.sub(f"@{ZERO_WIDTH}", text))
    if m := _LEADING.match(text):
        # a digit run is kept and its '.' or ')' escaped; a single sign is escaped itself
        at = m.end() if m.group(1)[0].isdigit() else 0
        text = f"{text[:at]}\\{text[at:]}"
    return text


def _finalize_markdown(value: object) -> object:
    return value if isinstance(value, Markup) else md_escape(redact(value))


def _finalize_html(value: object) -> object:
    return value if isinstance(value, Markup) else redact(value)


@functools.cache
def environment(kind: str) -> jinja2.Environment:
    """The environment for ``html``, ``markdown`` or ``yaml`` templates."""
    if kind not in ("html", "markdown", "yaml"):
        raise ValueError(f"no template environment for {kind!r}")
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("golive", "templates"),
        autoescape=kind == "html",
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=kind != "html",
    )
    if kind == "markdown":
        env.finalize = _finalize_markdown
    elif kind == "html":
        env.finalize = _finalize_html
    return env
