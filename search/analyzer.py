"""The one Vietnamese analyzer: normalisation, folding and tokenisation used for indexing
and querying by every search backend."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

# Bump whenever the output of tokenize() changes: indexes built with another version are rebuilt.
ANALYZER_VERSION = 1

# Combining tone marks: grave, acute, tilde, hook above, dot below.
_TONES = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_MARKED_VOWELS = frozenset("ăâêôơư")

# OCR look-alikes: eth for Đ/đ, stray Western diaeresis/ring letters for Vietnamese ones.
_LOOKALIKES = str.maketrans(
    {
        "\u00d0": "\u0110",  # Ð -> Đ
        "\u00f0": "\u0111",  # ð -> đ
        "\u0189": "\u0110",  # Ɖ -> Đ
        "ö": "ô",
        "Ö": "Ô",
        "ë": "ê",
        "Ë": "Ê",
        "ä": "â",
        "Ä": "Â",
        "å": "ă",
        "Å": "Ă",
        "ï": "i",
        "Ï": "I",
    }
)

_WORD_RE = re.compile(r"[^\W_]+")
# Document numbers and court numbers: a number, then "/"-separated groups, groups joined by "-".
# Scans put stray spaces around "/", so "45 / CT-VKS-P2" is the same identifier.
_ID_RE = re.compile(r"(?<![^\W_])\d+(?:[ \t]{0,2}/[ \t]{0,2}[^\W_]+(?:-[^\W_]+)*)+")
_ID_BODY_RE = re.compile(r"\d+(?:[ \t]{0,2}/[ \t]{0,2}[^\W_]+(?:-[^\W_]+)*)+")
_SPACES_RE = re.compile(r"[ \t]+")


def _find_ids(text: str) -> list[re.Match]:
    """_ID_RE.finditer(text), several times faster: a regex that starts with a look-behind scans
    slowly, so start from each "/" (a fast literal search) and step back to its number."""
    out = []
    pos = 0
    while (slash := text.find("/", pos)) >= 0:
        j = slash
        while j > 0 and slash - j < 2 and text[j - 1] in " \t":
            j -= 1
        k = j
        while k > 0 and text[k - 1].isdigit():
            k -= 1
        if k < j and (k == 0 or not text[k - 1].isalnum()) and k >= pos:
            m = _ID_BODY_RE.match(text, k)
            if m:
                out.append(m)
                pos = m.end()
                continue
        pos = slash + 1
    return out


@dataclass(frozen=True, slots=True)
class Token:
    """One analyzer token; `start`/`end` are character offsets into `normalize(text)`."""

    text: str  # normalised, lowercased form (exact-diacritic field)
    folded: str  # diacritics removed, đ -> d (accent-insensitive field)
    position: int  # syllable position; an identifier shares the position of its first syllable
    start: int
    end: int
    kind: str = "word"  # "word" (one syllable or number) or "id" (whole identifier)


def _tone_target(base: str) -> int | None:
    """Index of the vowel that carries the tone in a tone-less lowercase syllable."""
    n = len(base)
    i = 0
    while i < n and base[i] not in _VOWELS:
        i += 1
    if i == n:
        return None
    j = i
    while j < n and base[j] in _VOWELS:
        j += 1
    # "qu" and "gi" before another vowel: the u/i belongs to the initial consonant.
    if i > 0 and j - i > 1 and ((base[i - 1] == "q" and base[i] == "u") or (base[i - 1] == "g" and base[i] == "i")):
        i += 1
    marked = [k for k in range(i, j) if base[k] in _MARKED_VOWELS]
    if marked:
        return marked[-1]  # ươ carries it on ơ, uyê on ê, ưu on ư
    if j - i == 1:
        return i
    if j < n:  # closed syllable: the last vowel (hoàng, huỳnh, toán)
        return j - 1
    if j - i >= 3:  # ngoài, khuỷu, xoáy
        return i + 1
    if base[i:j] in ("oa", "oe", "uy"):  # hoà / hòa, khoẻ / khỏe, thuỷ / thủy -> the newer placement
        return i + 1
    return i  # mía, múa, tài, cháu, gửi, mưa


def _fold_table() -> dict[int, str]:
    """One-character-to-one-character folding of Latin letters with diacritics (Vietnamese
    included), so folding keeps character offsets."""
    table = {0x0111: "d", 0x0110: "D"}
    for start, end in ((0x00C0, 0x0250), (0x1E00, 0x1F00)):
        for cp in range(start, end):
            decomposed = unicodedata.normalize("NFD", chr(cp))
            base = decomposed[0]
            if len(decomposed) > 1 and base.isascii() and base.isalpha():
                table[cp] = base
    return table


def _as_list(table: dict[int, str]) -> list:
    # str.translate looks a list up by index, several times faster than a dict; code points past
    # its end raise LookupError, which translate treats as "unchanged".
    out: list = list(range(max(table) + 1))
    for cp, repl in table.items():
        out[cp] = repl
    return out


_FOLD = _as_list(_fold_table())


@lru_cache(maxsize=200_000)
def _unify_tone(word: str) -> str:
    """Move the tone mark of one syllable to its canonical vowel (hòa -> hoà, qúy -> quý)."""
    if word.isascii():
        return word
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONES]
    if len(tones) != 1:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONES))
    target = _tone_target(base.lower())
    if target is None:
        return word
    out = unicodedata.normalize("NFC", base[: target + 1] + tones[0] + base[target + 1 :])
    return out if len(out) == len(word) else word  # keep offsets stable


_LOOKALIKE_RE = re.compile("[" + "".join(chr(c) for c in _LOOKALIKES) + "]")


def _prepare(text: str) -> str:
    """NFC plus OCR look-alike repair (both keep the NFC text's offsets)."""
    text = unicodedata.normalize("NFC", text)
    return text.translate(_LOOKALIKES) if _LOOKALIKE_RE.search(text) else text


def _unify_match(m: re.Match) -> str:
    return _unify_tone(m.group())


def normalize(text: str) -> str:
    """NFC, OCR look-alikes repaired, tone-mark placement unified. Case is kept; the result has
    the same length as the NFC text, so offsets into one are offsets into the other."""
    return _WORD_RE.sub(_unify_match, _prepare(text))


def fold(text: str) -> str:
    """Remove diacritics and map đ/Đ to d/D (on top of normalize). Keeps length and case."""
    return normalize(text).translate(_FOLD)


def _lower(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # İ and a few others grow when lowered
        low = "".join(c.lower()[:1] or c for c in text)
    return low


def lower_and_fold(prepared: str) -> tuple[str, str]:
    """Lowercase and folded forms of prepared text, both aligned with it character for
    character (tone placement does not matter once folded)."""
    low = _lower(prepared)
    return low, low.translate(_FOLD)


@dataclass(frozen=True, slots=True)
class Analysis:
    """A page analysed for indexing: aligned syllable lists and the page's identifiers."""

    text: str  # NFC text with OCR look-alikes repaired: what is stored and shown in snippets
    words: list[str]  # exact syllables (lowercase, tone placement unified); position = index
    folded: list[str]  # the same syllables folded
    ids: list[str]  # identifiers kept whole, folded, without spaces


_memo: tuple[str, Analysis | None] = ("", None)


def analyze(text: str) -> Analysis:
    """Index-time analysis of a whole page: the same tokens as tokenize(), as plain lists.
    Remembers the last page, so the several fields of one page are analysed once."""
    global _memo
    memo = _memo
    if memo[1] is not None and (memo[0] is text or memo[0] == text):
        return memo[1]
    prepared = _prepare(text)
    pairs = list(map(_analyze_word, _WORD_RE.findall(prepared)))
    words = [p[0] for p in pairs]
    folded = [p[1] for p in pairs]
    ids = []
    if "/" in prepared:
        ids = [_analyze_id(m.group())[1] for m in _find_ids(prepared)]
    result = Analysis(prepared, words, folded, ids)
    _memo = (prepared, result)
    return result


def _analyze_id(raw: str) -> tuple[str, str]:
    low = _lower(normalize(_SPACES_RE.sub("", raw)))
    return low, low.translate(_FOLD)


@lru_cache(maxsize=200_000)
def _analyze_word(word: str) -> tuple[str, str]:
    low = _unify_tone(_lower(word))
    return low, low.translate(_FOLD)


def word_forms(word: str) -> tuple[str, str]:
    """(exact, folded) analyzer forms of one syllable."""
    return _analyze_word(word)


def prepare(text: str) -> str:
    """The form pages are stored and shown in: NFC with OCR look-alikes repaired (tone placement
    as written). Offsets into it are offsets into normalize(text) and fold(text)."""
    return _prepare(text)


def tokenize(text: str) -> list[Token]:
    """Syllable tokens in reading order, plus each identifier kept whole at its first syllable's
    position. No stop words: every syllable (`bị can`, `an ninh`, `tố tụng`) is a token."""
    prepared = _prepare(text)
    analyze_word = _analyze_word
    tokens: list[Token] = []
    starts: dict[int, int] = {}
    for pos, m in enumerate(_WORD_RE.finditer(prepared)):
        low, folded = analyze_word(m.group())
        start = m.start()
        starts[start] = pos
        tokens.append(Token(low, folded, pos, start, m.end()))
    if "/" in prepared:
        ids = []
        for m in _find_ids(prepared):
            pos = starts.get(m.start())
            if pos is not None:
                low, folded = _analyze_id(m.group())
                ids.append(Token(low, folded, pos, m.start(), m.end(), "id"))
        if ids:
            tokens.extend(ids)
            tokens.sort(key=lambda t: (t.position, t.kind != "id"))
    return tokens


def is_identifier(text: str) -> bool:
    """True when the whole of `text` is one document/court number such as 86/2023/HS-ST."""
    m = _ID_RE.fullmatch(_prepare(text).strip())
    return m is not None
