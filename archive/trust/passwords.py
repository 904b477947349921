"""The password policy: long enough, not the account's name, not a common password, not only digits.

Checked when an account is created and whenever a password is set, changed or reset. Each refusal
is a code whose Vietnamese text is in `archive.accounts.ACCOUNT_MESSAGES`. The common passwords are
in `archive/data/` (their origin is in the README there).
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

MIN_LENGTH = 10
DATA = Path(__file__).parents[1] / "data"
LISTS = ("common_passwords.txt", "common_passwords_vi.txt")


def folded(text: str) -> str:
    """Lower case, no tone marks or diacritics, no spaces: `Nguyễn Văn A` -> `nguyenvana`."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return "".join(bare.casefold().split())


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Every listed password, lower-cased, both as written and folded."""
    words: set[str] = set()
    for name in LISTS:
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            word = unicodedata.normalize("NFC", line.strip()).casefold()
            if word:
                words.add(word)
                words.add(folded(word))
    return frozenset(words)


def password_problem(password: str, username: str = "", full_name: str = "") -> tuple[str, str] | None:
    """Why this password may not be used, as (code, detail), or None when it is acceptable."""
    password = unicodedata.normalize("NFC", password or "")
    if len(password) < MIN_LENGTH:
        return "weak_password", str(MIN_LENGTH)
    if password.strip().isdigit():
        return "password_digits", ""
    key = folded(password)
    names = {folded(name) for name in (username, full_name) if name and name.strip()}
    if key in names or any(name and key in (name + name, name[::-1]) for name in names):
        return "password_is_name", ""
    if password.strip().casefold() in common_passwords() or key in common_passwords():
        return "password_common", ""
    return None
