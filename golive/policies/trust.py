"""The trust anchors pinned in the repository (``policies/trust/``), reviewed like the other checks.

::

    policies/trust/<name>.pem        X.509 certificates (PEM): a signed PDF proves its item
                                     only when its signer's certificate chains to one of them
    policies/trust/dkim/<selector>._domainkey.<domain>.txt
                                     the DKIM public key record (``v=DKIM1; k=rsa; p=...``) that
                                     DNS would hold under that name; golive never asks DNS

They come from the same revision as ``policies/settings.yaml`` (in pull-request mode, the
merge base), so a pull request cannot pin the key that signs its own evidence. A
file that cannot be read as what it claims to be stops the run (exit 2), like a
broken settings file.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from golive.core.errors import ConfigRepoError
from golive.core.layout import POLICIES_DIR

TRUST_DIR = f"{POLICIES_DIR}/trust"
_PEM = re.compile(rb"-----BEGIN CERTIFICATE-----\s*(.*?)\s*-----END CERTIFICATE-----", re.S)
_DKIM_NAME = re.compile(r"[A-Za-z0-9_.-]+\._domainkey\.[a-z0-9.-]+")


@dataclass(frozen=True)
class Trust:
    """The pinned anchors: DER certificates, and DKIM records by DNS name (lowercase, no final dot)."""

    certificates: tuple[bytes, ...] = ()
    dkim_records: tuple[tuple[str, bytes], ...] = ()
    digest: str = field(default=hashlib.sha256(b"").hexdigest())

    def dkim_record(self, name: str) -> bytes | None:
        """The record pinned for ``name`` (``selector._domainkey.domain``, a final dot allowed)."""
        return dict(self.dkim_records).get(name.rstrip(".").lower())


def _certificates(rel: str, raw: bytes) -> list[bytes]:
    from cryptography import x509  # only a repository that pins anchors pays for the import

    blocks = _PEM.findall(raw)
    if not blocks:
        raise ConfigRepoError(f"{rel}: no PEM certificate (-----BEGIN CERTIFICATE-----) in it")
    found = []
    for block in blocks:
        try:
            der = base64.b64decode(b"".join(block.split()), validate=True)
            x509.load_der_x509_certificate(der)
        except (binascii.Error, ValueError) as exc:
            raise ConfigRepoError(f"{rel}: a certificate that cannot be read ({exc})") from None
        found.append(der)
    return found


def load_trust(repo: Path) -> Trust:
    """The anchors under ``policies/trust/`` of ``repo`` (none when the directory is absent)."""
    root = repo / TRUST_DIR
    if not root.is_dir():
        return Trust()
    certificates: list[bytes] = []
    records: dict[str, bytes] = {}
    digest = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        rel = path.relative_to(repo).as_posix()
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise ConfigRepoError(f"cannot read {rel}: {exc.strerror}") from None
        digest.update(f"{rel}\0{len(raw)}\0".encode() + raw)
        inner = path.relative_to(root).as_posix()
        if inner.endswith(".pem") and "/" not in inner:
            certificates.extend(_certificates(rel, raw))
        elif inner.startswith("dkim/") and inner.endswith(".txt"):
            name = inner.removeprefix("dkim/").removesuffix(".txt").lower()
            if not _DKIM_NAME.fullmatch(name) or b"p=" not in raw:
                raise ConfigRepoError(f"{rel}: a DKIM key is dkim/<selector>._domainkey.<domain>.txt "
                                      "holding its record (v=DKIM1; k=rsa; p=...)")
            records[name] = b" ".join(raw.split())
        elif not inner.endswith(".md"):
            raise ConfigRepoError(f"{rel}: not a trust anchor (<name>.pem, or "
                                  "dkim/<selector>._domainkey.<domain>.txt)")
    return Trust(tuple(certificates), tuple(sorted(records.items())), digest.hexdigest())
