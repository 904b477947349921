"""Rebuild vntext/data/vi_syllable_counts.tsv (how often each syllable occurs) and
vntext/data/vi_syllable_bigrams.tsv (how often two syllables follow each other inside one run of
letters-and-spaces) from the 2,249 statute articles of the ALQAC 2024 set (public-domain Vietnamese
legal text), lower case, NFC. Derived counts only; the text itself is not shipped.

Usage: python scripts/build_syllable_counts.py [path/to/alqac2024__law.json]
"""

from __future__ import annotations

import collections
import itertools
import json
import re
import sys
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = ROOT.parent / "shared" / "corpora" / "legal" / "alqac2024__law.json"
TARGET = ROOT / "vntext" / "data" / "vi_syllable_counts.tsv"
BIGRAM_TARGET = ROOT / "vntext" / "data" / "vi_syllable_bigrams.tsv"
MIN_COUNT = 2  # a bigram seen once may be a typo of the source
MIN_SYLLABLE_COUNT = 1  # every statute syllable reads as Vietnamese; the corrector must never touch one


def main() -> None:
    source = Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_SOURCE
    counts: collections.Counter[str] = collections.Counter()
    bigrams: collections.Counter[str] = collections.Counter()
    for law in json.loads(source.read_text(encoding="utf-8")):
        for article in law["articles"]:
            text = unicodedata.normalize("NFC", article["text"]).lower()
            counts.update(token for token in re.findall(r"[^\W\d_]+", text))
            # a bigram never spans punctuation or a number: those end a phrase
            for run in re.split(r"[^\w\s]|\d|_", text):
                words = run.split()
                bigrams.update(f"{a} {b}" for a, b in itertools.pairwise(words))
    rows = sorted((s, n) for s, n in counts.items() if n >= MIN_SYLLABLE_COUNT)
    TARGET.write_text("".join(f"{s}\t{n}\n" for s, n in rows), encoding="utf-8")
    print(f"{len(rows)} syllables written to {TARGET.relative_to(ROOT)}")
    pairs = sorted((p, n) for p, n in bigrams.items() if n >= MIN_COUNT)
    BIGRAM_TARGET.write_text("".join(f"{p}\t{n}\n" for p, n in pairs), encoding="utf-8")
    print(f"{len(pairs)} bigrams written to {BIGRAM_TARGET.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
