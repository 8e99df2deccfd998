"""Masking long adversarial lines: seconds per line, for docs/benchmarks.md.

Each line is about 100 kB built to make a backtracking pattern work hard (long runs of
blanks after a keyword, repeated URL schemes, repeated tokens, long token runs), with
a secret at its end; the masking must still hide the secret (tests/test_redact.py
checks the same lines), and its time must grow linearly with the line.

    python benchmarks/bench_masking.py [--size 100000]
"""

from __future__ import annotations

import argparse
import time

from golive.core.redact import text

GITHUB = "ghp_" + "Sy0" * 12


def lines(size: int) -> dict[str, str]:
    """Adversarial lines of about ``size`` characters, each ending with a secret."""
    return {
        "blanks after 'account'": "account" + " " * size + "4001002003",
        "blanks after 'password'": "password" + " " * size + ": hunter2",
        "blanks after an IBM key word": "ibm_cloud_iam_key" + " " * size + "= x",
        "URL schemes, again and again": "a://" * (size // 4) + " https://u:pw1234@h/",
        "'//' runs (npm's pattern)": "/" * size + " https://u:pw1234@h/",
        "one token, again and again": GITHUB * (size // len(GITHUB)),
        "token runs before a token": ("a" * 999 + " ") * (size // 1000) + GITHUB,
        "'eyJ' again and again": "eyJ" * (size // 3) + " " + GITHUB,
        "keyword assignments": 'secret="x" ' * (size // 11),
        "digits and dashes": "1-" * (size // 2) + " 431-72-0815",
        "words between 'SSN' and a number": "SSN" + " is no." * (size // 7) + " 431720815",
        "bank words, again and again": "RTN account nr " * (size // 15) + "acct 4001002003",
        "IBAN-shaped runs": "DE89 " * (size // 5) + "DE89 3704 0044 0532 0130 00",
        "a known number, again and again": "acct 4001002003 " + "4001-002-00 " * (size // 12) + "x4001002003",
        "words after 'password'": "password " + "hunter " * (size // 7) + "password is hunter22",
        "X12 segment tags, again and again": "NM1*IL*" * (size // 7) + " NM1*IL*1*DOE*JOHN****34*431720815~",
        "numbers before 'SSN'": "431720815 is the " * (size // 17) + "431-72-0815 is the SSN",
        "words after 'password for'": "password for " + "x " * (size // 2) + "password for x: hunter2",
        "users and slashes after 'creds'": "creds: " + "u/" * (size // 2) + " login u/hunter2",
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=100_000)
    args = parser.parse_args()
    print("| line | characters | seconds |\n|---|---:|---:|")
    for name, line in lines(args.size).items():
        start = time.perf_counter()
        text(line)
        print(f"| {name} | {len(line)} | {time.perf_counter() - start:.3f} |")


if __name__ == "__main__":
    main()
