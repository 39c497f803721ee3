"""Guides ranked by a naive Bayes classifier over character n-grams, trained on the pack's own text.

A third, discriminative view next to the word ranking (engine.py) and the TF-IDF character
ranking (guide_grams.py). The TF-IDF ranking asks "which guide's text looks most like the
question"; this one asks "which guide is most likely to have produced the question's
characters", each guide being a multinomial over the character 1–3-grams of its own text: what
it is about (title, keywords, topic) counted three times, its FAQ questions twice, its body, the
lay phrases of the articles it cites and its FAQ answers once. A sibling guide that says a word
only in passing ("工伤" in the no-insurance guide's body) gives it less probability than the
guide that is about it; a stray shared character costs a guide that lacks the question's other
characters. The three rankings are fused by reciprocal rank (guide_grams.fuse_rankings).

Stored sparsely: for a guide g with count c(g, t) of gram t, total count N(g) and a vocabulary
of V grams, log P(question | g) = Σ_t q(t) · log((c(g, t) + α) / (N(g) + α·V)) over the
question's grams t known to the pack. The part that depends on c(g, t) is non-zero only where
the guide has the gram: Σ_t q(t) · log(1 + c(g, t)/α), stored per gram as packed arrays of
guide numbers and weights; the rest is −n · log(N(g) + α·V) with n the question's known grams,
one number per guide. A query reads only the rows of its own grams.

Nothing is learned from evaluation questions. α, the fields and their counts were chosen by
leave-one-set-out cross-validation over eight development question sets (docs/benchmarks.md,
round 5): the same choice won in every fold.
"""

from __future__ import annotations

import math
import sqlite3
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence

from kiosk.search.documents import Document
from kiosk.search.guide_grams import grams

# How many times each field's grams count (cross-validated, docs/benchmarks.md round 5).
FIELD_COUNTS = {"head": 3, "faq": 2, "body": 1, "lay": 1, "answers": 1, "asked": 2}
# Additive smoothing: 0.02 / 0.1 / 0.5 were compared; 0.02 won in every fold.
ALPHA = 0.02

SCHEMA = """
CREATE TABLE bayes_guides (number INTEGER PRIMARY KEY, guide TEXT NOT NULL, log_total REAL NOT NULL);
CREATE TABLE bayes_grams (gram TEXT PRIMARY KEY, guides BLOB NOT NULL, weights BLOB NOT NULL) WITHOUT ROWID;
"""


def guide_texts(documents: Iterable[Document]) -> dict[str, dict[str, str]]:
    """Each guide's text per field: head, body, lay, its FAQ questions and its FAQ answers."""
    fields: dict[str, dict[str, str]] = {}
    faqs: dict[str, list[str]] = {}
    answers: dict[str, list[str]] = {}
    for doc in documents:
        if doc.kind == "guide":
            fields[doc.doc_id] = {
                "head": f"{doc.index_title}\n{doc.keywords}",
                "body": doc.body,
                "lay": doc.lay,
                "asked": doc.asked,
            }
        elif doc.kind == "faq" and doc.guide:
            faqs.setdefault(doc.guide, []).append(doc.index_title)
            answers.setdefault(doc.guide, []).append(doc.body)
    for guide_id, entry in fields.items():
        entry["faq"] = "\n".join(faqs.get(guide_id, ()))
        entry["answers"] = "\n".join(answers.get(guide_id, ()))
    return fields


def guide_counts(fields: dict[str, str]) -> Counter[str]:
    """One guide's weighted gram counts over its fields."""
    counts: Counter[str] = Counter()
    for field, times in FIELD_COUNTS.items():
        for gram, n in grams(fields.get(field, "")).items():
            counts[gram] += n * times
    return counts


# A class of its own for what no guide is for: the questions of `[outside] asked` in
# synonyms.toml (the hall's other errands, health, the machine, chit-chat). Not a guide id
# (ids are lower-case words joined by hyphens), so it can never be shown or named.
OUTSIDE = "~outside"


def write_tables(
    conn: sqlite3.Connection, documents: Iterable[Document], outside: Sequence[str] = ()
) -> None:
    """Store the classifier in an index being built. The first start after an update rebuilds
    the index inside the kiosk's process, so no more than one guide's counts and one gram's
    row are held at a time: the counts go through a temporary table read back in gram order.
    `outside`, questions no guide is for, train the OUTSIDE class (none: no such class)."""
    fields = guide_texts(documents)
    if outside:
        fields[OUTSIDE] = {"asked": "\n".join(outside)}
    order = sorted(fields)
    conn.executescript(
        SCHEMA
        + "CREATE TEMP TABLE bayes_counts (gram TEXT NOT NULL, number INTEGER NOT NULL, n INTEGER NOT NULL);"
    )
    totals: list[int] = []
    for number, guide in enumerate(order):
        counts = guide_counts(fields[guide])
        totals.append(sum(counts.values()))
        conn.executemany(
            "INSERT INTO bayes_counts VALUES (?, ?, ?)", ((g, number, n) for g, n in counts.items())
        )
        del counts
    (size,) = conn.execute("SELECT count(DISTINCT gram) FROM bayes_counts").fetchone()
    conn.executemany(
        "INSERT INTO bayes_guides VALUES (?, ?, ?)",
        [(n, g, math.log(totals[n] + ALPHA * size)) for n, g in enumerate(order)],
    )
    conn.executemany(
        "INSERT INTO bayes_grams VALUES (?, ?, ?)",
        _packed(conn.execute("SELECT gram, number, n FROM bayes_counts ORDER BY gram, number")),
    )
    conn.execute("DROP TABLE bayes_counts")


def _packed(rows: Iterable[tuple[str, int, int]]) -> Iterator[tuple[str, bytes, bytes]]:
    """(gram, guide numbers, weights) rows from (gram, number, count) rows in gram order."""
    gram: str | None = None
    numbers, weights = array("H"), array("d")
    for next_gram, number, count in rows:
        if next_gram != gram:
            if gram is not None:
                yield gram, numbers.tobytes(), weights.tobytes()
            gram, numbers, weights = next_gram, array("H"), array("d")
        numbers.append(number)
        weights.append(math.log1p(count / ALPHA))
    if gram is not None:
        yield gram, numbers.tobytes(), weights.tobytes()


def bayes_scores(conn: sqlite3.Connection, query: str) -> dict[str, float]:
    """Each guide's log-likelihood of `query`'s grams, up to a constant shared by all guides;
    empty when the question has no gram the pack's guides know."""
    counts = grams(query)
    if not counts:
        return {}
    keys = sorted(counts)
    marks = ",".join("?" * len(keys))
    rows = conn.execute(
        f"SELECT gram, guides, weights FROM bayes_grams WHERE gram IN ({marks})", keys
    ).fetchall()
    if not rows:
        return {}
    guides = conn.execute("SELECT number, guide, log_total FROM bayes_guides ORDER BY number").fetchall()
    known = sum(counts[gram] for gram, _g, _w in rows)
    totals = [-known * log_total for _n, _g, log_total in guides]
    for gram, packed_guides, packed_weights in rows:
        numbers, weights = array("H"), array("d")
        numbers.frombytes(packed_guides)
        weights.frombytes(packed_weights)
        times = counts[gram]
        for number, weight in zip(numbers, weights, strict=True):
            totals[number] += times * weight
    return {guide: totals[number] for number, guide, _t in guides}


def bayes_ranking(conn: sqlite3.Connection, query: str) -> list[str]:
    """Guides by the classifier, most likely first; ties by id. Empty when it knows no gram."""
    return bayes_judgement(conn, query)[0]


def bayes_judgement(conn: sqlite3.Connection, query: str) -> tuple[list[str], float | None]:
    """The guides by the classifier (as `bayes_ranking`), and by how much the OUTSIDE class's
    log-likelihood exceeds the best guide's (negative: a guide is likelier; None: the index has
    no such class, or the question no gram)."""
    scores = bayes_scores(conn, query)
    outside = scores.pop(OUTSIDE, None)
    ranking = sorted(scores, key=lambda g: (-scores[g], g))
    margin = outside - scores[ranking[0]] if outside is not None and ranking else None
    return ranking, margin
