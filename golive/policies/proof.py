"""What a signed evidence file proves beyond its hash, as problems of the item it proves.

An evidence file named ``*.pdf`` must be a PDF, and its signature must hold
(:mod:`golive.policies.signed_pdf`); one named ``*.eml`` is a sign-off e-mail whose
``From``, ``Date`` and DKIM signature are checked (:mod:`golive.policies.signed_email`).
Any other file (a Markdown report, X12) proves only its hash. Only a file whose
hash matches is read: a changed or missing file is the hash check's finding.

Who signed, and when, is compared with what the item records:

- ``signed_by`` (``Name <address>``): a PDF's signer certificate must carry that
  name (case and spacing aside), and that address when the certificate has one;
  an e-mail must come from that address or, when ``signed_by`` gives only a name,
  from the domain of one of the tenant's contacts (``tenant.yaml`` ``contacts``).
- the item's date (``signed_on``, ``certified_on``): the signing time of a PDF,
  or the ``Date`` of an e-mail, read in the tenant's time zone, falls on that day.
"""

from __future__ import annotations

import email.utils
import enum
import hashlib
import zoneinfo
from collections.abc import Iterator, Mapping
from typing import Any

from golive.core.findings import Problem, Severity, YamlPath
from golive.policies.api import Tenant
from golive.policies.evidence import Evidence
from golive.policies.signed_email import DkimState, EmailProof, verify_email
from golive.policies.signed_pdf import PdfProof, PdfState, verify_pdf

_GRADE = {"error": Severity.ERROR, "warning": Severity.WARNING}


class Proven(enum.Enum):
    """How far an evidence file proves its item (``golive status``)."""

    PROVEN = "proven"          # a signature that holds, by a signer and on a day that match
    HASH_ONLY = "hash only"    # the file is what was recorded, and no more is known
    NOT_PROVEN = "not proven"  # missing, changed, or a signature or sender that does not hold


def _kind(rel: str) -> str | None:
    suffix = rel.rpartition(".")[2].lower() if "." in rel.rpartition("/")[2] else ""
    return suffix if suffix in ("pdf", "eml") else None


# Verdicts by (suffix, the file's sha256, the anchors' digest): they depend on nothing else, so
# one process verifies the same bytes once, however many tenants commit them.
_VERDICTS: dict[tuple[str, str, str], PdfProof | EmailProof] = {}
_VERDICTS_MAX = 4096


def _verify(t: Tenant, rel: str, kind: str) -> PdfProof | EmailProof | None:
    digest = t.evidence.actual(rel)
    key = (kind, digest or "", t.trust.digest)
    if digest is not None and key in _VERDICTS:
        return _VERDICTS[key]
    try:
        data = t.evidence.read(rel)
    except OSError:
        return None
    verdict = verify_pdf(data, t.trust.certificates) if kind == "pdf" else \
        verify_email(data, t.trust.dkim_record)
    if digest is not None and hashlib.sha256(data).hexdigest() == digest:
        if len(_VERDICTS) >= _VERDICTS_MAX:
            _VERDICTS.clear()
        _VERDICTS[key] = verdict
    return verdict


def _verdict(t: Tenant, rel: str) -> PdfProof | EmailProof | None:
    """The file's verdict, worked out once per tenant check (None: not a PDF or .eml, or unreadable)."""
    memo = t.evidence.proofs
    if rel not in memo:
        kind = _kind(rel)
        memo[rel] = _verify(t, rel, kind) if kind else None
    verdict = memo[rel]
    assert verdict is None or isinstance(verdict, PdfProof | EmailProof)
    return verdict


def _zone(t: Tenant) -> zoneinfo.ZoneInfo:
    name = t.tenant.get("timezone")
    try:
        return zoneinfo.ZoneInfo(name) if isinstance(name, str) else zoneinfo.ZoneInfo("UTC")
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return zoneinfo.ZoneInfo("UTC")   # GL-TIMEZONE reports the name


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _contact_domains(t: Tenant) -> set[str]:
    found: set[str] = set()

    def walk(value: Any) -> None:
        if isinstance(value, str) and "@" in value:
            found.add(value.rpartition("@")[2].strip().lower())
        elif isinstance(value, Mapping):
            for inner in value.values():
                walk(inner)

    walk(t.tenant.get("contacts"))
    return found


def proof_problems(t: Tenant, file: str, path: YamlPath, item: Mapping[str, Any], what: str,
                   settings_key: str, date_key: str | None = None) -> Iterator[Problem]:
    """Why the evidence of ``item`` (at ``path`` in ``file``) does not prove ``what``.

    ``settings_key`` is the item's key under ``evidence.unsigned`` in the settings (how an
    unsigned file is graded); ``date_key`` the item's date the signature must fall on.
    """
    rel = item.get("evidence")
    if not isinstance(rel, str) or t.evidence.check(rel, item.get("sha256")) is not Evidence.OK:
        return
    verdict = _verdict(t, rel)
    where = (*path, "evidence")
    when = str(item[date_key]) if date_key and item.get(date_key) is not None else None
    signed_by = item.get("signed_by") if isinstance(item.get("signed_by"), str) else None
    unsigned = _GRADE.get(t.settings.unsigned_grade(settings_key))
    if isinstance(verdict, PdfProof):
        yield from _pdf(t, file, path, where, rel, verdict, what, unsigned, signed_by, date_key, when)
    elif isinstance(verdict, EmailProof):
        yield from _eml(t, file, path, where, rel, verdict, what, unsigned, signed_by, date_key, when)


def _pdf(t: Tenant, file: str, path: YamlPath, where: YamlPath, rel: str, proof: PdfProof, what: str,
         unsigned: Severity | None, signed_by: str | None, date_key: str | None,
         when: str | None) -> Iterator[Problem]:
    if proof.state is PdfState.NOT_PDF:
        yield Problem(file, where, f"{what}: '{rel}' is named .pdf but is not a PDF: {proof.reason}; "
                      "commit the PDF itself")
    elif proof.state is PdfState.UNSIGNED:
        if unsigned is not None:
            yield Problem(file, where, f"{what}: '{rel}' carries no digital signature, so only its "
                          "hash proves it; ask for a signed PDF", unsigned)
    elif proof.state is PdfState.BROKEN:
        yield Problem(file, where, f"{what}: the signature of {proof.signer} on '{rel}' does not "
                      f"hold: {proof.reason}")
    elif proof.state is PdfState.UNTRUSTED:
        yield Problem(file, where, f"{what}: '{rel}' is signed by {proof.signer}, but {proof.reason}; "
                      f"{proof.advice}")
    else:
        if signed_by is not None:
            name, address = email.utils.parseaddr(signed_by)
            name = name or (signed_by if "@" not in signed_by else "")
            if (name and not _same(name, proof.signer)) or (
                    address and proof.signer_email and not _same(address, proof.signer_email)):
                shown = f"{proof.signer} <{proof.signer_email}>" if proof.signer_email else proof.signer
                yield Problem(file, (*path, "signed_by"),
                              f"{what}: '{rel}' is signed by {shown}, not by {signed_by} (signed_by)")
        if date_key and when:
            yield from _day(t, file, (*path, date_key), rel, what, proof.signed_at, "signed",
                            date_key, when)


def _day(t: Tenant, file: str, path: YamlPath, rel: str, what: str, moment: Any, verb: str,
         date_key: str, when: str) -> Iterator[Problem]:
    if moment is None:
        yield Problem(file, path, f"{what}: '{rel}' carries no signing time, so it cannot show it "
                      f"was signed on {when} ({date_key})")
        return
    zone = _zone(t)
    day = moment.astimezone(zone).date().isoformat()
    if day != when:
        yield Problem(file, path, f"{what}: '{rel}' was {verb} on {day} ({zone.key} time), not on "
                      f"{when} ({date_key})")


def _eml(t: Tenant, file: str, path: YamlPath, where: YamlPath, rel: str, proof: EmailProof, what: str,
         unsigned: Severity | None, signed_by: str | None, date_key: str | None,
         when: str | None) -> Iterator[Problem]:
    if proof.problem:
        yield Problem(file, where, f"{what}: '{rel}' is not a sign-off e-mail: {proof.problem}")
        return
    if signed_by is not None:
        address = email.utils.parseaddr(signed_by)[1].strip().lower()
        if "@" in address:
            if proof.sender != address:
                yield Problem(file, (*path, "signed_by"),
                              f"{what}: '{rel}' is from {proof.sender}, not from the signer "
                              f"{address} (signed_by)")
        elif proof.sender.rpartition("@")[2] not in _contact_domains(t):
            domains = ", ".join(sorted(_contact_domains(t))) or "none recorded"
            yield Problem(file, (*path, "signed_by"),
                          f"{what}: '{rel}' is from {proof.sender}, outside the customer's mail "
                          f"domains ({domains}, from tenant.yaml contacts); record the signer as "
                          "Name <address>")
    if date_key and when:
        yield from _day(t, file, (*path, date_key), rel, what, proof.sent_at, "sent", date_key, when)
    if proof.dkim is DkimState.BROKEN:
        yield Problem(file, where, f"{what}: the DKIM signature of '{rel}' ({proof.dkim_domain}) does "
                      f"not hold: {proof.reason}")
    elif proof.dkim is DkimState.UNSIGNED and unsigned is not None:
        yield Problem(file, where, f"{what}: '{rel}' carries no DKIM signature, so only its hash "
                      "proves it; export the e-mail as received, with its DKIM-Signature header",
                      unsigned)


def proven(t: Tenant, item: Mapping[str, Any], settings_key: str, date_key: str | None = None,
           ) -> Proven:
    """How far the evidence of ``item`` proves it (for ``golive status``)."""
    rel = item.get("evidence")
    if not isinstance(rel, str) or t.evidence.check(rel, item.get("sha256")) is not Evidence.OK:
        return Proven.NOT_PROVEN
    if any(p.severity is not Severity.WARNING
           for p in proof_problems(t, "", (), item, "", settings_key, date_key)):
        return Proven.NOT_PROVEN
    verdict = _verdict(t, rel)
    if isinstance(verdict, PdfProof) and verdict.state is PdfState.SIGNED:
        return Proven.PROVEN
    if isinstance(verdict, EmailProof) and verdict.dkim is DkimState.SIGNED:
        return Proven.PROVEN
    return Proven.HASH_ONLY


def signed_items(t: Tenant) -> Iterator[tuple[str, str, YamlPath, Mapping[str, Any], str | None]]:
    """Each evidenced item a signature can prove: (checklist key, file, path, item, date key)."""
    golive = t.file("golive.yaml")
    for key, date_key in (("e2e_test", None), ("uat_signoff", "signed_on")):
        item = golive.get(key)
        if isinstance(item, Mapping) and isinstance(item.get("evidence"), str):
            yield key, "golive.yaml", (key,), item, date_key
    for i, partner in enumerate(t.file("edi.yaml").get("trading_partners", [])):
        cert = partner.get("certification") if isinstance(partner, Mapping) else None
        if isinstance(cert, Mapping) and isinstance(cert.get("evidence"), str):
            yield ("partner_certifications", "edi.yaml", ("trading_partners", i, "certification"),
                   cert, "certified_on")
