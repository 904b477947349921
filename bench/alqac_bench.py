"""ALQAC 2024 legal retrieval: the statute articles indexed as pages, the questions typed as
they are. Prints recall@10 and MRR@10 of hoso's search beside plain BM25 over syllables (a
small hand-written reference), separately for the unverified questions (the tuning set) and
the verified ones (held out: never tuned on).

    python bench/alqac_bench.py [--backend tantivy|whoosh|postgres] [--corpus DIR]
"""

from __future__ import annotations

import argparse
import json
import math
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_index import new_index  # noqa: E402
from search import PageEntry, Scope, SearchRequest  # noqa: E402
from search.analyzer import analyze  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent.parent / "shared" / "corpora" / "legal"


def load(corpus: Path):
    laws = json.loads((corpus / "alqac2024__law.json").read_text(encoding="utf-8"))
    articles = [(f"{law['id']}#{a['id']}", a["text"]) for law in laws for a in law["articles"]]
    sets = {}
    for name in ("unverified_train", "verified_train"):
        qs = json.loads((corpus / f"alqac2024__{name}.json").read_text(encoding="utf-8"))
        sets[name] = [(q["text"], {f"{r['law_id']}#{r['article_id']}" for r in q["relevant_articles"]}) for q in qs]
    return articles, sets


class BM25:
    """Okapi BM25 (k1 1.5, b 0.75) over folded syllables: the reference."""

    def __init__(self, docs: list[list[str]], k1: float = 1.5, b: float = 0.75):
        self.tf = [Counter(d) for d in docs]
        self.len = [len(d) for d in docs]
        self.avg = sum(self.len) / len(docs)
        df = Counter(w for d in self.tf for w in d)
        n = len(docs)
        self.idf = {w: math.log((n - f + 0.5) / (f + 0.5) + 1) for w, f in df.items()}
        self.k1, self.b = k1, b

    def top(self, query: list[str], k: int = 10) -> list[int]:
        scores = []
        for i, tf in enumerate(self.tf):
            s = 0.0
            norm = self.k1 * (1 - self.b + self.b * self.len[i] / self.avg)
            for w in query:
                f = tf.get(w)
                if f:
                    s += self.idf[w] * f * (self.k1 + 1) / (f + norm)
            scores.append((s, i))
        scores.sort(reverse=True)
        return [i for s, i in scores[:k] if s > 0]


def metrics(ranked: list[list[str]], gold: list[set[str]]) -> tuple[float, float, int]:
    recall = mrr = 0.0
    empty = 0
    for r, g in zip(ranked, gold, strict=True):
        empty += not r
        recall += len(set(r[:10]) & g) / len(g)
        for pos, key in enumerate(r[:10], 1):
            if key in g:
                mrr += 1 / pos
                break
    return recall / len(gold), mrr / len(gold), empty


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--backend", default="tantivy", help="tantivy, whoosh or postgres (HOSO_BENCH_POSTGRES)")
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    args = ap.parse_args()
    articles, sets = load(args.corpus)
    with tempfile.TemporaryDirectory() as tmp:
        index = new_index(Path(tmp) / "ix", args.backend, table="bench_alqac")
        index.add(PageEntry(document_id=i + 1, page=1, text=text, unit="U") for i, (_k, text) in enumerate(articles))
        index.finish_bulk()
        bm25 = BM25([analyze(text).folded for _k, text in articles])
        print(f"ALQAC 2024: {len(articles)} articles, backend {args.backend}")
        print("unverified = tuning set; verified = held out (never tuned on)")
        print(f"{'set':<18}{'n':>5}  {'engine':<8}{'recall@10':>10}{'MRR@10':>8}{'empty':>7}")
        for name, label in (("unverified_train", "unverified (tune)"), ("verified_train", "verified (held out)")):
            qs = sets[name]
            gold = [g for _q, g in qs]
            ours = []
            for q, _g in qs:
                res = index.search(SearchRequest(query=q, scope=Scope.everything(), limit=10))
                ours.append([articles[h.document_id - 1][0] for h in res.hits])
            ref = [[articles[i][0] for i in bm25.top(analyze(q).folded)] for q, _g in qs]
            for engine, ranked in (("hoso", ours), ("BM25", ref)):
                r, m, e = metrics(ranked, gold)
                print(f"{label:<18}{len(qs):>5}  {engine:<8}{r:>10.3f}{m:>8.3f}{e:>7}")
        index.close()


if __name__ == "__main__":
    main()
