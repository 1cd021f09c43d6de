"""The package file: writing one, and reading one back with every check that needs no database.

A package is a zip (docs/package-format.md) holding ``manifest.json``, one
``records/<register>.jsonl`` per register with changes, and ``signature``: the Ed25519 signature
of the manifest's exact bytes. The manifest carries the SHA-256 of every part, so the signature
covers everything. Reading never extracts to disk; every name, size and ratio is checked before
a byte is decompressed, and decompression stops at the size the zip declared.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from desktop_app import APP_DISPLAY_NAME, PACKAGE_SUFFIX, __version__
from desktop_app.domain.codec import UUID_PATTERN, RecordError, canonical, decode
from desktop_app.domain.l10n import _
from desktop_app.domain.periods import LOCK_STATES
from desktop_app.domain.register import Register
from desktop_app.domain.registers import BY_NAME
from desktop_app.domain.sealed import is_sealed
from desktop_app.files import share, written_in_place
from desktop_app.security import keys
from desktop_app.security import sealing as sealing_keys
from desktop_app.store.sealed import context, key_id_of, open_with

FORMAT = "sodanvan-package"
FORMAT_VERSION = 1  # what a package without sealed parts is written as (readers of 0.1 read it)
SEALED_VERSION = 2  # a package with sensitive parts sealed to the unit above
# A package whose sensitive values travel as the sender stores them (sealed with content keys
# that the manifest wraps to the unit above: store/sealed.py), inside parts sealed as in format 2.
VALUES_VERSION = 3
# Sensitive values sealed one by one (as stored, or for this package when stored in clear), the
# parts themselves in clear: the unit above takes the values in as they came, so taking in a
# package needs no key, and only its reader opens them (program 0.3).
VALUES_ONLY_VERSION = 4
MANIFEST = "manifest.json"
SIGNATURE = "signature"
RECORDS_FOLDER = "records/"
PART_NAME = re.compile(r"^records/([a-z_]+)\.jsonl$")

# Limits against zip bombs: a real package of 100,000 records is about 60 MB of JSON lines,
# which zip shrinks five- to tenfold.
MAX_FILE_BYTES = 512 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
MAX_MANIFEST_BYTES = 1024 * 1024
MAX_RATIO = 200
MAX_MEMBERS = 64
CHUNK = 1024 * 1024

KINDS = ("incremental", "full")


class PackageError(Exception):
    """A package refused whole; ``reason`` is a short code (for tests and the log), the message
    says in words which file and why."""

    def __init__(self, path: Path | str, reason: str, message: str) -> None:
        super().__init__(_("Gói {name} bị từ chối: {message}").format(name=Path(path).name, message=message))
        self.path = Path(path)
        self.reason = reason
        self.detail = message


@dataclass
class Package:
    """A package that passed every check of its own; trust and area are the merge's to check."""

    path: Path
    manifest: dict[str, Any]
    sha256: str
    size: int
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def package_id(self) -> str:
        return self.manifest["package_id"]

    @property
    def unit_code(self) -> str:
        return self.manifest["unit"]["code"]

    @property
    def unit_name(self) -> str:
        return self.manifest["unit"]["name"]

    @property
    def installation_id(self) -> str:
        return self.manifest["installation"]["id"]

    @property
    def public_key(self) -> bytes:
        return keys.from_text(self.manifest["installation"]["public_key"])

    @property
    def fingerprint(self) -> str:
        return keys.fingerprint(self.public_key)

    @property
    def kind(self) -> str:
        return self.manifest["kind"]

    @property
    def sealed_to(self) -> bytes | None:
        """The X25519 key the sensitive values it carries are sealed to (the unit above's package
        key), or None when it carries none sealed."""
        to = self.manifest.get("sealed", {}).get("to")
        return keys.from_text(to["key"]) if to else None

    @property
    def value_keys(self) -> dict[str, str]:
        """{key id: content key wrapped to ``sealed_to``} of the sealed values it carries."""
        return self.manifest.get("sealed", {}).get("value_keys", {})

    @property
    def after_seq(self) -> int:
        return self.manifest["changes"]["after_seq"]

    @property
    def through_seq(self) -> int:
        return self.manifest["changes"]["through_seq"]

    @property
    def created_at(self) -> str:
        return self.manifest["created_at"]

    def omitted(self, register: str) -> tuple[str, ...]:
        return tuple(self.manifest["omitted"].get(register, ()))

    @property
    def editors(self) -> list[dict[str, str]]:
        return self.manifest.get("editors", [])

    @property
    def periods(self) -> list[dict[str, str]]:
        return self.manifest.get("periods", [])

    @property
    def record_count(self) -> int:
        """How many records it carries (the manifest's count once ``release`` dropped them)."""
        if not self.records:
            return sum(self.manifest["counts"].values())
        return sum(len(records) for records in self.records.values())

    def release(self) -> None:
        """Drop the decoded records (what it says of itself stays): a province taking in a
        hundred packages keeps one in memory at a time."""
        self.records = {}


# ---------------------------------------------------------------------------------- writing


def file_name(unit_code: str, created_at: dt.datetime, package_id: str) -> str:
    return f"{unit_code}-{created_at:%Y%m%d-%H%M%S}-{package_id[:8]}{PACKAGE_SUFFIX}"


@dataclass
class Carried:
    """What the parts carried, known once they are written: who last changed their records, the
    lock states of the periods, and the content keys of their sealed values wrapped to the unit
    above (``recipient``: its code, its X25519 key)."""

    editors: list[dict[str, str]] = field(default_factory=list)
    periods: list[dict[str, str]] = field(default_factory=list)
    recipient: tuple[str, bytes] | None = None
    value_keys: dict[str, str] = field(default_factory=dict)


def write_package(
    folder: Path, *, package_id: str, created_at: dt.datetime, unit: dict[str, str], installation_id: str,
    public_key: bytes, private_key: bytes, kind: str, after_seq: int, through_seq: int,
    omitted: dict[str, list[str]], parts: dict[str, Iterable[dict[str, Any]]], carried: Callable[[], Carried],
) -> Path:  # fmt: skip
    """Write a signed package into ``folder``; returns its path. ``parts`` gives the encoded
    records of each register, in the order they are to be read, their sensitive values sealed:
    each is written into the archive as it comes (a full package of a large database is never
    held whole), then ``carried`` tells what the manifest says of them, and the manifest and its
    signature close the archive. An error on the way leaves no file."""
    if not folder.is_dir():
        folder.mkdir(parents=True)
        share(folder)  # a folder of packages, for the unit above
    path = folder / file_name(unit["code"], created_at, package_id)
    described: dict[str, dict[str, Any]] = {}  # by member name
    counts: dict[str, int] = {}  # by register
    with written_in_place(path) as temporary, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, records in sorted(parts.items()):
            member = f"{RECORDS_FOLDER}{name}.jsonl"
            if (part := _write_part(archive, member, records)) is not None:
                described[member], counts[name] = part, part["records"]
        after = carried()
        sealing: dict[str, Any] = {}
        if after.value_keys:
            if after.recipient is None:
                raise ValueError("sealed values need a recipient")
            sealing = {"to": {"unit": after.recipient[0], "key": keys.to_text(after.recipient[1])},
                       "value_keys": dict(sorted(after.value_keys.items()))}  # fmt: skip
        manifest = {
            "format": FORMAT,
            "format_version": VALUES_ONLY_VERSION if sealing else FORMAT_VERSION,
            "package_id": package_id,
            "created_at": created_at.isoformat(timespec="seconds") + "Z",
            "program": f"{APP_DISPLAY_NAME} {__version__}",
            "unit": unit,
            "installation": {"id": installation_id, "public_key": keys.to_text(public_key)},
            "kind": kind,
            "changes": {"after_seq": after_seq, "through_seq": through_seq},
            "omitted": {name: sorted(fields) for name, fields in sorted(omitted.items()) if fields},
            "counts": counts,
            "editors": after.editors,
            "periods": after.periods,
            "parts": described,
        }
        if sealing:
            manifest["sealed"] = sealing
        manifest_bytes = json.dumps(manifest, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")
        archive.writestr(MANIFEST, manifest_bytes)
        archive.writestr(SIGNATURE, keys.to_text(keys.sign(private_key, manifest_bytes)).encode("ascii"))
    share(path)
    return path


def _write_part(archive: zipfile.ZipFile, member: str, records: Iterable[dict[str, Any]]) -> dict[str, Any] | None:
    """One part's records as JSON lines, written as they come; its checksum, size and count, or
    None when it has no record (no empty part is written)."""
    lines = iter(records)
    first = next(lines, None)
    if first is None:
        return None
    digest, size, count = hashlib.sha256(), 0, 0
    with archive.open(member, "w") as out:
        for record in itertools.chain([first], lines):
            line = (canonical(record) + "\n").encode("utf-8")
            digest.update(line)
            out.write(line)
            size, count = size + len(line), count + 1
    return {"sha256": digest.hexdigest(), "bytes": size, "records": count}


# ---------------------------------------------------------------------------------- reading


def _refuse(path: Path, reason: str, message: str) -> PackageError:
    return PackageError(path, reason, message)


def _checked_members(path: Path, archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    members: dict[str, zipfile.ZipInfo] = {}
    infos = archive.infolist()
    if len(infos) > MAX_MEMBERS:
        raise _refuse(path, "malformed", _("có {n} tệp bên trong, nhiều hơn một gói bao giờ có.").format(n=len(infos)))
    total = 0
    for info in infos:
        name = info.filename
        if name.startswith(("/", "\\")) or ".." in name.replace("\\", "/").split("/") or ":" in name or "\\" in name:
            raise _refuse(path, "zip-slip", _("tên tệp bên trong «{name}» trỏ ra ngoài gói.").format(name=name))
        if name in members:
            raise _refuse(path, "malformed", _("tệp «{name}» có hai lần trong gói.").format(name=name))
        if name not in (MANIFEST, SIGNATURE) and not PART_NAME.match(name):
            raise _refuse(path, "malformed", _("có tệp lạ «{name}» trong gói.").format(name=name))
        if info.flag_bits & 0x1:
            raise _refuse(path, "malformed", _("tệp «{name}» bị mã hóa.").format(name=name))
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if total > MAX_UNCOMPRESSED_BYTES or (info.file_size > CHUNK and ratio > MAX_RATIO):
            raise _refuse(path, "zip-bomb", _("tệp «{name}» giải nén ra {size} byte (gấp {ratio:.0f} lần): "
                                              "nghi là bom nén.").format(name=name, size=info.file_size,
                                                                           ratio=ratio))  # fmt: skip
        members[name] = info
    for required in (MANIFEST, SIGNATURE):
        if required not in members:
            raise _refuse(path, "malformed", _("thiếu tệp «{name}».").format(name=required))
    if members[MANIFEST].file_size > MAX_MANIFEST_BYTES:
        raise _refuse(path, "zip-bomb", _("tệp «{name}» quá lớn.").format(name=MANIFEST))
    return members


def _read_member(path: Path, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """The bytes of one member, never more than it declared (a lying header is a bomb)."""
    chunks, size = [], 0
    try:
        with archive.open(info) as handle:
            while chunk := handle.read(CHUNK):
                size += len(chunk)
                if size > info.file_size:
                    raise _refuse(path, "zip-bomb", _("tệp «{name}» giải nén ra nhiều hơn khai báo.").format(
                        name=info.filename))  # fmt: skip
                chunks.append(chunk)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError) as error:
        raise _refuse(path, "tampered", _("tệp «{name}» bên trong bị hỏng ({error}).").format(
            name=info.filename, error=error)) from None  # fmt: skip
    return b"".join(chunks)


def _check_manifest(path: Path, raw: bytes) -> dict[str, Any]:
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        raise _refuse(path, "malformed", _("tệp mô tả (manifest) không phải JSON.")) from None
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise _refuse(path, "malformed", _("đây không phải gói dữ liệu của Sổ Dân vận."))
    version = manifest.get("format_version")
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise _refuse(path, "malformed", _("phiên bản định dạng không hợp lệ."))
    if version > VALUES_ONLY_VERSION:
        raise _refuse(path, "newer-format", _(
            "gói theo định dạng phiên bản {found}, chương trình này chỉ đọc được đến phiên bản {known}. "
            "Hãy cập nhật chương trình.").format(found=version, known=VALUES_ONLY_VERSION))  # fmt: skip

    def need(condition: bool, what: str) -> None:
        if not condition:
            raise _refuse(path, "malformed", _("tệp mô tả thiếu hoặc sai mục «{what}».").format(what=what))

    def is_text(value: Any) -> bool:
        return isinstance(value, str) and bool(value)

    def is_count(value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0

    need(is_text(manifest.get("package_id")) and bool(UUID_PATTERN.match(manifest["package_id"])), "package_id")
    need(is_text(manifest.get("created_at")), "created_at")
    unit = manifest.get("unit")
    need(isinstance(unit, dict) and all(is_text(unit.get(k)) for k in ("code", "name", "level", "structure")), "unit")
    installation = manifest.get("installation")
    need(isinstance(installation, dict) and is_text(installation.get("id"))
         and is_text(installation.get("public_key")), "installation")  # fmt: skip
    try:
        public_key = keys.from_text(installation["public_key"])
    except ValueError:
        public_key = b""
    need(len(public_key) == keys.PUBLIC_KEY_BYTES, "installation.public_key")
    need(manifest.get("kind") in KINDS, "kind")
    changes = manifest.get("changes")
    need(isinstance(changes, dict) and is_count(changes.get("after_seq")) and is_count(changes.get("through_seq"))
         and changes["after_seq"] <= changes["through_seq"], "changes")  # fmt: skip
    omitted = manifest.get("omitted")
    need(isinstance(omitted, dict), "omitted")
    for register_name, fields in omitted.items():
        register = BY_NAME.get(register_name)
        need(register is not None and isinstance(fields, list), "omitted")
        sensitive = {f.name for f in register.sensitive_fields}
        need(all(isinstance(name, str) and name in sensitive for name in fields), f"omitted.{register_name}")
    counts, parts = manifest.get("counts"), manifest.get("parts")
    need(isinstance(counts, dict) and all(name in BY_NAME and is_count(n) for name, n in counts.items()), "counts")
    need(isinstance(parts, dict), "parts")
    for name, part in parts.items():
        match = PART_NAME.match(name)
        need(bool(match) and match.group(1) in BY_NAME and isinstance(part, dict), f"parts.{name}")
        need(is_text(part.get("sha256")) and is_count(part.get("bytes")) and is_count(part.get("records")),
             f"parts.{name}")  # fmt: skip
        need(counts.get(match.group(1)) == part["records"], f"counts.{match.group(1)}")
    need(len(counts) == len(parts), "counts")
    # Who changed the records and the periods' lock states: since program 0.2; optional.
    editors = manifest.setdefault("editors", [])
    need(isinstance(editors, list) and all(isinstance(e, dict) and all(is_text(e.get(k)) for k in EDITOR_KEYS)
                                           for e in editors), "editors")  # fmt: skip
    periods = manifest.setdefault("periods", [])
    need(isinstance(periods, list) and all(_is_period_state(p) for p in periods), "periods")
    sealing = manifest.get("sealed")
    if sealing is not None or version >= SEALED_VERSION:  # sealed to the unit above
        need(isinstance(sealing, dict) and isinstance(sealing.get("to"), dict)
             and is_text(sealing["to"].get("unit")) and is_text(sealing["to"].get("key")), "sealed")  # fmt: skip
        if version < VALUES_ONLY_VERSION or "parts" in sealing:  # formats 2 and 3: whole parts sealed
            need(is_text(sealing.get("ephemeral_key")) and is_text(sealing.get("wrapped_key"))
                 and isinstance(sealing.get("parts"), list) and bool(sealing["parts"])
                 and all(name in parts for name in sealing["parts"]), "sealed")  # fmt: skip
        value_keys = sealing.setdefault("value_keys", {})
        need(isinstance(value_keys, dict) and all(is_text(k) and is_text(v) for k, v in value_keys.items())
             and (version < VALUES_ONLY_VERSION or bool(value_keys)), "sealed.value_keys")  # fmt: skip
    return manifest


EDITOR_KEYS = ("installation", "name", "role")
PERIOD_KEYS = ("unit", "period", "start", "end", "state", "changed_at", "changed_by")


def _is_period_state(value: Any) -> bool:
    if not isinstance(value, dict) or not all(isinstance(value.get(k), str) and value[k] for k in PERIOD_KEYS):
        return False
    if value["state"] not in LOCK_STATES or not isinstance(value.get("reason", ""), str):
        return False
    try:
        start, end = dt.date.fromisoformat(value["start"]), dt.date.fromisoformat(value["end"])
        dt.datetime.fromisoformat(value["changed_at"])
    except ValueError:
        return False
    return start <= end


def read_package(path: Path | str, box_key: bytes | None = None, *, keep_sealed_for: bytes | None = None) -> Package:
    """Open, check and decode a package; PackageError (with the reason) when anything is wrong.
    ``box_key`` (this unit's package key, X25519 private) opens what is sealed to this unit. With
    ``keep_sealed_for`` (this unit's public package key) the sealed values stay sealed as they
    came, for a database that stores them so and opens them with its reader key; the parts that
    formats 2 and 3 sealed whole still need ``box_key``."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as error:
        raise _refuse(path, "unreadable", _("không đọc được tệp ({error}).").format(error=error.strerror)) from None
    if size > MAX_FILE_BYTES:
        raise _refuse(path, "zip-bomb", _("tệp lớn {size} byte, quá giới hạn của một gói.").format(size=size))
    data = path.read_bytes()
    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        raise _refuse(path, "truncated", _("tệp không phải gói zip hoàn chỉnh (bị cắt cụt, hỏng, "
                                           "hoặc không phải gói dữ liệu).")) from None  # fmt: skip
    with archive:
        members = _checked_members(path, archive)
        manifest_bytes = _read_member(path, archive, members[MANIFEST])
        manifest = _check_manifest(path, manifest_bytes)
        try:
            signature = keys.from_text(_read_member(path, archive, members[SIGNATURE]).decode("ascii").strip())
        except (UnicodeDecodeError, ValueError):
            signature = b""
        if not keys.verify(keys.from_text(manifest["installation"]["public_key"]), signature, manifest_bytes):
            raise _refuse(path, "signature", _("chữ ký không khớp: gói đã bị sửa sau khi ký, hoặc không do "
                                               "máy ghi trong gói ký."))  # fmt: skip
        listed = set(manifest["parts"])
        present = {name for name in members if PART_NAME.match(name)}
        if listed != present:
            name = sorted(listed ^ present)[0]
            raise _refuse(path, "tampered", _("phần «{name}» không khớp với tệp mô tả.").format(name=name))
        package = Package(path, manifest, hashlib.sha256(data).hexdigest(), size)
        own = keep_sealed_for or (sealing_keys.public_of(box_key) if box_key else None)
        _check_recipient(path, manifest, own)
        content_key = _content_key(path, manifest, box_key)
        opener = None if keep_sealed_for else _value_opener(manifest, box_key)
        seen: set[str] = set()
        for name in sorted(present):
            body = _read_member(path, archive, members[name])
            part = manifest["parts"][name]
            if len(body) != part["bytes"] or hashlib.sha256(body).hexdigest() != part["sha256"]:
                raise _refuse(path, "tampered", _("phần «{name}» đã bị sửa (mã kiểm tra không khớp).").format(
                    name=name))  # fmt: skip
            if name in manifest.get("sealed", {}).get("parts", ()):
                try:
                    body = sealing_keys.unseal(content_key, body, f"{manifest['package_id']}/{name}")
                except sealing_keys.SealError:
                    raise _refuse(path, "sealed", _("phần mã hóa «{name}» không mở được.").format(name=name)) from None
            register_name = PART_NAME.match(name).group(1)  # type: ignore[union-attr]
            package.records[register_name] = _decode_part(path, register_name, body, manifest, seen, opener)
            if len(package.records[register_name]) != part["records"]:
                raise _refuse(path, "tampered", _("phần «{name}» có số bản ghi khác tệp mô tả.").format(name=name))
    return package


def _check_recipient(path: Path, manifest: dict[str, Any], own: bytes | None) -> None:
    """PackageError when what the package seals is sealed to another unit (or this database
    has no package key to compare)."""
    sealing = manifest.get("sealed")
    if sealing and (own is None or keys.to_text(own) != sealing["to"]["key"]):
        raise _refuse(path, "sealed", _("thông tin nhạy cảm trong gói được mã hóa cho đơn vị {unit}; chỉ đơn vị đó "
                                        "mở được.").format(unit=sealing["to"]["unit"]))  # fmt: skip


def _content_key(path: Path, manifest: dict[str, Any], box_key: bytes | None) -> bytes:
    """The key of the parts formats 2 and 3 sealed whole, opened with ``box_key``."""
    sealing = manifest.get("sealed")
    if not sealing or not sealing.get("parts"):
        return b""
    if box_key is None:
        raise _refuse(path, "sealed-parts", _(
            "gói theo định dạng cũ mã hóa cả phần sổ có thông tin nhạy cảm: cần một tài khoản được xem thông tin "
            "nhạy cảm (lãnh đạo, quản trị) đăng nhập để nhận gói này."))  # fmt: skip
    try:
        return sealing_keys.unwrap(box_key, keys.from_text(sealing["ephemeral_key"]),
                                   keys.from_text(sealing["wrapped_key"]))  # fmt: skip
    except (sealing_keys.SealError, ValueError):
        raise _refuse(path, "sealed", _("khóa của phần mã hóa trong gói không mở được.")) from None


def _value_opener(manifest: dict[str, Any], box_key: bytes | None) -> Callable[[str], bytes | None]:
    """The content key of a sealed value the package carries, by its key id: unwrapped (once) from
    the manifest's ``value_keys`` with this unit's key; None for a key the manifest lacks."""
    wrapped = manifest.get("sealed", {}).get("value_keys", {})
    opened: dict[str, bytes | None] = {}

    def content_key_of(key_id: str) -> bytes | None:
        if key_id not in opened:
            try:
                opened[key_id] = sealing_keys.unwrap_key(box_key or b"", keys.from_text(wrapped[key_id]))
            except (KeyError, ValueError, sealing_keys.SealError):
                opened[key_id] = None
        return opened[key_id]

    return content_key_of


def _open_values(path: Path, register: Register, data: Any, opener: Callable[[str], bytes | None]) -> None:
    """Open, in place, the sealed sensitive values of one record line (format 3); PackageError
    when one does not open: it would reach this database as bytes nobody here can read."""
    if not isinstance(data, dict) or not isinstance(data.get("uuid"), str):
        return
    for sensitive in register.sensitive_fields:
        value = data.get(sensitive.name)
        if is_sealed(value):
            text = open_with(opener, value, context(register.name, data["uuid"], sensitive.name))
            if text is None:
                raise _refuse(path, "sealed", _("sổ «{name}», bản ghi {uuid}: giá trị mã hóa của «{field}» không mở "
                                                "được.").format(name=register.name, uuid=data["uuid"],
                                                                field=sensitive.display_label))  # fmt: skip
            data[sensitive.name] = text


def _decode_part(path: Path, register_name: str, body: bytes, manifest: dict[str, Any],
                 seen: set[str], opener: Callable[[str], bytes | None] | None) -> list[dict[str, Any]]:  # fmt: skip
    """The records of one part; ``opener`` opens their sealed values (None: they stay sealed,
    each with its content key in the manifest)."""
    register = BY_NAME[register_name]
    omitted = manifest["omitted"].get(register_name, ())
    value_keys = manifest.get("sealed", {}).get("value_keys", {}) if opener is None else {}
    records = []
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        raise _refuse(path, "malformed", _("phần sổ «{name}» không phải UTF-8.").format(name=register_name)) from None
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            data = json.loads(line)
            if opener is not None:
                _open_values(path, register, data, opener)
            record = decode(register, data, omitted=omitted)
            if any(is_sealed(value := record.get(f.name)) and key_id_of(value) not in value_keys
                   for f in register.sensitive_fields):  # fmt: skip
                raise RecordError(_("giá trị mã hóa không có khóa trong gói"))
        except ValueError as error:  # json.JSONDecodeError and RecordError are ValueErrors
            detail = str(error) if isinstance(error, RecordError) else _("dòng không phải JSON")
            raise _refuse(path, "malformed", _("sổ «{name}», dòng {number}: {detail}").format(
                name=register_name, number=number, detail=detail)) from None  # fmt: skip
        if record["uuid"] in seen:
            raise _refuse(path, "duplicate", _("bản ghi {uuid} có hai lần trong cùng một gói.").format(
                uuid=record["uuid"]))  # fmt: skip
        seen.add(record["uuid"])
        records.append(record)
    return records
