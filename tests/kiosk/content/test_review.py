"""Review records: real pack builds refuse unreviewed and stale entries; status ordering; the CLI."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from kiosk.content.pack import CONTENT_DIR, PackError, build_pack
from kiosk.content.review import (
    REVIEWED,
    STALE,
    UNREVIEWED,
    Entry,
    LawVersion,
    Review,
    ReviewError,
    load_reviews,
    needing_review,
    pack_statuses,
    record_toml,
    reviews_file_for,
    source_entries,
    statuses,
)
from lawpost.cli import main

DAY = dt.date(2026, 12, 1)
CIVIL = "中华人民共和国民法典"


@pytest.fixture(scope="module")
def entries() -> list[Entry]:
    return source_entries(CONTENT_DIR)


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A copy of the real content sources without any review records."""
    target = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, target, ignore=shutil.ignore_patterns("reviews"))
    return target


def _sign(content: Path, entries: list[Entry], *, kind: str = "lawyer") -> None:
    for entry in entries:
        path = content / reviews_file_for(entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as handle:
            handle.write(record_toml(entry, kind=kind, reviewer="测试律师（示例律师事务所）", date=DAY))


def _faq_answer(content: Path, faq_id: str, new_answer: str) -> None:
    path = content / "faq" / "consumer.toml"
    text = path.read_text("utf-8")
    start = text.index(f'id = "{faq_id}"')
    begin = text.index('answer = "', start) + len('answer = "')
    end = text.index('"\n', begin)
    path.write_text(text[:begin] + new_answer + text[end:], "utf-8")


def test_require_review_refuses_an_unreviewed_pack_and_writes_nothing(content: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack"
    with pytest.raises(PackError) as refused:
        build_pack(content_dir=content, out_dir=out, require_review=True)
    message = str(refused.value)
    assert "[unreviewed] faq:consumer-deposit-double" in message
    assert "[unreviewed] guide:inheritance-no-will" in message
    assert "没有律师审核记录" in message and "lawpost content review-status" in message
    assert not out.exists()


def test_content_checks_do_not_count_as_a_lawyers_sign_off(
    content: Path, tmp_path: Path, entries: list[Entry]
) -> None:
    _sign(content, entries, kind="content-check")
    with pytest.raises(PackError, match=r"\[unreviewed\] faq:consumer-deposit-double"):
        build_pack(content_dir=content, out_dir=tmp_path / "pack", require_review=True)


def test_signed_pack_builds_then_an_edit_makes_exactly_that_entry_stale(
    content: Path, tmp_path: Path, entries: list[Entry]
) -> None:
    _sign(content, entries)
    out = tmp_path / "pack"
    build_pack(content_dir=content, out_dir=out, require_review=True)
    found = pack_statuses(out)
    assert found is not None and {s.state for s in found} == {REVIEWED}

    _faq_answer(content, "consumer-deposit-double", "改过的回答：定金可以双倍返还。")
    with pytest.raises(PackError) as refused:
        build_pack(content_dir=content, out_dir=tmp_path / "pack2", require_review=True)
    lines = [line for line in str(refused.value).splitlines() if line.startswith("  - ")]
    assert len(lines) == 1
    assert "[stale] faq:consumer-deposit-double" in lines[0] and "entry changed after review" in lines[0]
    # Without --require-review the pack builds and carries the stale state for the console; the
    # records file is unchanged by the edit, so a delta update moves only content.json.
    build_pack(content_dir=content, out_dir=tmp_path / "pack3")
    assert (tmp_path / "pack3" / "reviews.json").read_bytes() == (out / "reviews.json").read_bytes()
    stale = [s for s in pack_statuses(tmp_path / "pack3") or [] if s.state != REVIEWED]
    assert [s.entry.id for s in stale] == ["faq:consumer-deposit-double"]


def test_a_changed_law_version_makes_the_review_stale(
    content: Path, tmp_path: Path, entries: list[Entry]
) -> None:
    # The lawyer read the guide against an older text of the civil code: every entry citing it is
    # stale, the others stay reviewed.
    _sign(content, entries)
    path = content / "reviews" / "consumer.toml"
    path.write_text(
        path.read_text("utf-8").replace('version_date = "2020-05-28"', 'version_date = "2019-01-01"')
    )
    out = tmp_path / "pack"
    build_pack(content_dir=content, out_dir=out)
    by_id = {s.entry.id: s for s in pack_statuses(out) or []}
    deposit = by_id["faq:consumer-deposit-double"]
    assert deposit.state == STALE
    assert any("审核时 2019-01-01" in r and "现在 2020-05-28" in r for r in deposit.reasons)
    assert by_id["guide:bad-goods"].state in (REVIEWED, STALE)
    assert by_id["faq:contract-double-pay"].state == REVIEWED  # another topic, another file


def test_law_version_change_in_the_pack_data_is_detected() -> None:
    entry = Entry("faq:x", "faq", "q", "h1", 10, 100, (LawVersion(CIVIL, "7772c5d4af34", "2020-05-28"),))
    read = Review(
        "faq:x", "h1", "lawyer", "律师", "2026-12-01", (LawVersion(CIVIL, "7772c5d4af34", "2020-05-28"),)
    )
    assert statuses([entry], [read])[0].state == REVIEWED
    amended = Entry("faq:x", "faq", "q", "h1", 10, 100, (LawVersion(CIVIL, "aaaaaaaaaaaa", "2027-03-01"),))
    (status,) = statuses([amended], [read])
    assert status.state == STALE and "cited law changed since review" in status.reasons[0]
    missing = Review("faq:x", "h1", "lawyer", "律师", "2026-12-01", ())
    assert "law not reviewed against" in statuses([entry], [missing])[0].reasons[0]


def test_the_latest_lawyer_record_decides() -> None:
    law = (LawVersion(CIVIL, "id", "v"),)
    entry = Entry("faq:x", "faq", "q", "new", 10, 0, law)
    old = Review("faq:x", "old", "lawyer", "律师", "2026-01-01", law)
    new = Review("faq:x", "new", "lawyer", "律师", "2026-06-01", law)
    assert statuses([entry], [new, old])[0].state == REVIEWED
    assert statuses([entry], [old])[0].state == STALE


def test_needing_review_is_smallest_first_and_skips_reviewed() -> None:
    law = (LawVersion(CIVIL, "id", "v"),)
    big = Entry("guide:big", "guide", "t", "h", 900, 2000, law)
    small = Entry("lay:x:1", "lay", "t", "h", 20, 30, law)
    middle = Entry("faq:m", "faq", "t", "h", 80, 100, law)
    done = Entry("faq:done", "faq", "t", "h", 1, 1, law)
    signed = Review("faq:done", "h", "lawyer", "律师", "2026-12-01", law)
    ordered = needing_review(statuses([big, small, middle, done], [signed]))
    assert [s.entry.id for s in ordered] == ["lay:x:1", "faq:m", "guide:big"]
    assert [s.size for s in ordered] == [50, 180, 2900]


def test_review_status_command_lists_smallest_first(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            ["content", "review-status", "--content", str(content), "--kind", "faq", "--json", "--limit", "0"]
        )
        == 0
    )
    report = json.loads(capsys.readouterr().out)
    sizes = [row["chars"] + row["article_chars"] for row in report["entries"]]
    assert sizes == sorted(sizes) and len(sizes) == report["summary"]["faq"][UNREVIEWED] > 90
    assert {row["state"] for row in report["entries"]} == {UNREVIEWED}


def test_review_record_command_appends_a_record_that_signs_the_entry(
    content: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["content", "review-record", "--content", str(content), "--date", "2026-12-01"]
    assert main([*args, "--kind", "lawyer", "--reviewer", "张律师", "faq:consumer-deposit-double"]) == 0
    text = (content / "reviews" / "consumer.toml").read_text("utf-8")
    assert 'entry = "faq:consumer-deposit-double"' in text and 'kind = "lawyer"' in text
    assert f'{{ law = "{CIVIL}", law_id = "7772c5d4af34", version_date = "2020-05-28" }}' in text
    found = {s.entry.id: s for s in statuses(source_entries(content), load_reviews(content))}
    assert found["faq:consumer-deposit-double"].state == REVIEWED
    assert found["faq:consumer-appliance-broken"].state == UNREVIEWED
    assert main([*args, "--kind", "lawyer", "--reviewer", "张律师", "faq:no-such-entry"]) == 2


def test_malformed_records_fail_loudly(content: Path) -> None:
    (content / "reviews").mkdir()
    (content / "reviews" / "x.toml").write_text('[[review]]\nentry = "faq:a"\nhash = "h"\nkind = "lawer"\n'
                                                'reviewer = "某"\ndate = 2026-12-01\n', "utf-8")  # fmt: skip
    with pytest.raises(ReviewError, match="kind"):
        load_reviews(content)


def test_the_committed_records_are_content_checks_only() -> None:
    # Nobody on the team is a practising lawyer: no committed record may claim a lawyer's review.
    records = load_reviews(CONTENT_DIR)
    assert records, "the corrected entries carry content-check records"
    assert {r.kind for r in records} == {"content-check"}
    assert {r.reviewer for r in records} == {"LawPost 内容组"}


def test_pack_build_command_refuses_with_the_list_and_reports_the_review_share(
    content: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "pack"
    args = ["pack", "build", "--content", str(content), "--out", str(out)]
    assert main([*args, "--require-review"]) == 2
    err = capsys.readouterr().err
    assert "未生成内容包" in err and "[unreviewed] guide:online-return" in err
    assert not out.exists()
    assert main(args) == 0
    assert "review: 0 of " in capsys.readouterr().out


def test_how_visitors_ask_can_change_without_a_new_review(
    content: Path, tmp_path: Path, entries: list[Entry]
) -> None:
    # A guide's `asked` phrasings steer search and state no rule: adding one leaves the signed
    # guide reviewed, while an edit to its text (the control) makes it stale.
    _sign(content, entries)
    guide = content / "guides" / "family-support" / "child-support.toml"
    text = guide.read_text("utf-8")
    guide.write_text(text.replace("asked = [\n", 'asked = [\n  "娃他爹外出打工不寄钱回来",\n', 1), "utf-8")
    build_pack(content_dir=content, out_dir=tmp_path / "pack", require_review=True)
    assert {s.state for s in pack_statuses(tmp_path / "pack") or []} == {REVIEWED}

    guide.write_text(text.replace('title = "', 'title = "改过的', 1), "utf-8")
    with pytest.raises(PackError, match="guide:child-support"):
        build_pack(content_dir=content, out_dir=tmp_path / "pack2", require_review=True)
