"""The ten registers: every field rule and cross-field rule of REGISTERS.md, named in messages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from desktop_app.domain.fields import Kind
from desktop_app.domain.register import COMMON_FIELDS, field_by_label
from desktop_app.domain.registers import BY_NAME, REGISTERS, get_register

TODAY = dt.date(2026, 11, 24)

# One valid record per register: the smallest that passes every rule.
VALID: dict[str, dict[str, Any]] = {
    "reception": {"date": "10/11/2026", "host_role": "chu_tich_ubnd", "citizen_name": "Nguyễn Văn An",
                  "people_count": 1, "content": "Hỏi về cấp giấy chứng nhận quyền sử dụng đất",
                  "classification": "kien_nghi", "action": "giai_thich"},
    "petition": {"received_date": "02/11/2026", "channel": "truc_tiep", "sender_name": "Lò Thị Hoà",
                 "kind": "khieu_nai", "subject_field": "dat_dai", "summary": "Khiếu nại về bồi thường"},
    "dialogue": {"date": "12/10/2026", "chair_role": "bi_thu", "topic": "Xây dựng nông thôn mới",
                 "opinions_raised": 10, "answered_on_spot": 6, "referred": 4, "resolved_after": 2},
    "voter_meeting": {"date": "01/10/2026", "kind": "truoc_ky_hop", "body": "hdnd_xa", "voters": 120,
                      "opinions": 12, "answered_at_meeting": 5, "forwarded_commune": 4},
    "exemplary_model": {"kind": "mo_hinh", "name": "Đường hoa nông thôn mới", "field": "van_hoa_xa_hoi",
                        "lead": "Chi hội Phụ nữ thôn Nà Áng", "start_date": "01/03/2026"},
    "supervision": {"date": "05/06/2026", "organization": "mttq", "activity": "giam_sat",
                    "subject": "Giám sát thực hiện chính sách", "recommendations": 5, "accepted": 5},
    "campaign": {"name": "Hiến đất làm đường", "kind": "giai_phong_mat_bang", "start_date": "01/04/2026",
                 "end_date": "30/04/2026", "households_affected": 20, "households_agreed": 18,
                 "households_handed_over": 18},
    "democracy": {"date": "15/05/2026", "kind": "ban_quyet_dinh", "content": "Góp vốn làm đường",
                  "agreement_percent": "85,7"},
    "prestigious_person": {"full_name": "Hoàng Văn Sình", "role": "gia_lang", "birth_year": 1950,
                           "ethnicity": "03"},
    "public_opinion": {"date": "20/09/2026", "topic": "Giá phân bón tăng", "category": "doi_song",
                       "mood": "quan_tam"},
}  # fmt: skip


def problems(register_name: str, **changes: Any) -> dict[str, str]:
    """{field: message} for the valid record of a register with ``changes`` applied."""
    register = get_register(register_name)
    record, found = register.read({**VALID[register_name], **changes})
    register.prepare(record)
    found += register.validate(record, TODAY)
    return {problem.field: problem.message for problem in found}


def test_there_are_ten_registers_in_the_order_the_program_lists_them():
    assert [r.name for r in REGISTERS] == [
        "reception", "petition", "dialogue", "voter_meeting", "exemplary_model",
        "supervision", "campaign", "democracy", "prestigious_person", "public_opinion",
    ]  # fmt: skip
    with pytest.raises(KeyError, match="reception"):
        get_register("unknown")


@pytest.mark.parametrize("name", list(VALID))
def test_the_valid_record_of_each_register_passes(name):
    assert problems(name) == {}


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.name)
def test_every_required_field_is_refused_empty_with_its_label(register):
    """Leaving out a required field names that field, by its Vietnamese label."""
    for field in register.fields:
        if field.required and field.default is None:
            found = problems(register.name, **{field.name: None})
            assert found.get(field.name) == f"«{field.label}» là bắt buộc.", field.name


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.name)
def test_declarations_are_complete(register):
    """Every field has a label, a kind, and choices with labels; no common field is redeclared."""
    assert register.title and register.short_title and register.source
    for field in register.fields:
        assert field.label and field.name not in COMMON_FIELDS
        if field.kind in (Kind.CHOICE, Kind.MULTI_CHOICE):
            assert field.choices and all(choice.label for choice in field.choices)
        assert field_by_label(register, field.label) is field


SENSITIVE = {
    "reception": {"citizen_name", "citizen_address", "citizen_id_number"},
    "petition": {"sender_name", "sender_address"},
    "prestigious_person": {"full_name", "ethnicity", "religion", "phone"},
}


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.name)
def test_sensitive_fields_are_the_personal_data_of_registers_md(register):
    assert {f.name for f in register.sensitive_fields} == SENSITIVE.get(register.name, set())


# ---------------------------------------------------------------- exemplary_model


def test_model_name_is_at_most_300_characters():
    assert "dài quá 300 ký tự" in problems("exemplary_model", name="x" * 301)["name"]


def test_recognised_model_needs_level_and_date():
    found = problems("exemplary_model", status="cong_nhan")
    assert found["recognition_level"] == "«Cấp công nhận» là bắt buộc khi trạng thái là «Được công nhận»."
    assert found["recognition_date"].startswith("«Ngày công nhận» là bắt buộc")
    assert problems("exemplary_model", status="cong_nhan", recognition_level="xa",
                    recognition_date="01/10/2026") == {}  # fmt: skip


def test_model_dates_are_in_order():
    assert problems("exemplary_model", end_date="01/01/2026")["end_date"] == (
        "«Ngày kết thúc» không được trước «Ngày bắt đầu»."
    )
    found = problems("exemplary_model", status="cong_nhan", recognition_level="tinh", recognition_date="01/01/2026")
    assert found["recognition_date"] == "«Ngày công nhận» không được trước «Ngày bắt đầu»."


def test_model_money_is_never_negative():
    assert "không được là số âm" in problems("exemplary_model", funding_vnd=-1)["funding_vnd"]


# ---------------------------------------------------------------- reception


def test_reception_date_not_in_the_future():
    assert problems("reception", date="25/11/2026")["date"] == "«Ngày tiếp» không được là ngày trong tương lai."


def test_reception_identity_number_is_cccd_cmnd_or_passport():
    for good in ("001203004567", "012345678", "C1234567"):
        assert problems("reception", citizen_id_number=good) == {}, good
    for bad in ("12345", "0012030045678", "số 12"):
        assert "CCCD 12 chữ số" in problems("reception", citizen_id_number=bad)["citizen_id_number"], bad


def test_reception_transfer_needs_the_receiving_body():
    found = problems("reception", action="chuyen_don")
    assert found["transferred_to"] == "«Chuyển đến cơ quan» là bắt buộc khi hướng xử lý là «Chuyển đơn»."
    assert problems("reception", action="chuyen_don", transferred_to="Công an xã") == {}


def test_reception_has_at_least_one_person():
    assert problems("reception", people_count=0)["people_count"] == "«Số người» phải từ 1 trở lên."


# ---------------------------------------------------------------- petition


def test_petition_sender_required_unless_anonymous():
    assert problems("petition", sender_name=None)["sender_name"] == (
        "«Người gửi / đứng đơn» là bắt buộc trừ khi là đơn nặc danh."
    )
    assert problems("petition", sender_name=None, anonymous="có") == {}


def test_petition_received_date_not_in_the_future():
    assert "tương lai" in problems("petition", received_date="01/12/2026")["received_date"]


def test_petition_instance_only_for_complaints():
    assert problems("petition", instance="lan_hai") == {}
    assert problems("petition", kind="kien_nghi", instance="lan_dau")["instance"] == (
        "«Lần giải quyết» chỉ ghi cho đơn khiếu nại."
    )


def test_petition_acceptance_date_required_for_thu_ly_and_not_before_receipt():
    assert problems("petition", handling="thu_ly")["accepted_date"].startswith("«Ngày thụ lý» là bắt buộc")
    assert problems("petition", handling="thu_ly", accepted_date="01/11/2026")["accepted_date"] == (
        "«Ngày thụ lý» không được trước «Ngày nhận»."
    )


def test_petition_extension_only_for_denunciations_and_only_0_30_60():
    assert problems("petition", kind="to_cao", extension_days=30) == {}
    assert "chỉ ghi cho đơn tố cáo" in problems("petition", extension_days=30)["extension_days"]
    assert "0, 30, 60" in problems("petition", kind="to_cao", extension_days=45)["extension_days"]


def test_petition_resolved_needs_a_resolution_date_after_receipt_and_acceptance():
    assert "là bắt buộc" in problems("petition", status="da_giai_quyet")["resolved_date"]
    assert problems("petition", status="da_giai_quyet", resolved_date="01/11/2026")["resolved_date"] == (
        "«Ngày giải quyết xong» không được trước «Ngày nhận»."
    )
    found = problems("petition", handling="thu_ly", accepted_date="10/11/2026", status="da_giai_quyet",
                     resolved_date="05/11/2026")  # fmt: skip
    assert found["resolved_date"] == "«Ngày giải quyết xong» không được trước «Ngày thụ lý»."


def test_petition_signers_at_least_one():
    assert "phải từ 1 trở lên" in problems("petition", signers_count=0)["signers_count"]


def test_denunciation_keeps_the_sender_secret_by_default():
    """Luật Tố cáo 2018: a denouncer's identity is kept secret unless the officer says otherwise."""
    register = get_register("petition")
    record = register.prepare(register.read({**VALID["petition"], "kind": "to_cao"})[0])
    assert record["identity_confidential"] is True
    record = register.prepare(register.read(VALID["petition"])[0])
    assert record["identity_confidential"] is False
    raw = {**VALID["petition"], "kind": "to_cao", "identity_confidential": "không"}
    record = register.prepare(register.read(raw)[0])
    assert record["identity_confidential"] is False


def test_petition_deadline_is_computed_never_typed():
    register = get_register("petition")
    assert not register.field("deadline").editable
    record, _ = register.read({**VALID["petition"], "deadline": "01/01/2030"})
    register.prepare(record)
    assert record["deadline"] == dt.date(2026, 11, 12)


# ---------------------------------------------------------------- dialogue


def test_dialogue_answers_never_exceed_opinions():
    assert problems("dialogue", answered_on_spot=11)["answered_on_spot"] == (
        "«Giải đáp tại chỗ» không được lớn hơn «Số ý kiến, kiến nghị»."
    )
    assert problems("dialogue", referred=5)["referred"] == (
        "Tổng «Giải đáp tại chỗ», «Tiếp thu, chuyển giải quyết» không được lớn hơn «Số ý kiến, kiến nghị»."
    )
    assert problems("dialogue", resolved_after=5)["resolved_after"] == (
        "«Đã giải quyết sau đối thoại» không được lớn hơn «Tiếp thu, chuyển giải quyết»."
    )


# ---------------------------------------------------------------- voter_meeting


def test_voter_meeting_answers_and_forwards_within_opinions():
    assert "không được lớn hơn «Số ý kiến, kiến nghị»" in problems(
        "voter_meeting", answered_at_meeting=13)["answered_at_meeting"]  # fmt: skip
    found = problems("voter_meeting", forwarded_province=2, forwarded_central=2)
    assert found["forwarded_central"].startswith("Tổng «Giải trình tại hội nghị», «Chuyển cấp xã»")
    assert problems("voter_meeting", forwarded_province=1, forwarded_central=2) == {}


# ---------------------------------------------------------------- supervision, campaign


def test_supervision_accepted_within_recommendations():
    assert problems("supervision", accepted=6)["accepted"] == (
        "«Số kiến nghị được tiếp thu» không được lớn hơn «Số kiến nghị»."
    )


def test_campaign_households_and_dates():
    assert "«Số hộ đồng thuận» không được lớn hơn «Số hộ bị ảnh hưởng»" in problems(
        "campaign", households_agreed=21, households_handed_over=0)["households_agreed"]  # fmt: skip
    assert "«Số hộ bàn giao mặt bằng» không được lớn hơn «Số hộ đồng thuận»" in problems(
        "campaign", households_handed_over=19)["households_handed_over"]  # fmt: skip
    assert problems("campaign", end_date="31/03/2026")["end_date"] == "«Đến ngày» không được trước «Từ ngày»."


# ---------------------------------------------------------------- democracy, prestigious_person


def test_agreement_is_a_percentage():
    assert problems("democracy", agreement_percent="85,7") == {}
    assert "không được lớn hơn 100" in problems("democracy", agreement_percent=101)["agreement_percent"]
    assert "phải từ 0 trở lên" in problems("democracy", agreement_percent=-1)["agreement_percent"]


def test_birth_year_between_1900_and_this_year():
    assert "phải từ 1900" in problems("prestigious_person", birth_year=1899)["birth_year"]
    assert "không được sau năm nay" in problems("prestigious_person", birth_year=2027)["birth_year"]


def test_prestigious_person_active_by_default_and_54_ethnic_groups():
    register = BY_NAME["prestigious_person"]
    assert register.prepare({})["active"] is True
    groups = register.field("ethnicity").choices
    assert len(groups) == 54 and groups[0].label == "Kinh"
    assert register.field("religion").choice("khong").label == "Không"
    assert problems("prestigious_person", ethnicity="Tày") == {}
