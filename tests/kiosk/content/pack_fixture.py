"""A small but real content source tree (a few laws, two topics) for pack and search tests."""

from __future__ import annotations

import shutil
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
CONTENT = REPO / "assets" / "content"

# Laws of the fixture pack: the real decisions from laws.toml for these names only.
FIXTURE_LAWS = (
    "中华人民共和国民法典",
    "中华人民共和国劳动合同法",
    "中华人民共和国劳动争议调解仲裁法",
    "中华人民共和国邮政法",
    "中华人民共和国消费者权益保护法",
    "中华人民共和国农村土地承包法",
    "中华人民共和国农业法",
    "中华人民共和国医疗保障法",
    "工伤保险条例",
)

DISCLAIMER = "以下是一般法律知识，具体情况请咨询律师或拨打12348。"

TOPICS = """
[[topic]]
id = "rent"
title = "租房纠纷"
title_en = "Renting"
subtitle = "押金不退、房东收房，先看这里"
subtitle_en = "Deposits and landlords"
icon = "home"

[[topic]]
id = "wages"
title = "讨要工资"
title_en = "Unpaid wages"
subtitle = "老板拖欠工资怎么办"
subtitle_en = "Getting your wages"
icon = "coin"
"""

GUIDES = {
    ("rent", "rent-deposit"): {
        "title": "房东不退押金怎么办",
        "summary": "房东没有正当理由扣押金，属于违约，您可以要求退还。" + DISCLAIMER,
        "where": ["村（居）委会、人民调解委员会", "基层人民法院"],
        "keywords": ["押金", "不退押金", "房东", "租房"],
        "related": ["rent-repair"],
        "citations": [
            ("中华人民共和国民法典", 577, "不履行合同义务应承担违约责任"),
            ("中华人民共和国民法典", 509, "应当全面履行义务"),
        ],
    },
    ("rent", "rent-repair"): {
        "title": "租的房子坏了房东不修",
        "summary": "出租人有维修义务。" + DISCLAIMER,
        "where": ["人民调解委员会"],
        "keywords": ["维修", "房东", "漏水"],
        "related": ["rent-deposit"],
        "citations": [
            ("中华人民共和国民法典", 712, "出租人应当履行维修义务"),
            ("中华人民共和国民法典", 713, "承租人可以自行维修"),
        ],
    },
    ("wages", "wages-unpaid"): {
        "title": "老板拖欠工资怎么要回来",
        "summary": "用人单位应当及时足额支付劳动报酬。" + DISCLAIMER,
        "where": ["劳动人事争议仲裁委员会", "劳动保障监察大队"],
        "keywords": ["工资", "欠薪", "讨薪", "老板"],
        "related": [],
        "citations": [
            ("中华人民共和国劳动合同法", 30, "及时足额支付劳动报酬"),
            ("中华人民共和国劳动合同法", 85, "拖欠劳动报酬的法律责任"),
        ],
    },
    ("wages", "wages-arbitration"): {
        "title": "怎样申请劳动仲裁",
        "summary": "劳动争议可以申请仲裁，仲裁不收费。" + DISCLAIMER,
        "where": ["劳动人事争议仲裁委员会"],
        "keywords": ["劳动仲裁", "仲裁", "时效"],
        "related": ["wages-unpaid"],
        "citations": [
            ("中华人民共和国劳动争议调解仲裁法", 27, "仲裁时效一年"),
            ("中华人民共和国劳动争议调解仲裁法", 53, "仲裁不收费"),
        ],
    },
}

FAQ = {
    "rent": """
[[faq]]
id = "deposit-deducted"
question = "退房时房东扣了押金怎么办"
answer = "先看合同怎么约定。房东无正当理由不退，属于违约，可以调解或起诉。"
guide = "rent-deposit"
citations = [{ law = "中华人民共和国民法典", article = 577 }]
""",
    "wages": """
[[faq]]
id = "arbitration-fee"
question = "申请劳动仲裁要交钱吗"
answer = "不要钱。劳动争议仲裁不收费。"
guide = "wages-arbitration"
citations = [{ law = "中华人民共和国劳动争议调解仲裁法", article = 53 }]
""",
}

# Visitors' phrases for two articles (assets/content/lay_phrases/ in the real content).
LAY_PHRASES = """
law = "中华人民共和国民法典"

[articles]
1079 = ["日子过不下去了想分开", "两口子天天吵架想散伙"]
721 = ["房租什么时候交", "租房没说哪天交钱"]
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
phone = "000-12348"
hours = "周一至周五 9:00-17:00"

[[institution]]
id = "sample-judicial-office"
name = "示例镇司法所"
type = "judicial_office"
township = "示例镇"
address = "示例镇人民路2号"
phone = "000-5550101"
hours = "周一至周五 9:00-17:00"
"""


def _toml_value(value: object) -> str:
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise TypeError(value)


def _laws_toml(names: tuple[str, ...]) -> str:
    plan = tomllib.loads((CONTENT / "laws.toml").read_text("utf-8"))
    lines = ["[source]"] + [f"{k} = {_toml_value(v)}" for k, v in plan["source"].items()]
    for law in plan["law"]:
        if law["name"] in names:
            lines.append("\n[[law]]")
            lines += [f"{k} = {_toml_value(v)}" for k, v in law.items()]
    return "\n".join(lines) + "\n"


def write_content(root: Path, *, laws: tuple[str, ...] = FIXTURE_LAWS) -> Path:
    """Write a valid content source tree to `root` and return it."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "topics.toml").write_text(TOPICS, encoding="utf-8")
    for (topic, guide_id), guide in GUIDES.items():
        folder = root / "guides" / topic
        folder.mkdir(parents=True, exist_ok=True)
        lines = [
            f"id = {_toml_value(guide_id)}", f"topic = {_toml_value(topic)}",
            f"title = {_toml_value(guide['title'])}", 'title_en = "Guide"',
            f"summary = {_toml_value(guide['summary'])}",
            'steps = ["准备好证据。", "先协商，再调解。", "调解不成可以起诉或申请仲裁。"]',
            'documents = ["身份证", "合同或聊天记录"]',
            f"where = {_toml_value(guide['where'])}", "time_limits = []",
            f"related = {_toml_value(guide['related'])}",
            f"keywords = {_toml_value(guide['keywords'])}",
        ]  # fmt: skip
        for law, article, note in guide["citations"]:
            lines += ["", "[[citations]]", f"law = {_toml_value(law)}",
                      f"article = {article}", f"note = {_toml_value(note)}"]  # fmt: skip
        (folder / f"{guide_id}.toml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "faq").mkdir(exist_ok=True)
    for topic, text in FAQ.items():
        (root / "faq" / f"{topic}.toml").write_text(text, encoding="utf-8")
    (root / "lay_phrases").mkdir(exist_ok=True)
    (root / "lay_phrases" / "民法典.toml").write_text(LAY_PHRASES, encoding="utf-8")
    (root / "directory").mkdir(exist_ok=True)
    (root / "directory" / "sample.toml").write_text(DIRECTORY, encoding="utf-8")
    shutil.copyfile(CONTENT / "synonyms.toml", root / "synonyms.toml")
    (root / "laws.toml").write_text(_laws_toml(laws), encoding="utf-8")
    return root
