"""Answers queries from a built index: exact article look-up first, then FTS5 BM25 + coverage."""

from __future__ import annotations

import json
import math
import sqlite3
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from kiosk.search.concepts import Concept, query_concepts
from kiosk.search.documents import KINDS, LawName, article_doc_id
from kiosk.search.guide_bayes import bayes_judgement
from kiosk.search.guide_grams import fuse_with_grams, gram_match
from kiosk.search.guide_rank import fuse_guides
from kiosk.search.homophones import Homophones, Readings
from kiosk.search.index import INDEX_VERSION, SearchIndexError
from kiosk.search.lead import LEAD_POOL, Lead, apply_lead, choose_lead
from kiosk.search.query import ArticleRef, LawNameMatcher, ParsedQuery, parse_query
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import SynonymTable

# BM25 field weights: title ≫ keywords > body, and visitors' phrases. A guide: its title; its
# keywords and topic; its summary, steps and notes. An article has no title of its own ("第三十条"
# says nothing): its chapter heading and law name are its keywords, its text the body, and the
# phrases content editors wrote for it (kiosk.content.lay_phrases) the lay field. (With the
# heading as a title, every article of a matching chapter outranked the one article that answers.)
FIELD_WEIGHTS = (8.0, 3.0, 1.0, 2.0)
_WEIGHTS = ", ".join(map(str, FIELD_WEIGHTS))
# How many BM25 candidates are re-ranked by concept coverage.
CANDIDATES = 120
# Re-ranking weights: BM25 (normalised to the best candidate), the share of the query's concepts
# an article covers (IDF-weighted), a law named in the query, and a law chosen for the kiosk.
W_BM25, W_COVERAGE, W_NAMED_LAW, W_CURATED = 0.6, 1.0, 0.5, 0.15
# Guides and FAQ: the share of the query's concepts in the title and keywords (an FAQ entry's
# question) — what the document is about. Sibling guides of one topic share most of their body
# words ("工伤咋个认定" is in both work-injury guides); the title tells them apart. 0.3–1.0 were
# tried (docs/benchmarks.md): 0.8 and 1.0 tie on the tuning set.
W_HEAD = 0.8
EXACT_SCORE = 100.0
COMMON_IDF = math.log(1 + 30)
MANY_DOCUMENTS = 1000


@dataclass(frozen=True)
class SearchResult:
    kind: str
    id: str
    title: str
    score: float
    text: str = ""
    law: str = ""
    law_id: str = ""
    article: int = 0
    sub: int = 0
    exact: bool = False
    # Guides and FAQ: ids of the articles they cite; an FAQ's guide.
    cites: tuple[str, ...] = ()
    guide: str = ""
    # Share (0–1, IDF-weighted) of the query's concepts this document contains.
    coverage: float = 0.0
    # Guides and FAQ: the same share in the title and keywords (an FAQ entry: its question).
    about: float = 0.0
    # Guides: the character n-gram score (kiosk.search.guide_grams) and the rank by it (1 = first,
    # 0 = no character in common).
    grams: float = 0.0
    grams_rank: int = 0
    # Guides: whether the word ranking and the classifier (kiosk.search.guide_bayes) also put it first.
    all_first: bool = False

    def as_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "kind": self.kind, "id": self.id, "title": self.title, "score": round(self.score, 4),
        }  # fmt: skip
        if self.kind == "law":
            data["law"] = self.law
            data["article"] = self.article
        return data


@dataclass
class SearchResults:
    query: str
    results: list[SearchResult] = field(default_factory=list)
    ms: float = 0.0
    # The guide that matched clearly enough to lead the law results (its citations first).
    lead: Lead | None = None
    # How much likelier the classifier finds the question to be one no guide is for than the
    # best guide's (log-likelihood; kiosk.search.guide_bayes.OUTSIDE); None when not judged.
    outside_margin: float | None = None

    def of_kind(self, kind: str) -> list[SearchResult]:
        return [r for r in self.results if r.kind == kind]

    def grouped(self) -> dict[str, list[SearchResult]]:
        return {kind: self.of_kind(kind) for kind in KINDS}


def _descending(results: list[SearchResult]) -> list[SearchResult]:
    """Raise scores where needed so they never increase down the list (articles a guide cites
    were put first but may have scored lower, or not at all, on their own)."""
    out = list(results)
    for i in range(len(out) - 2, -1, -1):
        floor = out[i + 1].score + 0.001
        if out[i].score < floor:
            out[i] = replace(out[i], score=floor)
    return out


class SearchEngine:
    """Read-only searcher over one index file; safe to share between threads."""

    def __init__(self, index_path: Path, *, segmenter: Segmenter) -> None:
        self.path = index_path
        self._segmenter = segmenter
        self._local = threading.local()
        try:
            conn = self._conn()
            meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
            rows = conn.execute("SELECT law_id, name, short_name, aliases, curated, ord FROM laws")
            laws = [
                LawName(law_id=r[0], name=r[1], short_name=r[2], aliases=tuple(json.loads(r[3])),
                        curated=bool(r[4]), order=r[5])
                for r in rows
            ]  # fmt: skip
            self._counts = {
                kind: conn.execute("SELECT count(*) FROM docs WHERE kind = ?", (kind,)).fetchone()[0]
                for kind in KINDS
            }
        except sqlite3.Error as exc:
            raise SearchIndexError(f"搜索索引无法打开 {index_path}: {exc} (unreadable index)") from exc
        if meta.get("version") != INDEX_VERSION:
            raise SearchIndexError(f"搜索索引版本不符 {index_path} (index of another version)")
        self.synonyms = SynonymTable.from_json(json.loads(meta["synonyms"]))
        self.laws = {law.law_id: law for law in laws}
        self._law_ids = {law.name: law.law_id for law in laws}
        self._matcher = LawNameMatcher(laws)
        segmenter.add_words(self.synonyms.all_words)
        segmenter.add_words(n for law in laws for n in law.names)
        self._readings: Readings | None = None
        self.homophones = Homophones(
            readings=self._pinyin,
            lookup=self._sounds,
            is_word=self._is_word,
            guide_terms=self._guide_terms,
            cut=segmenter.cut,
        )

    @property
    def document_counts(self) -> dict[str, int]:
        return dict(self._counts)

    def _conn(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def search(self, query: str, *, kind: str | None = None, limit: int = 20) -> SearchResults:
        """Up to `limit` results of each kind (or of `kind`), best first; never raises on input."""
        started = time.perf_counter()
        limit = max(0, min(int(limit), 200))
        parsed = parse_query(query if isinstance(query, str) else "", self._matcher)
        kinds = [kind] if kind in KINDS else list(KINDS)
        found: dict[str, list[SearchResult]] = {}
        lead = None
        outside_margin = None
        if parsed.text and limit:
            # The question with Pinyin slips of guide words read right (宅机地 → 宅基地).
            heard = self.homophones.correct(parsed.rest)
            concepts = self._concepts(heard)
            for k in KINDS:
                # Guides and FAQ are always looked at: they may lead a law-only search.
                if k in kinds or "law" in kinds:
                    found[k] = self._search_kind(k, parsed, concepts, max(limit, LEAD_POOL))
            lead = choose_lead(found.get("guide", [])[:LEAD_POOL], found.get("faq", [])[:LEAD_POOL])
            # The guides are shown with their FAQ's evidence; the lead (which orders the laws)
            # is chosen as before from each guide's and each FAQ entry's own match.
            if "guide" in found:
                found["guide"] = fuse_guides(found["guide"], found.get("faq", []), self.document)
                # For the guide list shown; the lead above is chosen from the word ranking alone.
                if "guide" in kinds:
                    scores, joinable = gram_match(self._conn(), parsed.rest)
                    bayes, outside_margin = bayes_judgement(self._conn(), heard)
                    found["guide"] = fuse_with_grams(
                        found["guide"], scores=scores, joinable=joinable, fetch=self.document, bayes=bayes
                    )
            if "law" in found:
                found["law"] = _descending(apply_lead(found["law"], lead, self.document))
        results = [r for k in kinds for r in found.get(k, [])[:limit]]
        elapsed = (time.perf_counter() - started) * 1e3
        return SearchResults(
            query=query, results=results, ms=elapsed, lead=lead, outside_margin=outside_margin
        )

    # --- query analysis -------------------------------------------------------------------

    def _concepts(self, heard: str) -> list[Concept]:
        return query_concepts(
            heard, segmenter=self._segmenter, synonyms=self.synonyms,
            known=self._known_terms, alike=self.homophones.alike,
        )  # fmt: skip

    def _pinyin(self) -> Readings:
        # Opened on the first query that needs it: memory-mapped, shared with read-aloud's copy.
        if self._readings is None:
            from kiosk.speech.readings import open_readings

            self._readings = open_readings()
        return self._readings

    def _sounds(self, keys: list[str]) -> list[tuple[str, str]]:
        marks = ",".join("?" * len(keys))
        rows = self._conn().execute(f"SELECT key, term FROM sounds WHERE key IN ({marks})", keys)
        return [(str(k), str(t)) for k, t in rows]

    def _is_word(self, text: str) -> bool:
        return self._segmenter.dictionary_words(text) == [text]

    def _guide_terms(self, terms: list[str]) -> set[str]:
        """Which of `terms` a guide or an FAQ entry contains."""
        marks = ",".join("?" * len(terms))
        return {
            term
            for kind in ("guide", "faq")
            for (term,) in self._conn().execute(
                f"SELECT term FROM vocab_{kind} WHERE term IN ({marks})", terms
            )
        }

    def _known_terms(self, terms: list[str]) -> set[str]:
        """Which of `terms` some indexed document (of any kind) contains."""
        marks = ",".join("?" * len(terms))
        return {
            term
            for kind in KINDS
            for (term,) in self._conn().execute(
                f"SELECT term FROM vocab_{kind} WHERE term IN ({marks})", terms
            )
        }

    def _idf(self, kind: str, terms: set[str]) -> dict[str, float]:
        if not terms:
            return {}
        marks = ",".join("?" * len(terms))
        rows = self._conn().execute(
            f"SELECT term, doc FROM vocab_{kind} WHERE term IN ({marks})", sorted(terms)
        )
        total = max(self._counts[kind], 1)
        return {term: math.log(1 + total / df) for term, df in rows}

    # --- retrieval ----------------------------------------------------------------------------

    def _search_kind(
        self, kind: str, parsed: ParsedQuery, concepts: list[Concept], limit: int
    ) -> list[SearchResult]:
        exact = self._exact(parsed.refs, limit) if kind == "law" else []
        seen = {r.id for r in exact}
        all_terms = {t for c in concepts for t in c.terms}
        idf = self._idf(kind, all_terms)
        # A concept none of whose terms occurs in this kind's documents still counts, as the
        # rarest possible: otherwise a guide matching one word of a question about something
        # the guides never mention would cover "all" of it.
        unseen = math.log(1 + max(self._counts[kind], 1))
        weighted = [c.weighed(idf, unseen, minor_counts=kind == "law") for c in concepts]
        present = sorted(t for t in all_terms if t in idf)
        # In a large kind (the laws), very common terms (in more than ~1 document of 30) cost
        # most of the FTS time and add little to BM25; they still count towards coverage in the
        # re-ranking. A few dozen guides are cheap to search with every term.
        if self._counts[kind] >= MANY_DOCUMENTS:
            selective = [t for t in present if idf[t] > COMMON_IDF]
            present = selective or present
        ranked: list[SearchResult] = []
        if present:
            ranked = self._rank(kind, present, weighted, parsed.laws, keep=limit + len(exact))
        if kind == "law" and not present and parsed.laws and not parsed.refs:
            ranked = self._law_overview(parsed.laws[0], limit)
        merged = exact + [r for r in ranked if r.id not in seen]
        return merged[:limit]

    def _rank(
        self, kind: str, terms: list[str], concepts: list[Concept], named_laws: tuple[str, ...], keep: int
    ) -> list[SearchResult]:
        """BM25 candidates re-ranked by coverage; only the `keep` best are read in full."""
        match = " OR ".join(f'"{t}"' for t in terms)  # terms are \w+ words: nothing to escape
        rows = (
            self._conn()
            .execute(
                f"SELECT d.rowid, bm25(fts_{kind}, {_WEIGHTS}) AS s, d.law_id, d.terms, d.head "
                f"FROM fts_{kind} JOIN docs AS d ON d.rowid = fts_{kind}.rowid "
                f"WHERE fts_{kind} MATCH ? ORDER BY s LIMIT {CANDIDATES}",
                (match,),
            )
            .fetchall()
        )
        if not rows:
            return []
        best = max(-row[1] for row in rows) or 1.0
        total_weight = sum(c.weight for c in concepts) or 1.0
        scored: list[tuple[float, float, float, int]] = []
        for rowid, bm25, law_id, doc_terms, head in rows:
            have = set(doc_terms.split())
            coverage = sum(c.credit(have) for c in concepts) / total_weight
            score = W_BM25 * (-bm25 / best) + W_COVERAGE * coverage
            about = 0.0
            if kind != "law":
                about = sum(c.credit(set(head.split())) for c in concepts) / total_weight
                score += W_HEAD * about
            if law_id:
                law = self.laws.get(law_id)
                score += W_NAMED_LAW if law_id in named_laws else 0.0
                score += W_CURATED if law is not None and law.curated else 0.0
            scored.append((score, coverage, about, rowid))
        scored.sort(key=lambda item: -item[0])
        top = scored[:keep]
        marks = ",".join("?" * len(top))
        details = {
            row[0]: row[1:]
            for row in self._conn().execute(
                "SELECT rowid, doc_id, title, text, law_id, law_name, article, sub, cites, guide "
                f"FROM docs WHERE rowid IN ({marks})",
                [rowid for *_, rowid in top],
            )
        }
        results = []
        for score, coverage, about, rowid in top:
            doc_id, title, text, law_id, law_name, article, sub, cites, guide = details[rowid]
            results.append(
                SearchResult(kind=kind, id=doc_id, title=title, score=score, text=text,
                             law=law_name, law_id=law_id, article=article, sub=sub,
                             cites=self._cited_ids(cites), guide=guide, coverage=coverage,
                             about=about)
            )  # fmt: skip
        return results

    def _exact(self, refs: tuple[ArticleRef, ...], limit: int) -> list[SearchResult]:
        results: list[SearchResult] = []
        for ref in refs:
            rows = (
                self._conn()
                .execute(
                    "SELECT doc_id, title, text, law_id, law_name, article, sub FROM docs "
                    "WHERE kind = 'law' AND article = ? AND sub = ? AND (? IS NULL OR law_id = ?)",
                    (ref.number, ref.sub, ref.law_id, ref.law_id),
                )
                .fetchall()
            )
            # Without a law name, laws chosen for the kiosk first, then in their listed order.
            rows.sort(key=lambda r: self._law_rank(r[3]))
            for doc_id, title, text, law_id, law_name, article, sub in rows:
                results.append(
                    SearchResult(kind="law", id=doc_id, title=title, score=EXACT_SCORE, text=text,
                                 law=law_name, law_id=law_id, article=article, sub=sub, exact=True)
                )  # fmt: skip
        return results[: max(limit, 1)]

    def _cited_ids(self, cites: str) -> tuple[str, ...]:
        pairs = json.loads(cites) if cites and cites != "[]" else []
        return tuple(
            article_doc_id(self._law_ids[law], int(article)) for law, article in pairs if law in self._law_ids
        )

    def document(self, doc_id: str) -> SearchResult | None:
        """One indexed document by id (for an article: "<law_id>:<number>[-<sub>]")."""
        row = (
            self._conn()
            .execute(
                "SELECT kind, doc_id, title, text, law_id, law_name, article, sub FROM docs WHERE doc_id = ?",
                (doc_id,),
            )
            .fetchone()
        )
        if row is None:
            return None
        kind, doc_id, title, text, law_id, law_name, article, sub = row
        return SearchResult(kind=kind, id=doc_id, title=title, score=0.0, text=text,
                            law=law_name, law_id=law_id, article=article, sub=sub)  # fmt: skip

    def _law_rank(self, law_id: str) -> tuple[int, int]:
        law = self.laws.get(law_id)
        return (0 if law and law.curated else 1, law.order if law else 0)

    def _law_overview(self, law_id: str, limit: int) -> list[SearchResult]:
        """A query that only names a law ("劳动合同法") lists that law's first articles."""
        rows = (
            self._conn()
            .execute(
                "SELECT doc_id, title, text, law_name, article, sub FROM docs "
                "WHERE law_id = ? ORDER BY rowid LIMIT ?",
                (law_id, limit),
            )
            .fetchall()
        )
        return [
            SearchResult(kind="law", id=r[0], title=r[1], score=1.0 - i / 1000, text=r[2],
                         law=r[3], law_id=law_id, article=r[4], sub=r[5])
            for i, r in enumerate(rows)
        ]  # fmt: skip

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None
