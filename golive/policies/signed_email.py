"""What a sign-off e-mail (``.eml``, RFC 5322) proves: who sent it, on which day, and its DKIM signature.

``From`` must be one address; ``Date`` must parse (RFC 5322 3.3; a zone of
``-0000`` counts as UTC). The DKIM signature (RFC 6376) is verified with dkimpy
against the key pinned for its selector and domain in ``policies/trust/dkim/``,
never against DNS: the look-up dkimpy makes is answered from the pinned keys, so
a selector with no pinned key fails the same way on every machine. The signing
domain (``d=``) must be the ``From`` domain or a domain above it (DMARC's relaxed
alignment), or the signature proves nothing about the sender; and it must cover
``From`` and ``Date`` (``h=``) and the whole body (no ``l=`` short of it), or
those are anyone's words. Its ``t=`` and ``x=`` are not compared with the clock
(only ``x=`` with ``t=``), so the verdict is the same on every day.
"""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import enum
import importlib
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class DkimState(enum.Enum):
    UNSIGNED = "unsigned"
    BROKEN = "broken"
    SIGNED = "signed"


@dataclass(frozen=True)
class EmailProof:
    """``sender`` the From address (lowercase), ``sent_at`` the aware Date; ``problem`` why unreadable."""

    sender: str = ""
    sent_at: dt.datetime | None = None
    dkim: DkimState = DkimState.UNSIGNED
    dkim_domain: str = ""
    reason: str = ""
    problem: str = ""


def _tags(header: str) -> dict[str, str]:
    tags = {}
    for part in "".join(header.split()).split(";"):
        key, _, value = part.partition("=")
        if key:
            tags[key.lower()] = value
    return tags


def _aligned(signing: str, sender_domain: str) -> bool:
    signing = signing.lower().rstrip(".")
    return bool(signing) and (sender_domain == signing or sender_domain.endswith("." + signing))


def load() -> None:
    """Import dkimpy now; a parent process calls it before its workers fork (see signed_pdf.load)."""
    for module in ("dkim", "dkim.canonicalization", "dkim.util"):
        importlib.import_module(module)


def verify_email(data: bytes, pinned: Callable[[str], bytes | None]) -> EmailProof:
    """Parse ``data`` and verify its first DKIM signature with the record ``pinned(name)`` gives."""
    message = email.message_from_bytes(data, policy=email.policy.compat32)
    senders = message.get_all("From") or []
    addresses = email.utils.getaddresses([str(s) for s in senders])
    if len(addresses) != 1 or "@" not in addresses[0][1]:
        return EmailProof(problem="its From header does not name exactly one address")
    sender = addresses[0][1].strip().lower()
    dates = message.get_all("Date") or []
    try:
        sent_at = email.utils.parsedate_to_datetime(str(dates[0])) if len(dates) == 1 else None
    except (TypeError, ValueError, IndexError):
        sent_at = None
    if sent_at is None:
        return EmailProof(sender, problem="it has no single Date header that reads as a date")
    if sent_at.tzinfo is None:   # "-0000": the zone is unknown; RFC 5322 reads the time as UTC
        sent_at = sent_at.replace(tzinfo=dt.UTC)
    signatures = message.get_all("DKIM-Signature") or []
    if not signatures:
        return EmailProof(sender, sent_at)
    tags = _tags(str(signatures[0]))
    domain = tags.get("d", "")
    if not _aligned(domain, sender.rpartition("@")[2]):
        return EmailProof(sender, sent_at, DkimState.BROKEN, domain,
                          f"it is signed for {domain or 'no domain'}, not for the sender's domain")
    import dkim  # only a signed e-mail pays for the import

    def dnsfunc(name: bytes | str, timeout: int = 5) -> bytes | None:
        text = name.decode("ascii", "replace") if isinstance(name, bytes) else name
        return pinned(text)

    canonical = data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    quiet = logging.getLogger("golive.dkim")
    quiet.addHandler(logging.NullHandler())
    quiet.propagate = False
    selector = tags.get("s", "")
    failure = ""
    try:
        checker = dkim.DKIM(canonical, logger=quiet)
        good, sig, signed = _verify_first(dkim, checker, dnsfunc)
    except (dkim.DKIMException, ValueError) as exc:   # a malformed header, signature or key
        # (a b= that is not base64 is a binascii.Error, a ValueError): it proves nothing either
        good, failure = False, "" if "body hash mismatch" in str(exc) else _first_line(exc)
    if good:
        gap = _uncovered(checker, sig, signed)
        if gap:
            return EmailProof(sender, sent_at, DkimState.BROKEN, domain, gap)
        return EmailProof(sender, sent_at, DkimState.SIGNED, domain)
    if pinned(f"{selector}._domainkey.{domain}") is None:
        why = (f"no key is pinned for selector '{selector}' of {domain} "
               f"(policies/trust/dkim/{selector}._domainkey.{domain}.txt)")
    elif failure:
        why = f"its DKIM signature cannot be verified ({failure})"
    else:
        why = "the signature does not match the message: it was changed after it was signed"
    return EmailProof(sender, sent_at, DkimState.BROKEN, domain, why)

def _verify_first(dkim: Any, checker: Any, dnsfunc: Callable[..., bytes | None],
                  ) -> tuple[bool, dict[bytes, bytes], frozenset[bytes]]:
    """dkimpy's check of the message's first DKIM-Signature, with its time judged by itself.

    dkimpy compares ``t=`` (signed at) and ``x=`` (expires at) with the clock, so a sign-off
    whose signature expires would hold today and fail next month, and the same commit would
    pass and fail. Here they are read as the signature states them (``x=`` not before ``t=``),
    like a PDF's chain judged at its signing time; every other field is checked as dkimpy does.
    Returns whether it verifies, the signature's tags, and the names of the signed headers.
    """
    from dkim.util import InvalidTagValueList, parse_tag_value

    header = next((h for h in checker.headers if h[0].lower() == b"dkim-signature"), None)
    if header is None:   # a header name the standard library reads and dkimpy does not
        raise dkim.MessageFormatError("no DKIM-Signature header dkimpy can read")
    try:
        sig = parse_tag_value(header[1])
    except InvalidTagValueList as exc:
        raise dkim.MessageFormatError(exc) from None
    dkim.validate_signature_fields({k: v for k, v in sig.items() if k not in (b"t", b"x")})
    stamps = {k: sig[k] for k in (b"t", b"x") if k in sig}
    if any(not value.isdigit() for value in stamps.values()):
        raise dkim.ValidationError("t= or x= is not a decimal integer")
    if len(stamps) == 2 and int(stamps[b"x"]) < int(stamps[b"t"]):
        raise dkim.ValidationError("it expires (x=) before it was made (t=)")
    include = [name.lower() for name in re.split(rb"\s*:\s*", sig[b"h"])]
    signed = frozenset(include)
    return bool(checker.verify_sig(sig, include, header, dnsfunc)), sig, signed


def _uncovered(checker: Any, fields: dict[bytes, bytes], signed: frozenset[bytes]) -> str:
    """What of the sign-off a signature that verifies leaves unsigned ('' when nothing).

    The ``From`` and ``Date`` golive compares must be among the signed headers (``h=``; a
    verifier must reject a signature without ``From``, RFC 6376 5.4, and dkimpy does not),
    and the whole body must be signed: with ``l=`` only its first bytes are (RFC 6376 8.2),
    and anyone may add text after them.
    """
    from dkim.canonicalization import CanonicalizationPolicy

    missing = [name for name in ("From", "Date") if name.lower().encode() not in signed]
    if missing:
        return (f"its DKIM signature does not cover its {' or '.join(missing)} header (h=), so "
                "anyone could have written it")
    if b"l" in fields:
        policy = CanonicalizationPolicy.from_c_value(fields.get(b"c", b"simple/simple"))
        body = len(policy.canonicalize_body(checker.body))
        covered = int(fields[b"l"])
        if covered < body:
            return (f"its DKIM signature covers only the first {covered} of the body's {body} "
                    "bytes (l=), so anyone could have added the rest")
    return ""


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__
