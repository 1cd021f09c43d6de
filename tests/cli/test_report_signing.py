"""``danvan report … --issue --sign-p12 FILE --p12-password-stdin`` and ``danvan report verify``
as real processes, on a database of their own."""

from __future__ import annotations

import os

import pytest

from tests import certificates, softhsm
from tests.accounts import signed_in_env
from tests.certificates import P12_PASSWORD
from tests.cli.test_cli import TODAY, danvan


@pytest.fixture(scope="module")
def signing_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("ky-so")
    ca = certificates.authority()
    (folder / "an.p12").write_bytes(ca.issue())
    (folder / "het-han.p12").write_bytes(ca.issue(days=(-400, -1)))
    (folder / "chu-ky.png").write_bytes(certificates.signature_png())
    (folder / "con-dau.png").write_bytes(certificates.seal_png())
    return folder


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "xa.sqlite"
    assert danvan("init", "--db", str(path), "--unit", "06838").returncode == 0
    assert danvan("demo", "--db", str(path), "--records", "60", "--seed", "2", "--today", TODAY).returncode == 0
    return path


def issue(db, files, out, p12="an.p12", password=P12_PASSWORD, *more):
    return danvan("report", "periodic", "--db", str(db), "--period", "2026-Q3", "--number", "12", "--issue",
                  "--sign-p12", str(files / p12), "--p12-password-stdin", "--signature-image",
                  str(files / "chu-ky.png"), "--seal-image", str(files / "con-dau.png"), "--out", str(out), *more,
                  stdin=f"{password}\n")  # fmt: skip


def test_issue_signed_then_verify_then_one_byte_changed(db, signing_files, tmp_path):
    out = tmp_path / "bao-cao-q3.pdf"
    done = issue(db, signing_files, out)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"Đã lưu {out}.")
    checked = danvan("report", "verify", str(out), "--db", str(db))
    assert checked.returncode == 0, checked.stdout + checked.stderr
    lines = checked.stdout.splitlines()
    assert lines[:2] == ["Chữ ký số 1/2:", "Chữ ký số còn nguyên vẹn."], "the signer's, then the annex's"
    assert lines[3].startswith("Thời điểm ký: 20") and lines[3].endswith("+07:00.")
    assert lines[-1].startswith("Đây đúng là bản chính thức của báo cáo số 12, ban hành lúc")

    again = tmp_path / "in-lai.pdf"
    assert danvan("report", "periodic", "--db", str(db), "--period", "2026-Q3", "--out", str(again)).returncode == 0
    assert again.read_bytes() == out.read_bytes(), "printing it again gives the signed file"

    data = out.read_bytes()
    at = data.index(b"ReportLab")
    out.write_bytes(data[:at] + b"Q" + data[at + 1 :])
    checked = danvan("report", "verify", str(out), "--db", str(db))
    assert checked.returncode == 1
    assert checked.stdout.splitlines()[1] == "Chữ ký số KHÔNG còn nguyên vẹn: văn bản đã bị sửa sau khi ký."


@pytest.mark.parametrize(("p12", "password", "message"), [
    ("an.p12", "mat-khau-sai", "Không mở được tệp chứng thư số an.p12: mật khẩu sai"),
    ("het-han.p12", P12_PASSWORD, "đã hết hạn"),
    ("khong-co.p12", P12_PASSWORD, "Không đọc được tệp chứng thư số"),
])  # fmt: skip
def test_a_certificate_that_cannot_sign_issues_nothing(db, signing_files, tmp_path, p12, password, message):
    out = tmp_path / "bao-cao.pdf"
    done = issue(db, signing_files, out, p12, password)
    assert done.returncode != 0 and message in done.stderr, done.stderr
    assert not out.exists()
    again = danvan("report", "periodic", "--db", str(db), "--period", "2026-Q3", "--out", str(out))
    assert again.returncode == 0 and danvan("report", "verify", str(out), "--db", str(db)).returncode == 1, \
        "the report of the period is still an unsigned draft"


def test_signing_without_issue_and_verify_without_a_file_are_refused(db, signing_files, tmp_path):
    done = danvan("report", "periodic", "--db", str(db), "--period", "2026-Q3", "--sign-p12",
                  str(signing_files / "an.p12"), "--out", str(tmp_path / "x.pdf"))  # fmt: skip
    assert done.returncode != 0 and "Ký số đi cùng --issue" in done.stderr
    done = danvan("report", "verify", "--db", str(db))
    assert done.returncode != 0 and "Cần tên tệp PDF: danvan report verify TỆP.pdf" in done.stderr


def test_issue_signed_on_a_usb_token(db, signing_files, tmp_path):
    token_env = softhsm.make_token(tmp_path / "token", certificates.authority().issue(), P12_PASSWORD)
    env = signed_in_env({**os.environ, "PYTHONIOENCODING": "utf-8", **token_env})
    out = tmp_path / "bao-cao.pdf"
    base = ["report", "periodic", "--db", str(db), "--period", "2026-Q3", "--number", "13", "--issue",
            "--sign-pkcs11", softhsm.module(), "--pin-stdin", "--signature-image", str(signing_files / "chu-ky.png"),
            "--seal-image", str(signing_files / "con-dau.png"), "--out", str(out)]  # fmt: skip
    done = danvan(*base, stdin="000000\n", env=env)
    assert done.returncode != 0 and "Mã PIN của thiết bị ký số sai" in done.stderr and not out.exists()
    done = danvan(*base, "--token-label", "Khac", stdin=f"{softhsm.PIN}\n", env=env)
    assert done.returncode != 0 and "Không thấy thiết bị ký số (USB token) «Khac»" in done.stderr
    done = danvan(*base, stdin=f"{softhsm.PIN}\n", env=env)
    assert done.returncode == 0, done.stderr
    checked = danvan("report", "verify", str(out), "--db", str(db))
    assert checked.returncode == 0 and checked.stdout.splitlines()[1] == "Chữ ký số còn nguyên vẹn."
    assert "báo cáo số 13" in checked.stdout


def test_a_docx_out_writes_the_word_copy_and_an_issue_stays_a_pdf(db, tmp_path):
    from docx import Document

    out = tmp_path / "bao-cao.docx"
    done = danvan("report", "periodic", "--db", str(db), "--period", "2026-Q3", "--out", str(out))
    assert done.returncode == 0, done.stderr
    document = Document(str(out))
    assert "BÁO CÁO" in [p.text for p in document.paragraphs]
    done = danvan("report", "petitions", "--db", str(db), "--period", "2026", "--out", str(tmp_path / "so.docx"))
    assert done.returncode == 0 and Document(str(tmp_path / "so.docx")).sections[0].page_width > 0
    done = danvan("report", "periodic", "--db", str(db), "--period", "2026-Q3", "--issue", "--out",
                  str(tmp_path / "x.docx"))  # fmt: skip
    assert done.returncode != 0 and "Bản chính thức là tệp PDF" in done.stderr
    done = danvan("report", "periodic", "--db", str(db), "--period", "2026-Q3", "--out", str(tmp_path / "x.odt"))
    assert done.returncode != 0 and "phải có đuôi .pdf (hoặc .docx cho bản Word)" in done.stderr
