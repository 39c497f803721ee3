"""Guides ranked by the characters they share with a question, learned from the pack's own text.

The word-level ranking (engine.py) depends on how jieba cuts a visitor's words and on a synonym
table that grows with every question set it is tuned on; an unseen visitor writes words neither
knows (孝顺 for 不孝, 轧了手, 工钱 for 工资). Characters carry much of the meaning in Chinese, so
a second, independent ranking compares the question's character 1–3-grams with each guide's own
text, field by field: what it is about (title, keywords, topic), its body (summary, steps, what to
bring, where, time limits, citation notes), its FAQ questions (visitors' wording, written by the
content authors) and the lay phrases of the articles it cites. Each field is a TF-IDF vector over
the pack's guides (sublinear tf, smoothed idf, L2-normalised); a guide's score is the sum of the
cosines of its fields with the question. The two rankings are fused by reciprocal rank
(`fuse_rankings`), which needs no score calibration between them.

Nothing here is learned from evaluation questions: the vectors are built from the pack when its
index is built (index.py) and stored in two tables; a query reads only the rows of its own grams.
Field choice and n-gram range were compared by leave-one-set-out cross-validation over the
development sets (docs/benchmarks.md, round 4); the FAQ answers were left out (they repeat the
body and blurred sibling guides), every other field weighs 1.
"""

from __future__ import annotations

import math
import re
import sqlite3
from array import array
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import Protocol, TypeVar

from kiosk.search.documents import Document
from kiosk.search.segment import normalize

# The guide fields and their weights (cross-validated, docs/benchmarks.md round 4).
FIELDS = {"head": 1.0, "body": 1.0, "faq": 1.0, "lay": 1.0, "asked": 1.0}
MIN_GRAM, MAX_GRAM = 1, 3
# Reciprocal-rank fusion constant (Cormack et al. 2009's 60; 10 and 60 ranked alike here).
RRF_K = 60
# A guide found only by its characters joins the list when it is among the first few by that
# score and shares more than a stray character with the question.
GRAM_ONLY_TOP, GRAM_ONLY_MIN = 10, 0.15
# ... and, when it shares only single characters with the question, a score of at least this:
# chit-chat shares a stray character with some guide ("天气" 0.41 and "在吗" 0.30 on the default
# pack), a paraphrase made of one guide's characters scores higher ("儿子不孝顺 不养活爸妈" 0.81
# in the test pack). It changed no figure of the development sets.
GRAM_ONLY_SINGLE_MIN = 0.6

_RUNS = re.compile(r"[\u3400-\u9fff]+|[a-z0-9]+")

# One row per (gram, field): its idf and the guides whose field has it, packed as arrays (guide
# numbers and weights), so that a query reads a few dozen rows rather than hundreds of
# (gram, field, guide) rows — most of the cost in Python.
SCHEMA = """
CREATE TABLE gram_guides (number INTEGER PRIMARY KEY, guide TEXT NOT NULL);
CREATE TABLE gram_vectors (
    gram TEXT NOT NULL, field TEXT NOT NULL, idf REAL NOT NULL, guides BLOB NOT NULL, weights BLOB NOT NULL
);
"""
INDEXES = """
CREATE INDEX gram_vectors_gram ON gram_vectors(gram);
"""


def grams(text: str) -> Counter[str]:
    """Character 1–3-grams of the Chinese and Latin/digit runs of `text` (punctuation splits)."""
    counts: Counter[str] = Counter()
    for run in _RUNS.findall(normalize(text)):
        for n in range(MIN_GRAM, MAX_GRAM + 1):
            for i in range(len(run) - n + 1):
                counts[run[i : i + n]] += 1
    return counts


def guide_fields(documents: Iterable[Document]) -> dict[str, dict[str, str]]:
    """Each guide's text per field, its FAQ questions gathered from the FAQ documents."""
    fields: dict[str, dict[str, str]] = {}
    faqs: dict[str, list[str]] = {}
    for doc in documents:
        if doc.kind == "guide":
            head = f"{doc.index_title}\n{doc.keywords}"
            fields[doc.doc_id] = {"head": head, "body": doc.body, "lay": doc.lay, "asked": doc.asked}
        elif doc.kind == "faq" and doc.guide:
            faqs.setdefault(doc.guide, []).append(doc.index_title)
    for guide_id, entry in fields.items():
        entry["faq"] = "\n".join(faqs.get(guide_id, ()))
    return fields


def gram_rows(
    fields: dict[str, dict[str, str]],
) -> tuple[list[tuple[str, str, float]], list[tuple[str, str, str, float]]]:
    """(field, gram, idf) and (gram, field, guide, weight) rows of the guides' field vectors."""
    idf_rows: list[tuple[str, str, float]] = []
    weight_rows: list[tuple[str, str, str, float]] = []
    for field in FIELDS:
        idf = _field_idf(fields, field)
        idf_rows.extend((field, gram, value) for gram, value in sorted(idf.items()))
        weight_rows.extend(_field_weights(fields, field, idf))
    return idf_rows, weight_rows


def _field_idf(fields: dict[str, dict[str, str]], field: str) -> dict[str, float]:
    df: Counter[str] = Counter()
    for entry in fields.values():
        df.update(grams(entry.get(field, "")).keys())
    return {gram: math.log((len(fields) + 1) / (d + 1)) + 1.0 for gram, d in df.items()}


def _field_weights(
    fields: dict[str, dict[str, str]], field: str, idf: dict[str, float]
) -> Iterator[tuple[str, str, str, float]]:
    # One guide's counts at a time: the index is rebuilt inside the kiosk's process at the first
    # start after an update, within its memory budget.
    for guide in sorted(fields):
        counts = grams(fields[guide].get(field, ""))
        vector = {gram: (1.0 + math.log(n)) * idf[gram] for gram, n in counts.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        for gram, value in sorted(vector.items()):
            yield gram, field, guide, value / norm


def write_tables(conn: sqlite3.Connection, documents: Iterable[Document]) -> None:
    """Store the guides' field vectors in an index being built, field by field."""
    fields = guide_fields(documents)
    numbers = {guide: n for n, guide in enumerate(sorted(fields))}
    conn.executescript(SCHEMA)
    conn.executemany("INSERT INTO gram_guides VALUES (?, ?)", [(n, g) for g, n in numbers.items()])
    for field in FIELDS:
        idf = _field_idf(fields, field)
        packed: dict[str, tuple[array[int], array[float]]] = {}
        for gram, _field, guide, weight in _field_weights(fields, field, idf):
            guides, weights = packed.setdefault(gram, (array("H"), array("d")))
            guides.append(numbers[guide])
            weights.append(weight)
        conn.executemany(
            "INSERT INTO gram_vectors VALUES (?, ?, ?, ?, ?)",
            ((gram, field, idf[gram], g.tobytes(), w.tobytes()) for gram, (g, w) in sorted(packed.items())),
        )
        del packed
    conn.executescript(INDEXES)


def gram_scores(conn: sqlite3.Connection, query: str) -> dict[str, float]:
    """Each guide's summed field cosine with `query` (guides sharing no gram are left out)."""
    return gram_match(conn, query)[0]


def gram_match(conn: sqlite3.Connection, query: str) -> tuple[dict[str, float], frozenset[str]]:
    """`gram_scores`, and the guides that share more than single characters with `query` (a
    guide sharing only 你 and 好 with "你好" is no match to show)."""
    counts = grams(query)
    if not counts:
        return {}, frozenset()
    keys = sorted(counts)
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT gram, field, idf, guides, weights FROM gram_vectors WHERE gram IN ({marks})", keys
    ).fetchall()
    norms: dict[str, float] = {}
    for gram, field, idf, _guides, _weights in rows:
        norms[field] = norms.get(field, 0.0) + ((1.0 + math.log(counts[gram])) * idf) ** 2
    names = dict(conn.execute("SELECT number, guide FROM gram_guides"))
    totals = [0.0] * (max(names, default=-1) + 1)
    longer: set[int] = set()
    for gram, field, idf, guides, weights in rows:
        if field not in FIELDS:
            continue
        coefficient = FIELDS[field] * (1.0 + math.log(counts[gram])) * idf / (math.sqrt(norms[field]) or 1.0)
        numbers, values = array("H"), array("d")
        numbers.frombytes(guides)
        values.frombytes(weights)
        for number, value in zip(numbers, values, strict=True):
            totals[number] += coefficient * value
        if len(gram) > 1:
            longer.update(numbers)
    scores = {names[n]: total for n, total in enumerate(totals) if total > 0.0}
    return scores, frozenset(names[n] for n in longer)


def gram_ranking(scores: dict[str, float]) -> list[str]:
    """Guides by score, best first; ties by id so that the order never depends on the database."""
    return sorted(scores, key=lambda g: (-scores[g], g))


def fuse_rankings(rankings: Sequence[Sequence[str]], *, k: int = RRF_K) -> list[tuple[str, float]]:
    """Reciprocal-rank fusion: Σ 1/(k + rank) over the rankings an id appears in, best first."""
    fused: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            fused[item] = fused.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(fused.items(), key=lambda kv: (-kv[1], kv[0]))


class _Guide(Protocol):
    """What fusion needs of a guide result (kiosk.search.engine.SearchResult has these)."""

    @property
    def id(self) -> str: ...
    @property
    def kind(self) -> str: ...


G = TypeVar("G", bound=_Guide)


def fuse_with_grams(
    guides: Sequence[G],
    *,
    scores: dict[str, float],
    joinable: Collection[str],
    fetch: Callable[[str], G | None],
    bayes: Sequence[str] = (),
) -> list[G]:
    """The word-level guide ranking fused by reciprocal rank with the character ranking given by
    `scores`, each result carrying its character score and rank (`grams`, `grams_rank`) and
    whether all three rankings put it first (`all_first`). A guide
    only the characters found joins when it ranks among their first GRAM_ONLY_TOP with at least
    GRAM_ONLY_MIN, and is `joinable` (shares more than single characters) or scores at least
    GRAM_ONLY_SINGLE_MIN; it has no coverage, so Ask does not name it on that alone. `bayes`, the
    classifier's ranking of all guides (kiosk.search.guide_bayes), is a third ranking in the
    fusion; it reorders the guides found and adds none."""
    by_grams = gram_ranking(scores)
    by_id = {g.id: g for g in guides}
    for guide_id in by_grams[:GRAM_ONLY_TOP]:
        score = scores[guide_id]
        if guide_id in by_id or score < GRAM_ONLY_MIN:
            continue
        if guide_id in joinable or score >= GRAM_ONLY_SINGLE_MIN:
            found = fetch(guide_id)
            if found is not None and found.kind == "guide":
                by_id[guide_id] = found
    rank = {g: i for i, g in enumerate(by_grams, start=1)}
    fused = fuse_rankings([[g.id for g in guides], by_grams, bayes])
    # The one guide all three rankings put first, if any.
    firsts = {ranking[0] for ranking in ([g.id for g in guides], by_grams, bayes) if ranking}
    unanimous = next(iter(firsts)) if len(firsts) == 1 and guides and by_grams and bayes else None
    return [
        replace(by_id[g], score=score, grams=scores.get(g, 0.0), grams_rank=rank.get(g, 0),  # type: ignore[type-var]
                all_first=g == unanimous)
        for g, score in fused
        if g in by_id
    ]  # fmt: skip
