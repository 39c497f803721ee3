"""Loads the content sources (topics, guides, FAQ, directory) and checks them for a pack build."""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kiosk.content.lay_phrases import has_long_number
from kiosk.content.source_fields import FieldReader, Problem

LawLookup = Callable[[str, int], bool]
"""(law name exactly as in the law database, article number) -> does that article exist in force."""

INSTITUTION_TYPES = frozenset(
    {
        "legal_aid_centre",
        "judicial_office",
        "notary_office",
        "arbitration_commission",
        "court",
        "law_firm",
        "mediation_committee",
        # Offices outside the justice system that guides send visitors to (police for fraud and
        # detention, forensic experts, and the county bureaus for seeds, land and shops).
        "police_station",
        "forensic_institution",
        "agriculture_bureau",
        "natural_resources_bureau",
        "market_regulation",
    }
)
MIN_GUIDES_PER_TOPIC = 2
MAX_FAQ_ANSWER_HAN = 120
# Every guide tells the visitor once that this is information, not advice.
DISCLAIMER_MARK = "一般法律知识"
# Sample directories use names with 示例 and phone numbers in the non-existent area code 000.
SAMPLE_NAME_MARKS = ("示例", "样例", "测试", "sample", "example")
SAMPLE_PHONE_PREFIX = "000"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HAN = re.compile(r"[\u4e00-\u9fff]")

_TOPIC_KEYS = {"id", "title", "title_en", "subtitle", "subtitle_en", "icon"}
_GUIDE_KEYS = {
    "id", "topic", "title", "title_en", "summary", "steps", "documents", "where",
    "time_limits", "related", "keywords", "citations", "asked",
}  # fmt: skip
_CITATION_KEYS = {"law", "article", "note"}
_FAQ_KEYS = {"id", "question", "answer", "guide", "citations"}
_INSTITUTION_KEYS = {"id", "name", "type", "township", "address", "phone", "hours"}


class ContentError(Exception):
    """The content sources have problems; `problems` lists every one with its file and field."""

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems = tuple(problems)
        lines = [f"内容有 {len(self.problems)} 处问题 (content has {len(self.problems)} problems):"]
        lines += [f"  - {problem}" for problem in self.problems]
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Citation:
    law: str
    article: int
    note: str = ""


@dataclass(frozen=True)
class Topic:
    id: str
    title: str
    title_en: str
    subtitle: str
    subtitle_en: str
    icon: str


@dataclass(frozen=True)
class Guide:
    id: str
    topic: str
    title: str
    title_en: str
    summary: str
    steps: tuple[str, ...]
    documents: tuple[str, ...]
    where: tuple[str, ...]
    time_limits: tuple[str, ...]
    related: tuple[str, ...]
    keywords: tuple[str, ...]
    citations: tuple[Citation, ...]
    # How visitors ask about the guide's matter, in their own words ("工钱要不来"). Never shown:
    # search learns from them (kiosk.search.guide_bayes, guide_grams), so that a visitor's
    # wording finds the guide whose title says it in the law's words.
    asked: tuple[str, ...] = ()


@dataclass(frozen=True)
class Faq:
    id: str
    topic: str
    question: str
    answer: str
    guide: str
    citations: tuple[Citation, ...]


@dataclass(frozen=True)
class Institution:
    id: str
    name: str
    type: str
    township: str
    address: str
    phone: str
    hours: str
    region: str
    sample: bool


@dataclass(frozen=True)
class ContentSources:
    topics: tuple[Topic, ...]
    guides: tuple[Guide, ...]
    faqs: tuple[Faq, ...]
    institutions: tuple[Institution, ...]

    def guides_of(self, topic_id: str) -> tuple[Guide, ...]:
        return tuple(guide for guide in self.guides if guide.topic == topic_id)


def load_and_validate(
    content_dir: Path, law_lookup: LawLookup, *, icon_exists: Callable[[str], bool] | None = None
) -> ContentSources:
    """Read every source under content_dir; raise ContentError listing all problems, if any.

    icon_exists, when given, also checks each topic's icon against the vendored icon set.
    """
    loader = _Loader(content_dir)
    sources = loader.load()
    _Checker(loader.reader, law_lookup, loader.files, icon_exists).check(sources)
    if loader.reader.problems:
        raise ContentError(loader.reader.problems)
    return sources


class _Loader:
    """Parses the files into dataclasses, recording missing/malformed fields as it goes."""

    def __init__(self, content_dir: Path) -> None:
        self.root = content_dir
        self.reader = FieldReader()
        # Which file each loaded record came from, for the cross-reference checks.
        self.files: dict[int, str] = {}

    def load(self) -> ContentSources:
        if not self.root.is_dir():
            raise ContentError([Problem(str(self.root), "", "内容目录不存在 (content dir missing)")])
        return ContentSources(
            topics=tuple(self._topics()),
            guides=tuple(self._guides()),
            faqs=tuple(self._faqs()),
            institutions=tuple(self._institutions()),
        )

    def _parse(self, path: Path) -> tuple[str, dict[str, Any]]:
        name = path.relative_to(self.root).as_posix()
        try:
            return name, tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            self.reader.add(name, "", f"无法读取 TOML (cannot parse TOML): {exc}")
        return name, {}

    def _remember(self, record: object, name: str) -> None:
        self.files[id(record)] = name

    def _topics(self) -> Iterable[Topic]:
        path = self.root / "topics.toml"
        if not path.is_file():
            self.reader.add("topics.toml", "", "文件不存在 (file missing)")
            return
        name, data = self._parse(path)
        read = self.reader
        read.unknown_keys(data, allowed={"topic"}, file=name)
        for index, table in enumerate(read.tables(data, "topic", file=name)):
            prefix = f"topic[{index}]."
            read.unknown_keys(table, allowed=_TOPIC_KEYS, file=name, prefix=prefix)
            values = {key: read.text(table, key, file=name, prefix=prefix) for key in _TOPIC_KEYS}
            topic = Topic(**values)
            self._remember(topic, name)
            yield topic

    def _guides(self) -> Iterable[Guide]:
        read = self.reader
        guides_dir = self.root / "guides"
        # A guide saved one folder too high or too deep would otherwise silently never appear.
        for stray in sorted(set(guides_dir.rglob("*.toml")) - set(guides_dir.glob("*/*.toml"))):
            name = stray.relative_to(self.root).as_posix()
            read.add(name, "", "指南应放在 guides/<主题>/<id>.toml (must be guides/<topic>/<id>.toml)")
        for path in sorted(guides_dir.glob("*/*.toml")):
            name, data = self._parse(path)
            read.unknown_keys(data, allowed=_GUIDE_KEYS, file=name)
            texts = {
                key: read.text(data, key, file=name)
                for key in ("id", "topic", "title", "title_en", "summary")
            }
            lists = {
                key: read.text_list(data, key, file=name, may_be_empty=key in {"time_limits", "related"})
                for key in ("steps", "documents", "where", "time_limits", "related", "keywords")
            }
            # The folder and file name are how people find a guide; they must match its fields.
            asked = read.text_list(data, "asked", file=name, may_be_empty=True) if "asked" in data else ()
            if len(set(asked)) != len(asked):
                read.add(name, "asked", "有重复的问法 (a phrasing is listed twice)")
            # Phrasings are written by editors, never copied from visitors' questions with their
            # numbers: a run of digits as long as a phone or ID number has no place in one.
            for index, phrase in enumerate(asked):
                if has_long_number(phrase):
                    read.add(name, f"asked[{index}]", "问法里不能有电话号码或证件号 (no phone or ID number)")
            if texts["id"] and texts["id"] != path.stem:
                read.add(name, "id", f"应与文件名一致 (must equal the file name '{path.stem}')")
            if texts["topic"] and texts["topic"] != path.parent.name:
                read.add(name, "topic", f"应与目录名一致 (must equal the folder '{path.parent.name}')")
            items = read.tables(data, "citations", file=name)
            citations = tuple(self._citations(items, name, prefix="", with_note=True))
            guide = Guide(
                id=texts["id"], topic=texts["topic"], title=texts["title"],
                title_en=texts["title_en"], summary=texts["summary"], steps=lists["steps"],
                documents=lists["documents"], where=lists["where"],
                time_limits=lists["time_limits"], related=lists["related"],
                keywords=lists["keywords"], citations=citations, asked=asked,
            )  # fmt: skip
            self._remember(guide, name)
            yield guide

    def _citations(
        self, items: Iterable[Any], name: str, *, prefix: str, with_note: bool
    ) -> Iterable[Citation]:
        read = self.reader
        for index, item in enumerate(items):
            at = f"{prefix}citations[{index}]."
            if not isinstance(item, dict):
                read.add(name, at.rstrip("."), "应为 {law, article} 表 (must be a table)")
                continue
            read.unknown_keys(item, allowed=_CITATION_KEYS, file=name, prefix=at)
            law = read.text(item, "law", file=name, prefix=at)
            article = read.positive_int(item, "article", file=name, prefix=at)
            # A guide says why it cites an article; an FAQ answer is short enough to say it itself.
            note = read.text(item, "note", file=name, prefix=at) if with_note else ""
            yield Citation(law=law, article=article, note=note)

    def _faqs(self) -> Iterable[Faq]:
        read = self.reader
        for path in sorted((self.root / "faq").glob("*.toml")):
            name, data = self._parse(path)
            read.unknown_keys(data, allowed={"faq"}, file=name)
            for index, table in enumerate(read.tables(data, "faq", file=name)):
                prefix = f"faq[{index}]."
                read.unknown_keys(table, allowed=_FAQ_KEYS, file=name, prefix=prefix)
                texts = {
                    key: read.text(table, key, file=name, prefix=prefix)
                    for key in ("id", "question", "answer", "guide")
                }
                items = table.get("citations")
                if not isinstance(items, list):
                    read.add(name, prefix + "citations", "缺少引用列表 (citations list missing)")
                    items = []
                citations = tuple(self._citations(items, name, prefix=prefix, with_note=False))
                faq = Faq(**texts, topic=path.stem, citations=citations)
                self._remember(faq, name)
                yield faq

    def _institutions(self) -> Iterable[Institution]:
        read = self.reader
        paths = sorted((self.root / "directory").glob("*.toml"))
        if not paths:
            # The kiosk's "where to go" screens have nothing to show without a directory.
            read.add("directory/", "", "没有机构名录文件 (no directory file)")
        for path in paths:
            name, data = self._parse(path)
            read.unknown_keys(data, allowed={"sample", "region", "institution"}, file=name)
            region = read.text(data, "region", file=name)
            sample = data.get("sample", False)
            if not isinstance(sample, bool):
                read.add(name, "sample", "应为 true 或 false (must be a boolean)")
                sample = False
            for index, table in enumerate(read.tables(data, "institution", file=name)):
                prefix = f"institution[{index}]."
                read.unknown_keys(table, allowed=_INSTITUTION_KEYS, file=name, prefix=prefix)
                values = {key: read.text(table, key, file=name, prefix=prefix) for key in _INSTITUTION_KEYS}
                institution = Institution(**values, region=region, sample=sample)
                self._remember(institution, f"{name}#{prefix}")
                yield institution


class _Checker:
    """Cross-record rules: references, duplicates, laws, counts, sample marking."""

    def __init__(
        self,
        reader: FieldReader,
        law_lookup: LawLookup,
        files: dict[int, str],
        icon_exists: Callable[[str], bool] | None,
    ) -> None:
        self.reader = reader
        self.law_lookup = law_lookup
        self.files = files
        self.icon_exists = icon_exists
        self._law_cache: dict[tuple[str, int], bool] = {}

    def _file(self, record: object) -> str:
        return self.files.get(id(record), "?").split("#")[0]

    def check(self, sources: ContentSources) -> None:
        self._duplicates("topic", sources.topics)
        self._duplicates("guide", sources.guides)
        self._duplicates("faq", sources.faqs)
        self._duplicates("institution", sources.institutions)
        topic_ids = {topic.id for topic in sources.topics}
        guide_ids = {guide.id for guide in sources.guides}
        for topic in sources.topics:
            self._topic(topic, len(sources.guides_of(topic.id)))
        for guide in sources.guides:
            self._guide(guide, topic_ids=topic_ids, guide_ids=guide_ids)
        for faq in sources.faqs:
            self._faq(faq, topic_ids=topic_ids, guide_ids=guide_ids)
        for institution in sources.institutions:
            self._institution(institution)

    def _duplicates(self, kind: str, records: Iterable[Any]) -> None:
        records = list(records)
        counts = Counter(record.id for record in records if record.id)
        for record in records:
            if counts[record.id] > 1:
                self.reader.add(self._file(record), "id", f"{kind} id '{record.id}' 重复 (duplicated)")
            elif record.id and not _ID.match(record.id):
                self.reader.add(self._file(record), "id", f"'{record.id}' 应为 kebab-case")

    def _topic(self, topic: Topic, guide_count: int) -> None:
        file = self._file(topic)
        if topic.title and not 2 <= len(topic.title) <= 6:
            self.reader.add(file, f"{topic.id}.title", "应为 2–6 个字 (must be 2–6 characters)")
        if topic.icon and self.icon_exists is not None and not self.icon_exists(topic.icon):
            self.reader.add(file, f"{topic.id}.icon", f"图标 '{topic.icon}' 不存在 (no such icon)")
        if guide_count < MIN_GUIDES_PER_TOPIC:
            self.reader.add(
                file, topic.id,
                f"只有 {guide_count} 篇指南，至少需要 {MIN_GUIDES_PER_TOPIC} 篇"
                f" (needs at least {MIN_GUIDES_PER_TOPIC} guides)",
            )  # fmt: skip

    def _guide(self, guide: Guide, *, topic_ids: set[str], guide_ids: set[str]) -> None:
        file = self._file(guide)
        if guide.topic and guide.topic not in topic_ids:
            self.reader.add(file, "topic", f"未知主题 '{guide.topic}' (unknown topic)")
        for index, ref in enumerate(guide.related):
            if ref not in guide_ids:
                self.reader.add(file, f"related[{index}]", f"未知指南 '{ref}' (unknown guide)")
            elif ref == guide.id:
                self.reader.add(file, f"related[{index}]", "不能引用自己 (refers to itself)")
        if guide.summary and DISCLAIMER_MARK not in guide.summary:
            self.reader.add(
                file,
                "summary",
                f"应说明这是{DISCLAIMER_MARK} (must say this is general information)",
            )
        self._laws(file, guide.citations)

    def _faq(self, faq: Faq, *, topic_ids: set[str], guide_ids: set[str]) -> None:
        file = self._file(faq)
        at = f"faq '{faq.id}'."
        if faq.topic not in topic_ids:
            self.reader.add(file, "", f"文件名不是已知主题 '{faq.topic}' (file name is not a topic id)")
        if faq.guide and faq.guide not in guide_ids:
            self.reader.add(file, at + "guide", f"未知指南 '{faq.guide}' (unknown guide)")
        han = len(_HAN.findall(faq.answer))
        if han > MAX_FAQ_ANSWER_HAN:
            self.reader.add(file, at + "answer", f"{han} 个汉字，最多 {MAX_FAQ_ANSWER_HAN} (too long)")
        self._laws(file, faq.citations, prefix=at)

    def _laws(self, file: str, citations: Iterable[Citation], *, prefix: str = "") -> None:
        for index, citation in enumerate(citations):
            if not citation.law or not citation.article:
                continue  # already reported as a missing field
            key = (citation.law, citation.article)
            if key not in self._law_cache:
                self._law_cache[key] = self.law_lookup(*key)
            if not self._law_cache[key]:
                self.reader.add(
                    file, f"{prefix}citations[{index}]",
                    f"法律数据库中没有《{citation.law}》第{citation.article}条"
                    " (no such article in force in the law database)",
                )  # fmt: skip

    def _institution(self, institution: Institution) -> None:
        file = self._file(institution)
        at = f"institution '{institution.id}'."
        if institution.type and institution.type not in INSTITUTION_TYPES:
            self.reader.add(file, at + "type", f"未知机构类型 '{institution.type}' (unknown type)")
        looks_sample = _looks_sample(institution)
        if looks_sample and not institution.sample:
            self.reader.add(
                file, at + "name",
                "看起来是示例数据，但文件没有标记 sample = true (sample-looking data in a file"
                " not marked sample)",
            )  # fmt: skip
        if institution.sample and not any(mark in institution.name for mark in SAMPLE_NAME_MARKS):
            self.reader.add(file, at + "name", "示例数据的名称应含“示例” (sample names must say 示例)")
        if institution.sample and not re.sub(r"\D", "", institution.phone).startswith(SAMPLE_PHONE_PREFIX):
            self.reader.add(file, at + "phone", "示例电话应以 000 开头 (sample phones must start with 000)")


def _looks_sample(institution: Institution) -> bool:
    text = f"{institution.name} {institution.address}".lower()
    phone = re.sub(r"\D", "", institution.phone)
    return any(mark in text for mark in SAMPLE_NAME_MARKS) or phone.startswith(SAMPLE_PHONE_PREFIX)
