"""GL-SECRET as a table: tenant YAML in, (file, line, column, message) out.

Every value below is synthetic. Rows with a key the schemas do not allow (``bank:``,
``password:``) show the key heuristics; the policy runs here on loaded data alone.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import golive
from golive.core import secret_numbers
from golive.core.secrets_screen import is_routing_number, is_ssn, recognise
from golive.engine.rule_catalogue import describe
from tests.test_policy_tables import EDI, NOTES, PAYERS, run

ROTATE = "remove it from git (history too), rotate it, and keep it in the platform's secret store"
BANK = ("remove it from git (history too); bank details belong in the platform's secret store, "
        "not in tenant config")
PRIVACY = "remove it from git (history too) and report the exposure; SSNs never belong in tenant config"
ROUTING = "261084755"   # made up; passes the ABA checksum
PAT = "github_pat_11SYNTHET0Qk7Lm2Zp9Xc4Vb_8NwRt5Yh3Jd6Gf1Sa0KeUo7Ix2Cv9Bn4Mq"   # random, never issued


def said(key: str, kind: str, fix: str) -> str:
    return f"'{key}' holds {kind} (value not shown): {fix}"


def notes(text: str) -> dict[str, str]:
    """A golive.yaml whose one standup note is ``text`` (the note sits at line 3, column 21)."""
    return {"golive_yaml": f"hypercare:\n  standups:\n    - {{date: 2026-12-01, notes: '{text}'}}\n"}


def at_notes(kind: str, fix: str) -> tuple[str, int, int, str]:
    return ("golive.yaml", 3, 26, said("notes", kind, fix))


WEBHOOK = NOTES + "  - {id: pm, type: webhook, address: 'URL', events: [era.posted]}\n"

# (files, the secret as written, expected findings)
TABLE: list[tuple[dict[str, str], str, list[tuple[str, int, int, str]]]] = [
    # Routing numbers: the checksum and a word or key that says "bank".
    (notes(f"EFT test deposit landed at routing {ROUTING}"), ROUTING,
     [at_notes("a bank routing (ABA) number", BANK)]),
    (notes(f"ABA#{ROUTING} confirmed"), ROUTING, [at_notes("a bank routing (ABA) number", BANK)]),
    (notes(f"claim batch {ROUTING} resent"), ROUTING, []),             # no bank word near it
    # Text whose lower case is longer (İ) before the secret: the screen still finds it.
    (notes(f"İstanbul office, ROUTING {ROUTING}"), ROUTING,
     [at_notes("a bank routing (ABA) number", BANK)]),
    (notes("routing 261084756 per the form"), "261084756", []),        # fails the checksum
    (notes("routing 991084758 per the form"), "991084758", []),        # no Federal Reserve prefix
    ({"golive_yaml": f'eft:\n  bank_routing: "{ROUTING}"\n'}, ROUTING,
     [("golive.yaml", 2, 3, said("bank_routing", "a bank routing (ABA) number", BANK))]),
    # Unquoted: YAML 1.1 reads 021000021 as an octal integer (4456465); it is still a routing number.
    ({"golive_yaml": "eft:\n  bank_routing: 021000021\n"}, "4456465",
     [("golive.yaml", 2, 3, said("bank_routing", "a bank routing (ABA) number", BANK))]),
    ({"golive_yaml": "eft:\n  bank_routing: 21000021\n"}, "21000021",
     [("golive.yaml", 2, 3, said("bank_routing", "a bank routing (ABA) number", BANK))]),
    ({"golive_yaml": f'bank:\n  number: "{ROUTING}"\n'}, ROUTING,
     [("golive.yaml", 2, 3, said("number", "a bank routing (ABA) number", BANK))]),
    ({"golive_yaml": f"eft:\n  aba: {ROUTING}\n"}, ROUTING,             # an integer as YAML reads it
     [("golive.yaml", 2, 3, said("aba", "a bank routing (ABA) number", BANK))]),
    # X12 ids and payer ids are identifiers, whatever their digits.
    ({"edi_yaml": EDI.replace("P}", f'P, isa: {{receiver_id: "{ROUTING}"}}, '
                                    f'gs: {{receiver_code: "{ROUTING}"}}}}'),
      "payers_yaml": PAYERS.replace('"87726"', f'"{ROUTING}"')}, ROUTING, []),
    # Account numbers.
    (notes("deposit to acct 4001002003 confirmed"), "4001002003",
     [at_notes("a bank account number", BANK)]),
    (notes("Cigna account 2026-11-20 review; acct 212 claims"), "2026-11-20", []),
    ({"golive_yaml": 'eft:\n  account_number: "4001-0020-03"\n'}, "4001-0020-03",
     [("golive.yaml", 2, 3, said("account_number", "a bank account number", BANK))]),
    ({"golive_yaml": 'platform:\n  account_id: "4001002003"\n'}, "4001002003", []),
    # SSNs, less the numbers never issued.
    (notes("patient 431-72-0815 re-billed"), "431-72-0815",
     [at_notes("an SSN-shaped number", PRIVACY)]),
    (notes("SSN 431720815 on the claim"), "431720815", [at_notes("an SSN-shaped number", PRIVACY)]),
    ({"golive_yaml": 'patient:\n  ssn: "431720815"\n'}, "431720815",
     [("golive.yaml", 2, 3, said("ssn", "an SSN-shaped number", PRIVACY))]),
    *[(notes(f"ticket {n}"), n, []) for n in ("000-72-0815", "666-72-0815", "912-72-0815",
                                             "431-00-0815", "431-72-0000")],
    (notes("claim SMOKE-431-72-0815 and date 2026-11-17"), "431-72-0815", []),
    # The ways people write them: Unicode dashes and spaces, words between, letters touching,
    # full-width signs, IBANs (the report names the kind, never the value).
    (notes("SSN 431\u201072\u20100815 on file"), "431\u201072\u20100815",
     [at_notes("an SSN-shaped number", PRIVACY)]),
    (notes("patient SSN is 431720815"), "431720815", [at_notes("an SSN-shaped number", PRIVACY)]),
    (notes("RTN021000021 per the form"), "021000021", [at_notes("a bank routing (ABA) number", BANK)]),
    (notes("routing 021-000-021 per the form"), "021-000-021",
     [at_notes("a bank routing (ABA) number", BANK)]),
    (notes("bank account nr 4001002003"), "4001002003", [at_notes("a bank account number", BANK)]),
    (notes("routing/account: 021000021/4001002003"), "4001002003",
     [at_notes("a bank routing (ABA) number", BANK), at_notes("a bank account number", BANK)]),
    (notes("refund to IBAN DE89 3704 0044 0532 0130 00"), "0532", [at_notes("a bank account number", BANK)]),
    (notes("the password is hunter22"), "hunter22",
     [at_notes("a password or secret assigned in the text", ROTATE)]),
    (notes("password\uff1ahunter"), "hunter",
     [at_notes("a password or secret assigned in the text", ROTATE)]),
    (notes("password reset requested, the password is in the vault"), "", []),
    # Credentials by key, and in free text.
    ({"golive_yaml": "sftp:\n  password: synthetic-pass-1\n"}, "synthetic-pass-1",
     [("golive.yaml", 2, 3, said("password", "a password", ROTATE))]),
    ({"golive_yaml": "sftp:\n  clientSecret: synthetic-secret-1\n"}, "synthetic-secret-1",
     [("golive.yaml", 2, 3, said("clientSecret", "a secret or token", ROTATE))]),
    ({"golive_yaml": 'sftp:\n  password: ""\n  api_key: " "\n'}, "", []),
    (notes("mailbox login edi01, password: synthetic-pass-2"), "synthetic-pass-2",
     [at_notes("a password or secret assigned in the text", ROTATE)]),
    # Credentials by shape; a shape found under a secret key is said once, by its shape.
    ({"golive_yaml": "ci:\n  token: ghp_" + "Sy" * 18 + "\n"}, "ghp_" + "Sy" * 18,
     [("golive.yaml", 2, 3, said("token", "a credential (GitHub Token)", ROTATE))]),
    (notes("key AKIASYNTHETIC0000000 used for the archive"), "AKIASYNTHETIC0000000",
     [at_notes("a credential (AWS Access Key)", ROTATE)]),
    # detect-secrets has no rule for fine-grained GitHub tokens: their entropy gives them away.
    (notes(PAT), PAT, [at_notes("a high-entropy string (likely a key or token)", ROTATE)]),
    (notes("bot xoxb-0000000000-synthetic"), "xoxb-0000000000-synthetic",
     [at_notes("a credential (Slack Token)", ROTATE)]),
    (notes("Authorization: Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJzeW50aGV0aWMifQ.c3ludGhldGlj"),
     "eyJhbGciOiJub25lIn0", [at_notes("a credential (JSON Web Token)", ROTATE)]),
    ({"golive_yaml": "hypercare:\n  standups:\n    - date: 2026-12-01\n      notes: |\n"
                     "        -----BEGIN RSA PRIVATE KEY-----\n        c3ludGhldGlj\n"
                     "        -----END RSA PRIVATE KEY-----\n"}, "c3ludGhldGlj",
     [("golive.yaml", 4, 7, said("notes", "a private key", ROTATE))]),
    # Webhook URLs: a credential in the query string or the user part, or the URL itself.
    ({"notifications_yaml": WEBHOOK.replace("URL", "https://pm.acme.example/h?token=c3ludGg")},
     "c3ludGg", [("notifications.yaml", 3, 29,
                  said("address", "a credential in a URL's query string", ROTATE))]),
    ({"notifications_yaml": WEBHOOK.replace("URL", "https://edi:c3ludGg@pm.acme.example/h")},
     "c3ludGg", [("notifications.yaml", 3, 29, said("address", "a password in a URL", ROTATE))]),
    ({"notifications_yaml": WEBHOOK.replace("URL", "https://hooks.slack.com/services/T0/B0/c3ludGg")},
     "c3ludGg", [("notifications.yaml", 3, 29,
                  said("address", "a credential (Slack Token)", ROTATE))]),
    ({"notifications_yaml": WEBHOOK.replace("URL", "https://pm.acme.example/hooks/rcm?tenant=acme")},
     "", []),
    # A payment card number after a card word; an SSN that an X12 qualifier names in a quoted segment.
    (notes("patient paid by card 4111 1111 1111 1111 at the desk"), "4111 1111 1111 1111",
     [at_notes("a payment card number", BANK.replace("bank details", "card numbers"))]),
    (notes("rejected: NM1*IL*1*DOE*JOHN****34*431720815~"), "431720815",
     [at_notes("an SSN-shaped number", PRIVACY)]),
    (notes("claim batch 4111 1111 1111 1112 resent; NM1*IL*1*DOE*JOHN****MI*431720815~"), "", []),
    # Keys are read too: one that is a secret is reported as a key, and never repeated.
    ({"golive_yaml": 'notes:\n  "431-72-0815": re-billed\n'}, "431-72-0815",
     [("golive.yaml", 2, 3, "this key holds an SSN-shaped number (key not shown): " + PRIVACY)]),
    ({"golive_yaml": "ci:\n  ghp_" + "Sy" * 18 + ": yes\n"}, "ghp_" + "Sy" * 18,
     [("golive.yaml", 2, 3, "this key holds a credential (GitHub Token) (key not shown): " + ROTATE)]),
    ({"golive_yaml": 'ci:\n  "password: synthetic-pass-3": x\n'}, "synthetic-pass-3",
     [("golive.yaml", 2, 3, "this key holds a password or secret assigned in the text (key not shown): "
                            + ROTATE),
      ("golive.yaml", 2, 3, "<masked key: 26 characters: letters, digits, ' ', '-' and ':'> holds a "
                            "password (value not shown): " + ROTATE)]),
]


@pytest.mark.parametrize(("files", "secret", "expected"), TABLE, ids=[str(i) for i in range(len(TABLE))])
def test_secrets(files: dict[str, str], secret: str, expected: list, tmp_path: Path) -> None:
    got = run("GL-SECRET", tmp_path, **files)
    assert got == expected
    assert not secret or all(secret not in message for *_, message in got)


@pytest.mark.parametrize(("digits", "valid"), [(ROUTING, True), ("030240928", False),
                                                ("26108475", False), ("26108475x", False)])
def test_routing_checksum(digits: str, valid: bool) -> None:
    assert is_routing_number(digits) is valid


def test_ssn_exclusions() -> None:
    assert is_ssn("431", "72", "0815")
    assert not any(is_ssn(*parts) for parts in [("000", "72", "0815"), ("666", "72", "0815"),
                                                ("987", "72", "0815"), ("431", "00", "0815"),
                                                ("431", "72", "0000")])


def test_example_tenants_hold_no_secrets(repo: Path) -> None:
    result = golive.validate(repo, as_of=dt.date(2026, 11, 25))
    assert [f for f in result.findings if f.rule == "GL-SECRET"] == []


def test_explained() -> None:
    doc = describe("GL-SECRET")
    assert doc.checklist == "integrity" and "Passing:" in doc.detail and "Failing:" in doc.detail


# A synthetic tenant's 837 digest: 'c2dda3537526' in it read as "DDA 3537526", an account number.
DIGEST_WITH_DDA = "7844fc0078912f5c2e19cee7ce36071227a5c2dda3537526d822e124ef66c9dc"


def test_a_digest_whose_hex_spells_an_account_word_is_no_account_number() -> None:
    assert recognise(DIGEST_WITH_DDA, ("sha256",), ("files",)) == []
    assert recognise("dda" + DIGEST_WITH_DDA[3:]) == []
    # The word and the number outside a digest are still one.
    assert [f.kind.label for f in recognise(f"sha256 {DIGEST_WITH_DDA}, DDA 3537526822")] == [
        "a bank account number"]


@settings(max_examples=500, deadline=None)
@given(data=st.binary(max_size=64), prefix=st.sampled_from(["", "dda", "aba", "cc", "acc"]))
def test_no_hex_digest_holds_a_number_the_screen_reports_or_masks(data: bytes, prefix: str) -> None:
    """sha256, sha1 and md5 digests (lower and upper case), even starting with a cue word's hex
    letters: the number rules find nothing in them, reporting or masking."""
    for digest in (hashlib.sha256(data).hexdigest(), hashlib.sha1(data).hexdigest(),
                   hashlib.md5(data).hexdigest()):
        for text in (prefix + digest[len(prefix):], digest.upper()):
            assert list(secret_numbers.numbers(text, wide=False)) == []
            assert list(secret_numbers.numbers(text, wide=True)) == []
