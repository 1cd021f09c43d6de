"""Realistic sample records for every register, deterministic for a given seed.

Used by a newcomer's first look (``danvan demo``), by the tests and by the benchmarks. Every
generated record passes the same validation as a typed one before it is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import uuid as uuidlib
from collections.abc import Callable
from typing import Any

from desktop_app.domain.l10n import _
from desktop_app.domain.register import Register, problems_text
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.roles import Right
from desktop_app.domain.units import Unit, communes_under
from desktop_app.services import accounts, audit, unit_setup
from desktop_app.store import records as store

SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
            "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Lò", "Hà", "Nông", "Triệu")  # fmt: skip
MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quang", "Công", "Xuân", "Thanh")
MIDDLE_FEMALE = ("Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mai")
GIVEN_MALE = ("An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Khánh", "Long", "Nam", "Phúc", "Quân",
              "Sơn", "Thắng", "Tuấn", "Việt", "Hòa", "Đạt", "Lực")  # fmt: skip
GIVEN_FEMALE = ("Hà", "Hạnh", "Hoa", "Lan", "Linh", "Mai", "Nga", "Thảo", "Thủy", "Trang", "Vân",
                "Yến", "Hương", "Nhung", "Huyền", "Loan")  # fmt: skip
DEFAULT_HAMLETS = ("Thôn Đồng Tâm", "Thôn Tân Lập", "Bản Khe Mạ", "Thôn Nà Sa", "Tổ dân phố 1",
                   "Tổ dân phố 2", "Thôn Bắc Sơn", "Bản Hoành Mô")  # fmt: skip

RECEPTION_TOPICS = (
    "Đề nghị cấp giấy chứng nhận quyền sử dụng đất",
    "Phản ánh việc lấn chiếm đường đi chung của thôn",
    "Khiếu nại mức bồi thường khi thu hồi đất làm đường",
    "Kiến nghị sửa chữa cầu tràn qua suối",
    "Đề nghị xem xét chế độ hộ nghèo",
    "Tố cáo việc khai thác cát trái phép trên sông",
    "Phản ánh ô nhiễm từ trại chăn nuôi lợn",
    "Đề nghị hỗ trợ nhà ở cho hộ gia đình chính sách",
)
MODEL_NAMES = (
    "Nuôi dê sinh sản và thương phẩm", "Đường hoa nông thôn mới", "Camera an ninh thôn",
    "Tổ tự quản bảo vệ môi trường", "Hũ gạo tình thương", "Trồng quế theo chuỗi giá trị",
    "Dân vận khéo trong giải phóng mặt bằng", "Chi hội phụ nữ không rác thải nhựa",
    "Dòng họ khuyến học", "Thắp sáng đường quê",
)  # fmt: skip
DIALOGUE_TOPICS = ("Bồi thường, hỗ trợ tái định cư", "Xây dựng nông thôn mới", "Cải cách thủ tục hành chính",
                   "Quản lý đất đai, xây dựng", "Chuyển đổi số ở thôn, bản")  # fmt: skip
CAMPAIGN_NAMES = ("Tuyên truyền cài đặt VNeID", "Vận động hiến đất làm đường", "Quyên góp Quỹ Vì người nghèo",
                  "Giải phóng mặt bằng tuyến đường tỉnh", "Tuyên truyền phòng chống ma túy")  # fmt: skip
OPINION_TOPICS = ("Giá phân bón tăng", "Tiến độ làm đường liên thôn", "Chính sách bảo hiểm y tế",
                  "Tình hình trộm cắp gia súc", "Sinh hoạt tôn giáo dịp lễ", "Tranh chấp đất rừng")  # fmt: skip
SUBJECTS = ("Thực hiện chính sách hỗ trợ hộ nghèo", "Đầu tư xây dựng nhà văn hóa thôn",
            "Công khai thu chi các khoản đóng góp", "Dự thảo quy hoạch sử dụng đất")  # fmt: skip

# How many records of each register a commune keeps, relative to each other.
WEIGHTS = {"reception": 30, "petition": 25, "dialogue": 4, "voter_meeting": 4, "exemplary_model": 5,
           "supervision": 6, "campaign": 6, "democracy": 8, "prestigious_person": 3, "public_opinion": 9}  # fmt: skip


class DemoError(ValueError):
    pass


class _Maker:
    """Makes the raw values of one record of each register."""

    def __init__(self, rng: random.Random, start: dt.date, end: dt.date, hamlets: list[str]) -> None:
        self.rng, self.start, self.end, self.hamlets = rng, start, end, hamlets

    def day(self) -> dt.date:
        return self.start + dt.timedelta(days=self.rng.randrange((self.end - self.start).days + 1))

    def name(self) -> str:
        rng = self.rng
        if rng.random() < 0.5:
            return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
        return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"

    def address(self) -> str:
        return self.rng.choice(self.hamlets)

    def counts(self, total: int, parts: int) -> list[int]:
        values = []
        for _count in range(parts):
            share = self.rng.randint(0, total)
            values.append(share)
            total -= share
        return values

    def reception(self) -> dict[str, Any]:
        rng = self.rng
        action = rng.choice(("thu_ly", "tra_lai_huong_dan", "chuyen_don", "giai_thich"))
        people = 1 if rng.random() < 0.8 else rng.randint(2, 12)
        return {
            "date": self.day(), "session_type": rng.choice(("thuong_xuyen", "dinh_ky", "dot_xuat")),
            "host_role": rng.choice(("bi_thu", "chu_tich_ubnd", "pho_chu_tich_ubnd", "can_bo_tiep_dan")),
            "host_name": self.name(), "citizen_name": self.name(), "citizen_address": self.address(),
            "citizen_id_number": "".join(str(rng.randrange(10)) for _count in range(12)),
            "people_count": people, "content": rng.choice(RECEPTION_TOPICS),
            "classification": rng.choice(("khieu_nai", "to_cao", "kien_nghi", "phan_anh", "khac")),
            "action": action, "transferred_to": "Phòng Tài nguyên và Môi trường" if action == "chuyen_don" else None,
        }  # fmt: skip

    def petition(self) -> dict[str, Any]:
        rng = self.rng
        received = self.day()
        kind = rng.choice(("khieu_nai", "to_cao", "kien_nghi", "phan_anh", "khieu_nai", "kien_nghi"))
        anonymous = kind == "to_cao" and rng.random() < 0.2
        record: dict[str, Any] = {
            "received_date": received, "channel": rng.choice(("truc_tiep", "buu_chinh", "chuyen_den", "tiep_cong_dan")),
            "anonymous": anonymous, "sender_name": None if anonymous else self.name(),
            "sender_address": self.address(), "signers_count": 1 if rng.random() < 0.85 else rng.randint(2, 20),
            "kind": kind,
            "subject_field": rng.choice(("dat_dai", "chinh_sach_xa_hoi", "hanh_chinh", "moi_truong", "khac")),
            "summary": rng.choice(RECEPTION_TOPICS), "eligible": True, "in_jurisdiction": rng.random() < 0.7,
        }  # fmt: skip
        age = (self.end - received).days
        if age < 8 and rng.random() < 0.6:
            record["status"] = "moi_nhan"
            return record
        record["handling"] = rng.choice(("thu_ly", "thu_ly", "thu_ly", "chuyen_don", "huong_dan", "luu_don"))
        if record["handling"] == "thu_ly" and not record["in_jurisdiction"]:
            record["handling"] = "chuyen_don"  # outside its competence a commune transfers, never takes up
        if record["handling"] != "thu_ly":
            record["status"] = "da_chuyen" if record["handling"] == "chuyen_don" else "luu"
            return record
        accepted = min(received + dt.timedelta(days=rng.randint(1, 9)), self.end)
        record["accepted_date"] = accepted
        if kind == "khieu_nai":
            record["instance"] = "lan_dau" if rng.random() < 0.85 else "lan_hai"
            record["complex_case"] = rng.random() < 0.2
        if kind == "to_cao":
            record["extension_days"] = rng.choice((0, 0, 0, 30))
        finish = accepted + dt.timedelta(days=rng.randint(5, 50))
        if finish <= self.end and rng.random() < 0.75:  # a quarter stay open: some run overdue
            record.update(status="da_giai_quyet", resolved_date=finish,
                          result=rng.choice(("dung", "dung_mot_phan", "sai", "rut_don")))  # fmt: skip
        else:
            record["status"] = "dang_giai_quyet"
        return record

    def dialogue(self) -> dict[str, Any]:
        rng = self.rng
        opinions = rng.randint(3, 40)
        answered, referred, _rest = self.counts(opinions, 3)
        return {
            "date": self.day(), "chair_role": rng.choice(("bi_thu", "chu_tich_ubnd")), "chair_name": self.name(),
            "topic": rng.choice(DIALOGUE_TOPICS), "venue": f"Nhà văn hóa {self.address()}",
            "participants": rng.randint(30, 200), "opinions_raised": opinions, "answered_on_spot": answered,
            "referred": referred, "resolved_after": rng.randint(0, referred),
            "conclusion": "Tiếp thu ý kiến, giao các ngành rà soát và trả lời bằng văn bản.",
        }  # fmt: skip

    def voter_meeting(self) -> dict[str, Any]:
        rng = self.rng
        opinions = rng.randint(5, 60)
        answered, commune, province, central, _ = self.counts(opinions, 5)
        return {
            "date": self.day(), "kind": rng.choice(("truoc_ky_hop", "sau_ky_hop", "chuyen_de")),
            "body": rng.choice(("quoc_hoi", "hdnd_tinh", "hdnd_xa")), "delegates": f"{self.name()}, {self.name()}",
            "venue": f"Hội trường {self.address()}", "voters": rng.randint(50, 400), "opinions": opinions,
            "answered_at_meeting": answered, "forwarded_commune": commune, "forwarded_province": province,
            "forwarded_central": central, "main_issues": "Đất đai, giao thông nông thôn, chính sách an sinh.",
        }  # fmt: skip

    def exemplary_model(self) -> dict[str, Any]:
        rng = self.rng
        start = self.day()
        status = rng.choice(("dang_ky", "trien_khai", "danh_gia", "cong_nhan", "cong_nhan", "khong_dat"))
        record = {
            "kind": rng.choice(("mo_hinh", "mo_hinh", "dien_hinh")), "name": rng.choice(MODEL_NAMES),
            "field": rng.choice(("kinh_te", "van_hoa_xa_hoi", "quoc_phong_an_ninh", "xay_dung_he_thong_chinh_tri")),
            "lead": f"Chi hội Nông dân {self.address()}", "partners": "Hội Phụ nữ, Đoàn Thanh niên",
            "area_beneficiaries": self.address(),
            "funding_vnd": rng.choice((0, 2_000_000, 5_000_000, 7_000_000, 15_000_000)),
            "funding_source": "Ngân sách xã", "contributions_vnd": rng.randint(0, 50) * 1_000_000,
            "workdays": rng.randint(0, 500), "beneficiary_households": rng.randint(5, 120),
            "start_date": start, "status": status, "replicated": rng.random() < 0.3,
        }  # fmt: skip
        if status == "cong_nhan":
            record["recognition_level"] = rng.choice(("xa", "tinh"))
            record["recognition_date"] = min(start + dt.timedelta(days=rng.randint(60, 300)), self.end)
        return record

    def supervision(self) -> dict[str, Any]:
        rng = self.rng
        recommendations = rng.randint(0, 12)
        return {
            "date": self.day(), "organization": rng.choice(("mttq", "hoi_nong_dan", "hoi_phu_nu", "doan_thanh_nien",
                                                            "hoi_cuu_chien_binh", "ban_thanh_tra_nhan_dan")),
            "activity": rng.choice(("giam_sat", "giam_sat", "phan_bien", "gop_y")), "subject": rng.choice(SUBJECTS),
            "recommendations": recommendations, "accepted": rng.randint(0, recommendations),
        }  # fmt: skip

    def campaign(self) -> dict[str, Any]:
        rng = self.rng
        start = self.day()
        kind = rng.choice(("tuyen_truyen", "van_dong", "giai_phong_mat_bang", "an_sinh"))
        record: dict[str, Any] = {
            "name": rng.choice(CAMPAIGN_NAMES), "kind": kind, "start_date": start,
            "end_date": start + dt.timedelta(days=rng.randint(5, 90)) if rng.random() < 0.9 else None,
            "methods": rng.sample(("hoi_nghi", "loa_truyen_thanh", "niem_yet", "hop_to_dan", "mang_xa_hoi"), 2),
            "sessions": rng.randint(1, 20), "participants": rng.randint(50, 3000),
            "target": 100, "achieved": rng.randint(60, 110), "measure": "hộ",
        }  # fmt: skip
        if kind == "giai_phong_mat_bang":
            affected = rng.randint(5, 80)
            agreed = rng.randint(0, affected)
            record.update(households_affected=affected, households_agreed=agreed,
                          households_handed_over=rng.randint(0, agreed))  # fmt: skip
        return record

    def democracy(self) -> dict[str, Any]:
        rng = self.rng
        return {
            "date": self.day(),
            "kind": rng.choice(("cong_khai", "ban_quyet_dinh", "tham_gia_y_kien", "kiem_tra_giam_sat")),
            "content": rng.choice(SUBJECTS),
            "form": rng.choice(("hoi_nghi_thon", "niem_yet", "loa", "phieu_lay_y_kien")),
            "participants": rng.randint(20, 300), "households": rng.randint(10, 150),
            "agreement_percent": round(rng.uniform(70, 100), 1),
        }  # fmt: skip

    def prestigious_person(self) -> dict[str, Any]:
        rng = self.rng
        return {
            "full_name": self.name(), "birth_year": rng.randint(1940, 1985), "gender": rng.choice(("nam", "nu")),
            "ethnicity": rng.choice(("02", "03", "07", "08", "09", "01")),
            "religion": rng.choice(("khong", "khong", "phat_giao", "cong_giao")),
            "role": rng.choice(("gia_lang", "truong_dong_ho", "truong_thon", "nhan_si")),
            "recognized_year": rng.randint(self.start.year - 3, self.end.year), "active": rng.random() < 0.9,
        }  # fmt: skip

    def public_opinion(self) -> dict[str, Any]:
        rng = self.rng
        return {
            "date": self.day(), "topic": rng.choice(OPINION_TOPICS),
            "category": rng.choice(("doi_song", "dat_dai", "chinh_sach", "an_ninh_trat_tu", "ton_giao")),
            "mood": rng.choice(("on_dinh", "on_dinh", "quan_tam", "buc_xuc")), "handled": rng.random() < 0.6,
        }  # fmt: skip


def _stamped(register: Register, raw: dict[str, Any], unit_code: str, hamlet: str, rng: random.Random,
             installation: str, seq: int, today: dt.date) -> dict[str, Any]:  # fmt: skip
    record, problems = register.read(raw)
    register.prepare(record)
    problems += register.validate(record, today)
    if problems:
        raise DemoError(f"demo made an invalid {register.name}: {problems_text(problems)}")
    day = record.get(register.date_field) if register.date_field else None
    moment = dt.datetime.combine(day or dt.date(2024, 1, 1), dt.time(8)) + dt.timedelta(minutes=rng.randrange(540))
    record.update(
        uuid=_demo_uuid(installation, rng), unit_code=unit_code, hamlet=hamlet,
        created_at=moment, updated_at=moment, created_by="demo", updated_by="demo", revision=1,
        origin=installation, change_seq=seq, deleted_at=None,
    )  # fmt: skip
    return record


def _demo_uuid(installation: str, rng: random.Random) -> str:
    """Repeatable for one database and seed, yet unique across databases: demo records of several
    communes made with the same seed must not share UUIDs when they meet in a merge."""
    digest = hashlib.sha256(f"{installation}:{rng.getrandbits(128)}".encode()).digest()
    return str(uuidlib.UUID(bytes=digest[:16], version=4))


def _number_per_year(petitions: list[dict[str, Any]]) -> None:
    """Receipt numbers 1, 2, … in order of receipt, restarting each year, as a register keeps them."""
    next_number: dict[int, int] = {}
    for record in sorted(petitions, key=lambda r: (r["received_date"], r["created_at"])):
        year = record["received_date"].year
        next_number[year] = next_number.get(year, 0) + 1
        record["receipt_number"] = str(next_number[year])


def fill(records: int, *, seed: int = 1, years: int = 3, today: dt.date | None = None,
         communes: int = 0, progress: Callable[[int, int], None] | None = None,
         only: str | None = None) -> dict[str, int]:  # fmt: skip
    """Add about ``records`` sample records per unit; returns how many of each register.

    In a commune database the records are the commune's. In a merging unit's database,
    ``communes`` communes under it each get their own records. With ``only``, all of them go
    to that one register (the benchmarks fill one register of 100,000 records).
    """
    today = today or dt.date.today()
    unit = unit_setup.current_unit()
    targets: list[Unit] = [unit]
    if unit.is_merging:
        under = sorted(communes_under(unit), key=lambda u: u.code)
        if communes < 1:
            raise DemoError(
                _("Đơn vị tổng hợp cần --communes N (N ≥ 1): số xã trực thuộc được tạo dữ liệu mẫu.")
            )
        targets = under[:communes]
    hamlets = unit_setup.hamlets()
    if not hamlets and not unit.is_merging:
        unit_setup.set_hamlets(list(DEFAULT_HAMLETS))
        hamlets = unit_setup.hamlets()
    rng = random.Random(seed)
    start = dt.date(today.year - years + 1, 1, 1)
    counts = dict.fromkeys(BY_NAME, 0)
    installation = unit_setup.installation_id()
    total_weight = sum(WEIGHTS.values())
    plan = {name: round(records * WEIGHTS[name] / total_weight) for name in BY_NAME}
    if only is not None:
        plan = {name: records if name == only else 0 for name in BY_NAME}
    session = accounts.require(Right.EDIT_RECORDS)
    with store.atomic():
        seq = store.next_change_seq(sum(plan.values()) * len(targets))
        for done, target in enumerate(targets):
            unit_hamlets = hamlets if target == unit else list(DEFAULT_HAMLETS)
            maker = _Maker(rng, start, today, unit_hamlets)
            for name, register in BY_NAME.items():
                made = []
                for _count in range(plan[name]):
                    raw = getattr(maker, name)()
                    hamlet = rng.choice(unit_hamlets)
                    made.append(_stamped(register, raw, target.code, hamlet, rng, installation, seq, today))
                    seq += 1
                if register.has_field("receipt_number"):
                    _number_per_year(made)
                counts[name] += store.insert_many(register, made)
                audit.append(audit.record_entry(session, "sample", register, None, record, seed=seed)
                             for record in made)  # fmt: skip
            if progress:
                progress(done + 1, len(targets))
    return counts
