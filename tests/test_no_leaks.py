"""No secret or patient data, and no control character, leaves golive in any output.

A config repo (real git, built in tmp) is laced with canaries: for each kind of
secret the screen knows (an SSN, an ABA routing number, a bank account number, a
GitHub token, a password) a distinct value in every kind of place tenant data
lives: values that messages quote, keys, comments, a waiver's reason and
approved_by, hyper-care investigations, standup notes, an evidence file's text,
invalid dates, a bad target URL, a commit's author and summary, and values changed
by hand in a target. Every command then runs in every format, and every byte it
prints or writes (stdout, stderr, --output files, everything under ``.golive/``)
is searched for every canary. Each command's output is also checked for what it
must show (masked), so a command that failed early cannot pass for one that
printed nothing secret.

Every value here is synthetic: the SSNs, routing and account numbers and tokens
were made up for this test, and no secret is real.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from golive.cli import main
from golive.engine.cache import CACHE_ENV
from golive.engine.rule_catalogue import all_rules
from tests.gitrepo import commit_all, edit, git, init_config_repo

AS_OF = "2026-11-25"
KINDS = ("ssn", "routing", "account", "token", "password")
FIELDS = ("value", "key", "comment", "reason", "approved_by", "investigation", "notes", "evidence",
          "date", "url", "git", "target")
ACME, RIVERBEND, SUMMIT = "tenants/acme-ortho", "tenants/riverbend-cardio", "tenants/summit-peds"


def _routing(n: int) -> str:
    """A made-up routing number: prefix 26 (a thrift), six digits, and the ABA check digit."""
    base = f"26{n:06d}"
    total = sum(w * int(d) for w, d in zip((3, 7, 1, 3, 7, 1, 3, 7), base, strict=True))
    return base + str(-total % 10)


def _canary(kind: str, n: int) -> str:
    if kind == "ssn":
        return f"{401 + n:03d}-{11 + n:02d}-{1000 + n:04d}"
    if kind == "routing":
        return _routing(n)
    if kind == "account":
        return f"40010{n:05d}"
    digest = hashlib.sha256(f"golive canary {kind} {n}".encode()).hexdigest()
    if kind == "token":
        return "ghp_" + digest[:36]
    return f"Cnry{n}-pw-{digest[:8]}"


CANARY = {(field, kind): _canary(kind, n) for n, (field, kind) in enumerate(
    (f, k) for f in FIELDS for k in KINDS)}
CANARY[("url", "sqlite")] = _canary("password", 99)
# Passwords in more malformed target URLs: no '//', the host missing, percent-encoded, a libpq string.
URL_FORMS = ("no-slashes", "one-slash", "no-host", "percent-encoded", "sslpassword", "key-value")
CANARY.update({("url", form): _canary("password", 100 + i) for i, form in enumerate(URL_FORMS)})


def said(field: str, kind: str) -> str:
    """The canary of (field, kind) written as people write that kind of secret in a note; each
    field in another of the ways people write it (dashes and spaces of any kind, words between
    a number and its name, a full-width colon), so every form reaches every place."""
    c = CANARY[(field, kind)]
    forms = {
        "ssn": (f"patient {c}", f"patient SSN is {c.replace('-', '')}", f"SSN {c.replace('-', chr(0x2010))}",
                f"ssn {c.replace('-', chr(0xA0))}", f"patient {c.replace('-', chr(0x2212))}"),
        "routing": (f"routing {c}", f"RTN{c}", f"routing {c[:3]}-{c[3:6]}-{c[6:]}", f"ABA: {c}"),
        "account": (f"acct {c}", f"bank account nr {c}", f"account_number={c}", f"bank acct-{c}"),
        "token": (c,),
        "password": (f"password: {c}", f"the password is {c}", f"pass: {c}", f"Password {c}",
                     f"password{chr(0xFF1A)}{c}"),
    }[kind]
    return forms[FIELDS.index(field) % len(forms)] if field in FIELDS else forms[0]


# Between two digits of a planted number, what an output may write instead of its separator:
# a mark, a blank, or an escape (JSON's \u2010, golive's \xa0).
_BETWEEN = r"(?:\\u[0-9a-fA-F]{4}|\\x[0-9a-fA-F]{2}|[^\w*]){0,2}"


def _hidden(field: str, kind: str) -> list[re.Pattern[str]]:
    """What must never appear: the canary, its token body on its own, and a number's digits
    in order with any separator or escape between them."""
    c = CANARY[(field, kind)]
    if kind in ("ssn", "routing", "account"):
        return [re.compile("(?<!\\d)" + _BETWEEN.join(re.sub(r"\D", "", c)) + "(?!\\d)")]
    return [re.compile(re.escape(h)) for h in ([c, c[4:]] if kind == "token" else [c])]


# -- the repository --------------------------------------------------------------------------

def _q(text: str) -> str:
    return json.dumps(text)   # a YAML double-quoted scalar


def _lace(repo: Path) -> None:
    """Plant every canary of the tenant files (on the current branch)."""
    # Values that messages, headers, the board and pull requests quote.
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: P", f"usage_indicator: {_q(said('value', 'ssn'))}")
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: P",
         f"usage_indicator: {_q(CANARY[('value', 'routing')])}")
    edit(repo, f"{ACME}/tenant.yaml", "name: Acme Orthopedics Group",
         f"name: {_q('Acme ' + said('value', 'account'))}")
    edit(repo, f"{SUMMIT}/edi.yaml", '- transaction: "270"               # front-desk eligibility checks\n'
         "        usage_indicator: T", '- transaction: "270"\n'
         f"        usage_indicator: {_q(said('value', 'token'))}")
    edit(repo, f"{RIVERBEND}/golive.yaml", "claim_id: SMOKE-20261006-01",
         f"claim_id: {_q(said('value', 'password'))}")
    # Keys nobody allowed.
    keys = "".join(f"{_q(said('key', kind) if kind != 'routing' else CANARY[('key', kind)])}: x\n"
                   for kind in KINDS)
    (repo / ACME / "tenant.yaml").write_text((repo / ACME / "tenant.yaml").read_text() + keys)
    # Comments.
    comments = "".join(f"# {said('comment', kind)}\n" for kind in KINDS)
    (repo / RIVERBEND / "golive.yaml").write_text(comments + (repo / RIVERBEND / "golive.yaml").read_text())
    # Standup notes, each waived (so the waivers are in force and shown) by a waiver whose
    # reason and approved_by hold canaries of their own.
    text = (repo / RIVERBEND / "golive.yaml").read_text()
    notes = iter(said("notes", kind) for kind in KINDS)
    text = re.sub(r"notes: [^}]*\}", lambda m: f"notes: {_q(next(notes))}}}", text)
    # Investigations, one per metrics row; the last day breaches its denial threshold, so
    # the board's chart shows its investigation too.
    investigations = iter(said("investigation", kind) for kind in KINDS)
    text = re.sub(r"(auto_corrections_succeeded: \d+\n)",
                  lambda m: f"{m[1]}      investigation: {_q(next(investigations))}\n", text)
    text = text.replace("claims_submitted: 215\n      claims_acknowledged: 213\n      claims_denied: 2",
                        "claims_submitted: 215\n      claims_acknowledged: 213\n      claims_denied: 40")
    (repo / RIVERBEND / "golive.yaml").write_text(text)
    (repo / RIVERBEND / "waivers.yaml").write_text("waivers:\n" + "".join(
        f"  - rule: GL-SECRET\n    path: hypercare.standups[{i}]\n"
        f"    reason: {_q('Ticket INC-77' + str(i) + ', ' + said('reason', kind))}\n"
        f"    approved_by: {_q('Pat Rivera, ' + said('approved_by', kind))}\n"
        f"    approved_on: 2026-11-20\n    expires: 2026-12-31\n" for i, kind in enumerate(KINDS)))
    # An evidence file's text.
    retro = repo / RIVERBEND / "evidence" / "retrospective.md"
    retro.write_text(retro.read_text() + "".join(f"- {said('evidence', kind)}\n" for kind in KINDS))
    # Dates that are not dates.
    edit(repo, f"{ACME}/tenant.yaml", "golive_date: 2026-11-17",
         f"golive_date: {_q(CANARY[('date', 'ssn')])}")
    edit(repo, f"{ACME}/golive.yaml", "signed_on: 2026-11-12",
         f"signed_on: {_q(CANARY[('date', 'routing')])}")
    edit(repo, f"{ACME}/golive.yaml", "passed_on: 2026-11-10", f"passed_on: {_q(said('date', 'account'))}")
    edit(repo, f"{ACME}/edi.yaml", "certified_on: 2026-11-04", f"certified_on: {_q(said('date', 'token'))}")
    (repo / ACME / "waivers.yaml").write_text(
        "waivers:\n  - {checklist: schema, reason: r, approved_by: a, approved_on: 2026-11-20, "
        f"expires: {_q(said('date', 'password'))}}}\n")


def _urls() -> dict[tuple[str, str], str]:
    """Malformed target URLs, each with a canary for a password."""
    c = {kind: CANARY[("url", kind)] for kind in KINDS}
    return {
        ("url", "ssn"): f"postgresql://golive:{c['ssn']}@[::1/db",
        ("url", "routing"): f"postgresql://golive:p@{c['routing']}@localhost:1/db",
        ("url", "account"): f"postgresql://golive@localhost:1/db?password=acct{c['account']}&sslmode=bogus",
        ("url", "token"): f"postgresql://golive:{c['token']}@host with space/db",
        ("url", "password"): f"postgresql://golive:{c['password']}%zz@localhost/db",
        ("url", "sqlite"): f"sqlite://golive:{CANARY[('url', 'sqlite')]}@/platform.db",
        ("url", "no-slashes"): f"postgresql:golive:{CANARY[('url', 'no-slashes')]}@localhost:1/db",
        ("url", "one-slash"): f"postgresql:/golive:{CANARY[('url', 'one-slash')]}@localhost:1/db",
        ("url", "no-host"): f"postgresql://golive:{CANARY[('url', 'no-host')]}",
        ("url", "percent-encoded"):
            f"postgresql://golive@localhost:1/db?password%3D{CANARY[('url', 'percent-encoded')]}",
        ("url", "sslpassword"):
            f"postgresql://golive@localhost:1/db?sslmode=bogus&sslpassword={CANARY[('url', 'sslpassword')]}",
        ("url", "key-value"): f"host=localhost port=1 password={CANARY[('url', 'key-value')]}",
    }


def _hand_edit(db: Path) -> None:
    """Values changed in a target by hand, with canaries, for drift and state to show."""
    c = {kind: CANARY[("target", kind)] for kind in KINDS}
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE tenants SET status = ?, phase = ?, modifier_rules_version = ? "
                     "WHERE tenant = 'riverbend-cardio'", (c["ssn"], f"routing {c['routing']}",
                                                           f"acct {c['account']}"))
        conn.execute("UPDATE envelopes SET usage_indicator = ? WHERE tenant = 'riverbend-cardio'",
                     (c["token"],))
        conn.execute("INSERT INTO tenants (tenant, status, phase) VALUES (?, 'active', 'live')",
                     (f"password: {c['password']}",))
    conn.close()


class Outputs:
    """Every command's exit code and output, and the files golive wrote, by label."""

    def __init__(self, repo: Path, files: Path) -> None:
        self.repo, self.files = repo, files
        self.text: dict[str, str] = {}
        self.codes: dict[str, int] = {}

    def run(self, label: str, *argv: str, output: bool = False) -> str:
        out, err = io.StringIO(), io.StringIO()
        extra = ["--output", str(self.files / label.replace(" ", "_"))] if output else []
        self.codes[label] = main([*argv, "--repo", str(self.repo), *extra], out, err)
        self.text[f"{label} (stdout)"] = out.getvalue()
        self.text[f"{label} (stderr)"] = err.getvalue()
        if output:
            self.text[f"{label} (--output)"] = (self.files / label.replace(" ", "_")).read_text()
        return out.getvalue()

    def written(self) -> Iterator[tuple[str, bytes]]:
        for path in sorted((self.repo / ".golive").rglob("*")):
            if path.is_file():
                yield str(path.relative_to(self.repo)), path.read_bytes()


@pytest.fixture(scope="module", autouse=True)
def _cache_in_the_repo() -> Iterator[None]:
    """The result cache under the repo's .golive/, where the searches below look."""
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(CACHE_ENV, raising=False)
        yield


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    tmp = tmp_path_factory.mktemp("leaks")
    repo = init_config_repo(tmp / "repo")
    files = tmp / "written"
    files.mkdir()
    got = Outputs(repo, files)
    # On main: a commit whose author and summary hold canaries (it flips acme-ortho live,
    # which the envelope rollback below reverts), applied to two targets.
    edit(repo, f"{ACME}/tenant.yaml", "status: active", "status: onboarding")
    edit(repo, f"{ACME}/tenant.yaml", "phase: live", "phase: onboarding")
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: P", "usage_indicator: T", count=-1)
    git(repo, "commit", "-q", "-a", "--amend", "-m", "Initial config, acme-ortho before go-live")
    edit(repo, f"{ACME}/tenant.yaml", "status: onboarding", "status: active")
    edit(repo, f"{ACME}/tenant.yaml", "phase: onboarding", "phase: live")
    edit(repo, f"{ACME}/edi.yaml", "usage_indicator: T", "usage_indicator: P", count=-1)
    git(repo, "add", "-A")
    git(repo, "-c", f"user.name=Ops {CANARY[('git', 'ssn')]}",
        "-c", f"user.email=acct{CANARY[('git', 'account')]}@ops.example", "commit", "-q",
        "-m", f"Flip availity 837P {CANARY[('git', 'token')]} routing {CANARY[('git', 'routing')]}",
        "-m", f"password: {CANARY[('git', 'password')]}")
    handedit = tmp / "handedit.db"
    got.run("apply main", "apply", "--as-of", AS_OF)
    got.run("apply main (hand-edited target)", "apply", "--target", f"sqlite:///{handedit}", "--as-of", AS_OF)
    _hand_edit(handedit)
    # A pull request that laces the tenants with canaries.
    git(repo, "switch", "-q", "-c", "canaries")
    _lace(repo)
    commit_all(repo, "Tenant updates")

    for fmt in ("text", "json", "github", "sarif", "junit", "markdown"):
        got.run(f"validate {fmt}", "validate", "--format", fmt, "--as-of", AS_OF, output=fmt == "sarif")
        got.run(f"validate --base {fmt}", "validate", "--base", "main", "--format", fmt, "--as-of", AS_OF,
                "--no-cache", output=fmt == "markdown")
    for k in (1, 2):   # a check split in two, and put back together
        got.run(f"validate --shard {k} of 2", "validate", "--shard", f"{k}/2", "--format", "json", "--as-of",
                AS_OF, output=True)
    parts = [str(files / f"validate_--shard_{k}_of_2") for k in (1, 2)]
    for fmt in ("text", "json", "github", "sarif", "junit", "markdown"):
        got.run(f"report merge {fmt}", "report", "merge", *parts, "--format", fmt)
    for fmt in ("text", "json", "markdown", "html"):
        got.run(f"status {fmt}", "status", "--format", fmt, "--as-of", AS_OF, output=fmt == "html")
    for fmt in ("text", "json", "markdown"):
        got.run(f"hypercare {fmt}", "hypercare", "riverbend-cardio", "--format", fmt, "--as-of", AS_OF)
    for rule in all_rules():
        got.run(f"explain {rule}", "explain", rule)
    for fmt in ("text", "json", "markdown"):
        got.run(f"plan {fmt}", "plan", "--format", fmt, "--as-of", AS_OF)
    got.run("apply markdown", "apply", "--format", "markdown", "--as-of", AS_OF)
    for fmt in ("text", "json"):
        got.run(f"apply {fmt}", "apply", "--format", fmt, "--as-of", AS_OF)
        got.run(f"state {fmt}", "state", "--format", fmt)
        got.run(f"drift {fmt}", "drift", "--format", fmt)
        got.run(f"history {fmt}", "history", "--format", fmt)
        got.run(f"state {fmt} (hand-edited target)", "state", "--target", f"sqlite:///{handedit}",
                "--format", fmt)
        got.run(f"drift {fmt} (hand-edited target)", "drift", "--target", f"sqlite:///{handedit}",
                "--format", fmt)
    for (_, kind), url in _urls().items():
        for command in ("state", "drift", "history", "plan", "apply"):
            got.run(f"{command} --target <{kind} URL>", command, "--target", url)
    git(repo, "switch", "-q", "main")   # the canaries branch edits what the rollback reverts
    # The rollback record's who and why hold canaries too.
    record = ("--reference", "INC-5600", "--reason", f"837P rejected, {said('git', 'routing')}",
              "--by", f"Ops {said('git', 'ssn')}")
    got.run("rollback mass-envelope-rejections", "rollback", "acme-ortho", "--trigger",
            "mass-envelope-rejections", *record)
    git(repo, "switch", "-q", "canaries")
    got.run("rollback catastrophic-config-error", "rollback", "riverbend-cardio", "--trigger",
            "catastrophic-config-error", *record)
    git(repo, "switch", "-q", "canaries")
    got.run("flip", "flip", "summit-peds", "--date", "2026-12-15")
    git(repo, "switch", "-q", "canaries")
    return got


CASES = [(field, kind) for field in FIELDS for kind in KINDS] + [("url", "sqlite")] + [
    ("url", form) for form in URL_FORMS]


@pytest.mark.parametrize(("field", "kind"), CASES, ids=[f"{f}-{k}" for f, k in CASES])
def test_no_canary_in_any_output(outputs: Outputs, field: str, kind: str) -> None:
    hidden = _hidden(field, kind)
    leaks = [label for label, text in outputs.text.items() if any(h.search(text) for h in hidden)]
    leaks += [path for path, data in outputs.written()
              if any(h.search(data.decode("utf-8", "replace")) for h in hidden)]
    assert leaks == [], f"the {kind} canary planted in {field} leaks into: {', '.join(leaks)}"


def test_every_command_ran_and_showed_what_it_masks(outputs: Outputs) -> None:
    """The canaries' places were really shown, masked: nothing passed by printing nothing."""
    text, codes = outputs.text, outputs.codes
    assert codes["apply main"] == 0 and codes["validate text"] == 1 and codes["validate --base text"] == 1
    assert all(codes[f"{c} --target <{k} URL>"] == 2 for c in ("state", "drift", "history", "plan", "apply")
               for k in (*KINDS, "sqlite", *URL_FORMS))
    assert {codes[k] for k in ("status html", "hypercare text", "plan json", "history json",
                               "rollback mass-envelope-rejections", "flip")} == {0}
    assert codes["validate --shard 1 of 2"] in (0, 1) and codes["report merge text"] == 1
    assert text["report merge text (stdout)"] == text["validate text (stdout)"]
    assert "(masked: looks like" in text["validate --shard 1 of 2 (--output)"] + \
        text["validate --shard 2 of 2 (--output)"]
    masked = "(masked: looks like"
    for label in ("validate text", "validate github", "validate markdown", "validate --base json",
                  "report merge sarif",
                  "hypercare text", "hypercare markdown", "status html", "plan text"):
        assert masked in text[f"{label} (stdout)"] + text.get(f"{label} (--output)", ""), label
    # Hyper-care shows each investigation, and the board the one of the breach.
    assert text["hypercare text (stdout)"].count(masked) >= len(KINDS)
    assert "investigation password: ******** (masked" in text["status html (--output)"]
    # Waivers in force: their reason and approver, masked, in the job summary and SARIF.
    summary = text["validate markdown (stdout)"]
    assert "Ticket INC-770, ssn \\*\\*\\*\xa0\\*\\*\xa0" in summary
    assert "Pat Rivera, password\uff1a\\*\\*\\*" in summary
    assert "Ticket INC-773, \\*\\*\\*\\*\\*\\*\\*\\*" in summary
    assert '"approvedBy": "Pat Rivera, routing *****' in text["validate sarif (--output)"]
    # Headers, the board and hyper-care show names and dates masked.
    assert "go-live ***-**-" in text["validate text (stdout)"]
    assert "Acme acct ******" in text["status html (--output)"]
    # The commit's author and summary in history; the rollback record's who and why in its pull request.
    assert "Ops ***-**-" in text["history text (stdout)"]
    body = text["rollback mass-envelope-rejections (stdout)"]
    assert "- by: Ops patient \\*\\*\\*-\\*\\*-" in body
    assert "- reason: 837P rejected, routing \\*\\*\\*-\\*\\*" in body
    # The flip's pull request shows the value it replaced, masked.
    assert "| envelopes\\[availity/270\\] | \\*\\*\\*\\*\\*\\*\\*\\* (masked" in text["flip (stdout)"]
    # Values changed by hand in the target.
    assert "status ***-**-" in text["state text (hand-edited target) (stdout)"]
    assert "found ********" in text["drift text (hand-edited target) (stdout)"]
    # The cache and the embedded store were written, and searched.
    written = [path for path, _ in outputs.written()]
    assert ".golive/cache/results.json" in written and ".golive/platform.db" in written
    # A target URL's password is gone, whatever the driver said.
    assert "postgresql://golive:***@[::1/db" in text["state --target <ssn URL> (stderr)"]


def test_masked_messages_stay_useful(outputs: Outputs) -> None:
    """A masked message still names the file, line, rule and what is expected."""
    found = json.loads(outputs.text["validate json (stdout)"])["findings"]

    def one(file: str, rule: str, start: str) -> dict[str, object]:
        [f] = [f for f in found if f["file"] == file and f["rule"] == rule
               and str(f["message"]).startswith(start)]
        return f

    date = one(f"{ACME}/tenant.yaml", "GL-SCHEMA", "golive_date")
    assert (date["line"], date["path"]) == (6, "golive_date")
    assert date["message"] == ("golive_date must be a date written YYYY-MM-DD, not '***-**-1040' "
                               "(masked: looks like an SSN)")
    mode = one(f"{ACME}/edi.yaml", "GL-SCHEMA", "usage_indicator must be T or P, not '*****")
    assert mode["line"] == 17 and mode["message"] == (
        f"usage_indicator must be T or P, not '*****{CANARY[('value', 'routing')][-4:]}' "
        "(masked: looks like a bank routing number)")
    key = one(f"{ACME}/tenant.yaml", "GL-SCHEMA", "unknown key <masked key: 9 digits> in tenant.yaml")
    assert key["path"] == "<masked key: 9 digits>" and key["line"] == 14
    assert "allowed here: contacts, golive_date, name," in str(key["message"])
    [shaped] = [f for f in found
                if f["rule"] == "GL-SECRET" and f["line"] == 16 and f["file"] == f"{ACME}/tenant.yaml"]
    assert str(shaped["message"]).startswith("this key holds a credential (GitHub Token) (key not shown):")
    # A password assigned in free text is masked to the end of its quote, or of the text.
    claim = one(f"{RIVERBEND}/golive.yaml", "GL-SMOKE-RUN", "evidence/smoke/claim.837 line 21 (CLM): claim")
    assert claim["message"] == ("evidence/smoke/claim.837 line 21 (CLM): claim password: ******** "
                                "(masked: looks like a password or secret)") and claim["line"] == 34
    secret = one(f"{RIVERBEND}/golive.yaml", "GL-SECRET", "'notes' holds an SSN-shaped number")
    assert secret["path"] == "hypercare.standups[0].notes" and secret["waived"] is True


# -- control characters -------------------------------------------------------------------

RAW = ("\x1b", "\x07", "\r", "\x00", "\x9b", "\u202e")   # ESC, BEL, CR, NUL, CSI, RIGHT-TO-LEFT OVERRIDE


@pytest.fixture(scope="module")
def controlled(tmp_path_factory: pytest.TempPathFactory) -> Outputs:
    """ESC, BEL, CR and NUL (and a C1 CSI and a bidi override) in a commit's author and summary,
    in a value changed by hand in the target, in a tenant's name, in a value a message quotes
    and in an X12 segment id of its smoke-run evidence; then every command in every format."""
    tmp = tmp_path_factory.mktemp("controls")
    repo = init_config_repo(tmp / "repo")
    got = Outputs(repo, tmp)
    edit(repo, f"{SUMMIT}/tenant.yaml", "tenant: summit-peds", "tenant: summit-peds  # reviewed")
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=Ops \x1b[31mRed\x1b[0m\x07", "commit", "-q", "-m", "Summit \x1b[2J review")
    got.run("apply", "apply", "--as-of", AS_OF)
    with sqlite3.connect(repo / ".golive" / "platform.db") as conn:
        conn.execute("UPDATE tenants SET status = ? WHERE tenant = 'acme-ortho'", ("active\x1b[2J\r\x00",))
    conn.close()
    edit(repo, f"{RIVERBEND}/tenant.yaml", "name: Riverbend Cardiology Associates",
         'name: "Riverbend \\e[2J\\e]0;pwned\\a\\r\\0 \\x9b31m \\u202eCardiology"')
    edit(repo, f"{RIVERBEND}/edi.yaml", "usage_indicator: P", 'usage_indicator: "P\\e[2K\\r\\a\\0"')
    claim = repo / RIVERBEND / "evidence" / "smoke" / "claim.837"
    before = hashlib.sha256(claim.read_bytes()).hexdigest()
    claim.write_bytes(claim.read_bytes().replace(b"PRV*BI", b"P\x1b[2J\x07\r\x00V*BI"))
    edit(repo, f"{RIVERBEND}/golive.yaml", before, hashlib.sha256(claim.read_bytes()).hexdigest())
    commit_all(repo, "Riverbend update")
    for fmt in ("text", "json", "github", "sarif", "junit", "markdown"):
        got.run(f"validate {fmt}", "validate", "--format", fmt, "--as-of", AS_OF, output=fmt == "junit")
        got.run(f"validate --base {fmt}", "validate", "--base", "HEAD~1", "--format", fmt, "--as-of", AS_OF)
    for fmt in ("text", "json", "markdown", "html"):
        got.run(f"status {fmt}", "status", "--format", fmt, "--as-of", AS_OF)
    for fmt in ("text", "json", "markdown"):
        got.run(f"hypercare {fmt}", "hypercare", "riverbend-cardio", "--format", fmt, "--as-of", AS_OF)
        got.run(f"plan {fmt}", "plan", "--format", fmt, "--as-of", AS_OF)
    for fmt in ("text", "json"):
        for command in ("state", "drift", "history"):
            got.run(f"{command} {fmt}", command, "--format", fmt)
    got.run("rollback", "rollback", "riverbend-cardio", "--trigger", "catastrophic-config-error",
            "--reference", "INC-1", "--reason", "config error", "--by", "On-call Admin")
    git(repo, "switch", "-q", "main")
    got.run("state --target <controls>", "state", "--target", "sqlite:///\x1b[2J\r\x00.db")
    return got


def test_no_control_character_reaches_any_output(controlled: Outputs) -> None:
    raw = [(label, repr(c)) for label, text in controlled.text.items() for c in RAW if c in text]
    raw += [(path, repr(c)) for path, data in controlled.written() if path.endswith(".json")
            for c in RAW if c.encode() in data]
    assert raw == []


def test_control_characters_are_shown_escaped(controlled: Outputs) -> None:
    text = controlled.text
    name = "Riverbend \\x1b[2J\\x1b]0;pwned\\x07\\r\\x00 \\x9b31m \\u202eCardiology"
    assert name in text["hypercare text (stdout)"]
    assert "usage_indicator must be T or P, not 'P\\x1b[2K\\r\\x07\\x00'" in text["validate text (stdout)"]
    assert "claim.837 line 9 (P\\x1b[2J\\x07\\r\\x00V)" in text["validate github (stdout)"]
    assert "Ops \\x1b[31mRed\\x1b[0m <" in text["history text (stdout)"]
    assert "found active\\x1b[2J\\r\\x00" in text["drift text (stdout)"]
    assert text["state --target <controls> (stderr)"].startswith("golive: target sqlite:///\\x1b[2J\\r\\x00.db")
    assert controlled.codes["apply"] == 0 and controlled.codes["rollback"] == 0
