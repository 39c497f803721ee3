"""What the search index holds: one Document per law article, guide or FAQ entry."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.content.lay_phrases import phrases_for
from kiosk.content.numerals import article_label

KINDS = ("law", "guide", "faq")


@dataclass(frozen=True)
class Document:
    kind: str
    doc_id: str
    title: str
    # The indexed fields, weighted title ≫ keywords > body; `lay` holds visitors' phrases for
    # an article (kiosk.content.lay_phrases), weighted on their own.
    index_title: str
    keywords: str
    body: str
    lay: str = ""
    # A guide: how visitors ask about its matter (the guide's `asked` list), one per line.
    asked: str = ""
    text: str = ""
    law_id: str = ""
    law_name: str = ""
    article: int = 0
    sub: int = 0
    # Guides and FAQ: the (law name, article) pairs they cite, and an FAQ's guide.
    cites: tuple[tuple[str, int], ...] = ()
    guide: str = ""


@dataclass(frozen=True)
class LawName:
    """A law the index knows, with every name a visitor may type for it."""

    law_id: str
    name: str
    short_name: str
    aliases: tuple[str, ...] = ()
    # Laws chosen for the kiosk (laws.toml) rank slightly above the rest of a full corpus.
    curated: bool = True
    order: int = 0
    names: tuple[str, ...] = field(init=False, default=())

    def __post_init__(self) -> None:
        names = {self.name, self.short_name, *self.aliases}
        object.__setattr__(self, "names", tuple(sorted(n for n in names if len(n) >= 2)))


def article_doc_id(law_id: str, number: int, sub: int = 0) -> str:
    return f"{law_id}:{number}" + (f"-{sub}" if sub else "")


_ORDINAL = re.compile(r"^第[一二三四五六七八九十百零]+(?:编|分编|章|节)$")


def subject_heading(*titles: str) -> str:
    """Turn "第五编 婚姻家庭", "第四章 离婚" into "婚姻家庭 离婚": the subject, without ordinals."""
    words = " ".join(t for t in titles if t).split()
    return " ".join(w for w in words if not _ORDINAL.match(w))


def law_documents(
    laws: Iterable[dict[str, Any]], lay: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None
) -> Iterator[Document]:
    """Documents for the articles of laws in the pack's laws.json shape (with their lay phrases)."""
    for law in laws:
        chapters = law.get("chapters", [])
        for art in law["articles"]:
            chapter = chapters[art["chapter"]] if chapters else {}
            heading = subject_heading(
                chapter.get("part", ""), chapter.get("title", ""), art.get("section", "")
            )
            label = art.get("label") or article_label(art["number"], art.get("sub", 0))
            yield Document(
                kind="law",
                doc_id=article_doc_id(law["id"], art["number"], art.get("sub", 0)),
                title=f"{law['short_name']} {label}",
                index_title="",
                keywords=f"{heading} {law['short_name']}",
                body=art["text"],
                lay=phrases_for(lay or {}, law["name"], art["number"], art.get("sub", 0)),
                text=art["text"],
                law_id=law["id"],
                law_name=law["name"],
                article=art["number"],
                sub=art.get("sub", 0),
            )


def law_names(laws: Iterable[dict[str, Any]], *, curated: bool = True) -> list[LawName]:
    return [
        LawName(
            law_id=law["id"],
            name=law["name"],
            short_name=law["short_name"],
            aliases=tuple(law.get("aliases", ())),
            curated=curated,
            order=index,
        )
        for index, law in enumerate(laws)
    ]


def _cites(items: Iterable[Any]) -> tuple[tuple[str, int], ...]:
    return tuple(
        (c["law"], int(c["article"])) if isinstance(c, dict) else (c.law, int(c.article)) for c in items
    )


def content_documents(
    content: dict[str, Any], lay: Mapping[str, Mapping[str, tuple[str, ...]]] | None = None
) -> list[Document]:
    """Guide and FAQ documents from a pack's content.json (or the validator's records as dicts).

    A guide's `lay` field holds the visitors' phrases of the articles it cites: the situations
    in visitors' words the guide's own legal basis answers ("周末加班没有加班费")."""
    topics = {t["id"]: t["title"] for t in content.get("topics", ())}
    guides = list(content.get("guides", ()))
    docs: list[Document] = []
    by_id: dict[str, dict[str, Any]] = {}
    for g in guides:
        by_id[g["id"]] = g
        notes = [c["note"] for c in g.get("citations", ())]
        body = "\n".join([g["summary"], *g["steps"], *g["documents"], *g["where"], *g["time_limits"], *notes])
        docs.append(
            Document(
                kind="guide", doc_id=g["id"], title=g["title"], index_title=g["title"],
                keywords=" ".join([*g["keywords"], topics.get(g["topic"], "")]), body=body,
                lay="\n".join(filter(None, (phrases_for(lay or {}, law, number, 0)
                                              for law, number in _cites(g.get("citations", ()))))),
                text=g["summary"], cites=_cites(g.get("citations", ())),
                asked="\n".join(g.get("asked", ())),
            )
        )  # fmt: skip
    for f in content.get("faqs", ()):
        guide = by_id.get(f["guide"], {})
        # An FAQ answer cites its own articles first, then the articles of the guide it leads to.
        cites = tuple(dict.fromkeys(_cites(f.get("citations", ())) + _cites(guide.get("citations", ()))))
        docs.append(
            Document(
                kind="faq", doc_id=f["id"], title=f["question"], index_title=f["question"],
                keywords=" ".join(guide.get("keywords", ())), body=f["answer"], text=f["answer"],
                cites=cites, guide=f["guide"],
            )
        )  # fmt: skip
    return docs
