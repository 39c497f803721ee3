"""The hundred most common Chinese surnames, most common first: the name box offers them as tiles
so a visitor taps 王 instead of spelling wang and picking 王 from the Pinyin candidates.

Order after the national household-registration name report (公安部户政管理研究中心《二〇二〇年全国
姓名报告》, top 100): the first twenty cover about half of the population, the hundred about
85 %. The exact ranks below the top twenty move a little from year to year; a name whose surname is
not here (or is a compound one such as 欧阳) is still typed in Pinyin as before.
"""

from __future__ import annotations

COMMON_SURNAMES: tuple[str, ...] = tuple(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩邓冯曹"
    "彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任卢姚沈钟姜崔谭陆范汪廖"
    "石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵"
    "万覃武钱戴严莫孔向常"
)

# Fields that hold a person's name: the person blocks' name and legal representative, and a
# plain field whose id ends the same way (respondent.name: a person or a company, the tiles only
# help when it is a person and cost nothing when it is not).
NAME_PARTS = frozenset({"name", "legal_rep"})


def holds_a_name(field_id: str) -> bool:
    return field_id.rsplit(".", 1)[-1] in NAME_PARTS
