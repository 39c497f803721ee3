"""Builds the search index: a SQLite file with one FTS5 table per kind over jieba-cut text."""

from __future__ import annotations

import json
import os
import sqlite3
import time
from collections.abc import Iterable
from pathlib import Path

from kiosk.search.documents import KINDS, Document, LawName
from kiosk.search.guide_bayes import write_tables as write_bayes_tables
from kiosk.search.guide_grams import write_tables as write_gram_tables
from kiosk.search.homophones import sound_rows
from kiosk.search.segment import Segmenter
from kiosk.search.synonyms import SynonymTable
from kiosk.speech.readings import open_readings
from kiosk.storage.durable import fsync_file, replace_durably

# Bump when the schema or the way text is cut changes: an index of another version is rebuilt.
INDEX_VERSION = "13"

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE docs (
    rowid INTEGER PRIMARY KEY, kind TEXT NOT NULL, doc_id TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL, text TEXT NOT NULL, law_id TEXT NOT NULL, law_name TEXT NOT NULL,
    article INTEGER NOT NULL, sub INTEGER NOT NULL, terms TEXT NOT NULL,
    cites TEXT NOT NULL, guide TEXT NOT NULL, head TEXT NOT NULL
);
CREATE INDEX docs_article ON docs(article, law_id);
CREATE TABLE sounds (key TEXT NOT NULL, term TEXT NOT NULL);
CREATE TABLE laws (
    law_id TEXT PRIMARY KEY, name TEXT NOT NULL, short_name TEXT NOT NULL,
    aliases TEXT NOT NULL, curated INTEGER NOT NULL, ord INTEGER NOT NULL
);
"""


class SearchIndexError(Exception):
    """The index file is missing, from another version, or unreadable."""


def _fts_table(kind: str) -> str:
    return f"fts_{kind}"


def build_index(
    path: Path,
    *,
    documents: Iterable[Document],
    laws: Iterable[LawName],
    synonyms: SynonymTable,
    segmenter: Segmenter,
    source: str = "",
) -> dict[str, float]:
    """Write a new index to `path` (atomically: a temp file renamed over it). Returns figures."""
    started = time.perf_counter()
    segmenter.add_words(synonyms.all_words)
    law_list = list(laws)
    segmenter.add_words(n for law in law_list for n in law.names)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    conn = sqlite3.connect(tmp)
    try:
        conn.executescript("PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;" + _SCHEMA)
        for kind in KINDS:
            # Contentless: the text lives in `docs`; FTS5 keeps only what BM25 needs.
            conn.execute(
                f"CREATE VIRTUAL TABLE {_fts_table(kind)} USING fts5("
                "title, keywords, body, lay, content='', tokenize='unicode61 remove_diacritics 0')"
            )
            conn.execute(f"CREATE VIRTUAL TABLE vocab_{kind} USING fts5vocab({_fts_table(kind)}, 'row')")
        conn.executemany(
            "INSERT INTO laws VALUES (?, ?, ?, ?, ?, ?)",
            [
                (law.law_id, law.name, law.short_name, json.dumps(law.aliases, ensure_ascii=False),
                 int(law.curated), law.order)
                for law in law_list
            ],
        )  # fmt: skip
        count = 0
        guide_docs: list[Document] = []
        # Words a visitor's Pinyin slip is matched to (kiosk.search.homophones): the guides' and
        # FAQ's own words and the synonym table's lay words.
        heard: set[str] = set(synonyms.synonyms)
        for rowid, doc in enumerate(documents, start=1):
            title = segmenter.index_terms(doc.index_title)
            keywords = segmenter.index_terms(doc.keywords)
            body = segmenter.index_terms(doc.body)
            # A guide's `asked` phrasings are visitors' words, like an article's lay phrases: they
            # join that column, and the terms it covers, but not what the guide is about (`head`),
            # which lets Ask name it — in the title and keywords column they left Ask naming a
            # guide for 35 of 71 no-fit questions instead of 20 (docs/benchmarks.md, round 7).
            lay = segmenter.index_terms(doc.lay) + segmenter.index_terms(doc.asked)
            conn.execute(
                "INSERT INTO docs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (rowid, doc.kind, doc.doc_id, doc.title, doc.text, doc.law_id, doc.law_name,
                 doc.article, doc.sub, " ".join(sorted({*title, *keywords, *body, *lay})),
                 json.dumps(doc.cites, ensure_ascii=False), doc.guide,
                 # What the document is about (title and keywords): guides and FAQ rank by it.
                 " ".join(sorted({*title, *keywords}))),
            )  # fmt: skip
            conn.execute(
                f"INSERT INTO {_fts_table(doc.kind)} (rowid, title, keywords, body, lay) "
                "VALUES (?, ?, ?, ?, ?)",
                (rowid, " ".join(title), " ".join(keywords), " ".join(body), " ".join(lay)),
            )
            if doc.kind != "law":
                heard.update(title, keywords, body, lay)
                guide_docs.append(doc)
            count += 1
        conn.executemany("INSERT INTO sounds VALUES (?, ?)", sound_rows(heard, open_readings()))
        conn.execute("CREATE INDEX sounds_key ON sounds(key)")
        # The guides' character n-gram vectors (kiosk.search.guide_grams), from the pack's text.
        write_gram_tables(conn, guide_docs)
        # ... and the naive Bayes classifier over the same grams (kiosk.search.guide_bayes).
        write_bayes_tables(conn, guide_docs, outside=synonyms.outside_asked)
        meta = {
            "version": INDEX_VERSION,
            "source": source,
            "documents": str(count),
            "synonyms": json.dumps(synonyms.as_json(), ensure_ascii=False),
        }
        conn.executemany("INSERT INTO meta VALUES (?, ?)", meta.items())
        for kind in KINDS:
            conn.execute(f"INSERT INTO {_fts_table(kind)}({_fts_table(kind)}) VALUES ('optimize')")
        conn.commit()
    finally:
        conn.close()
    # synchronous=OFF above is for speed; the finished file is flushed once, then published.
    fsync_file(tmp)
    replace_durably(tmp, path)
    return {"documents": float(count), "seconds": time.perf_counter() - started}


def index_source(path: Path) -> str | None:
    """The `source` recorded in an index of the current version, or None if unusable."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    if rows.get("version") != INDEX_VERSION:
        return None
    return str(rows.get("source", ""))
