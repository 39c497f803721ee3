"""The hand-off's secrets: sealing binds each blob to its link or code, a link's key is only in its
fragment, and the resume code's check digit catches every typing slip the keypad allows."""

from __future__ import annotations

import json

import pytest

from kiosk.handoff.crypto import CodeError, PhoneLink, ResumeCode, SealError, from_b64url, open_sealed, seal
from kiosk.handoff.remote import MemoryStore, UnknownCode
from kiosk.handoff.service import Draft, DraftUnreadable, save_draft, send_to_phone, take_draft


def test_a_sealed_blob_opens_only_with_its_key_and_its_own_context() -> None:
    link, other = PhoneLink.new(), PhoneLink.new()
    blob = seal("王小明".encode(), key=link.key, context=link.context)
    assert "王小明".encode() not in blob and blob[0] == 1
    assert open_sealed(blob, key=link.key, context=link.context) == "王小明".encode()
    with pytest.raises(SealError):
        open_sealed(blob, key=other.key, context=link.context)
    with pytest.raises(SealError):  # another link's bytes served under this link
        open_sealed(blob, key=link.key, context=other.context)
    with pytest.raises(SealError):
        open_sealed(blob[:-1] + bytes([blob[-1] ^ 1]), key=link.key, context=link.context)


def test_the_key_is_in_the_fragment_and_nowhere_else_in_the_link() -> None:
    link = PhoneLink.new()
    url = link.url("https://legal.example.gov.cn/lawpost/")
    path, fragment = url.split("#")
    assert path == f"https://legal.example.gov.cn/lawpost/h/{link.ident}"
    assert from_b64url(fragment) == link.key and len(link.key) == 32 and len(link.ident) == 22


def test_every_single_mistyped_digit_and_every_swap_of_neighbours_is_caught() -> None:
    code = ResumeCode.new()
    digits = code.digits
    assert ResumeCode.parse(code.grouped) == code and len(digits) == 13
    for i in range(13):
        for d in "0123456789":
            if d != digits[i]:
                with pytest.raises(CodeError):
                    ResumeCode.parse(digits[:i] + d + digits[i + 1:])
    for i in range(12):
        if digits[i] != digits[i + 1]:
            with pytest.raises(CodeError):
                ResumeCode.parse(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2:])
    for typed in ("", digits[:-1], digits + "0", "abcd" + digits[4:]):
        with pytest.raises(CodeError):
            ResumeCode.parse(typed)


def test_a_code_gives_the_same_look_up_and_key_everywhere_and_different_codes_differ() -> None:
    code = ResumeCode.new()
    lookup, key = code.derive()
    assert (lookup, key) == ResumeCode.parse(code.grouped).derive()
    assert len(lookup) == 32 and len(key) == 32 and code.digits not in lookup
    assert ResumeCode.new().derive()[0] != lookup


def test_a_draft_goes_and_comes_back_once_through_a_store() -> None:
    store = MemoryStore()
    draft = Draft(form_id="iou", answers={"lender.name": "李四", "claims": [{"amount": 5}]},
                  step_id="money", saved_at="2026-11-30T12:00:00+00:00")  # fmt: skip
    code = save_draft(store, draft, days=7)
    ((kind, _ident), blob), = store.items.items()
    assert kind == "draft" and "李四".encode() not in blob
    assert take_draft(store, code.digits) == draft
    with pytest.raises(UnknownCode):
        take_draft(store, code.digits)


def test_damaged_bytes_under_a_code_are_told_as_such() -> None:
    store = MemoryStore()
    code = save_draft(store, Draft("iou", {}, "money", ""), days=7)
    key = next(iter(store.items))
    store.items[key] = store.items[key][:-2] + b"xx"
    with pytest.raises(DraftUnreadable):
        take_draft(store, code.digits)


def test_a_phone_document_is_sealed_as_json_the_page_can_read() -> None:
    store = MemoryStore()
    sent = send_to_phone(store, {"title": "借条", "sections": []}, base_url="https://x.example",
                         hours=24, views=5)  # fmt: skip
    link = PhoneLink(ident=sent.url.split("/h/")[1].split("#")[0], key=from_b64url(sent.url.split("#")[1]))
    plain = open_sealed(store.items[("phone", link.ident)], key=link.key, context=link.context)
    assert json.loads(plain) == {"v": 1, "title": "借条", "sections": []}
