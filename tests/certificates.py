"""A certificate authority made for the tests (cryptography), and the PKCS#12 files and
transparent PNG images a digital signature needs: nothing here is a real certificate."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

P12_PASSWORD = "mat-khau-chung-thu"


def _name(common: str, organisation: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
                      x509.NameAttribute(NameOID.COMMON_NAME, common)])  # fmt: skip


def _usage(*, signing: bool, ca: bool) -> x509.KeyUsage:
    return x509.KeyUsage(digital_signature=signing, content_commitment=signing, key_encipherment=not signing,
                         data_encipherment=False, key_agreement=False, key_cert_sign=ca, crl_sign=ca,
                         encipher_only=False, decipher_only=False)  # fmt: skip


@dataclass(frozen=True)
class Authority:
    key: rsa.RSAPrivateKey
    certificate: x509.Certificate

    @property
    def der(self) -> bytes:
        return self.certificate.public_bytes(serialization.Encoding.DER)

    def issue(self, holder: str = "Nguyễn Văn An", organisation: str = "Đảng ủy xã Vô Ngại", *,
              days: tuple[int, int] = (-1, 365), signing: bool = True, password: str = P12_PASSWORD) -> bytes:
        """A PKCS#12 file of a new key and its certificate, valid from ``days[0]`` to
        ``days[1]`` days from now."""
        now = dt.datetime.now(dt.UTC)
        key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        certificate = (x509.CertificateBuilder().subject_name(_name(holder, organisation))
                       .issuer_name(self.certificate.subject).public_key(key.public_key())
                       .serial_number(x509.random_serial_number())
                       .not_valid_before(now + dt.timedelta(days=days[0]))
                       .not_valid_after(now + dt.timedelta(days=days[1]))
                       .add_extension(_usage(signing=signing, ca=False), critical=True)
                       .sign(self.key, hashes.SHA256()))  # fmt: skip
        return pkcs12.serialize_key_and_certificates(holder.encode(), key, certificate, [self.certificate],
                                                     serialization.BestAvailableEncryption(password.encode()))


def authority(name: str = "CA thử nghiệm của bộ kiểm thử") -> Authority:
    now = dt.datetime.now(dt.UTC)
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = _name(name, "Kiểm thử")
    certificate = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
                   .serial_number(1).not_valid_before(now - dt.timedelta(days=30))
                   .not_valid_after(now + dt.timedelta(days=3650))
                   .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                   .add_extension(_usage(signing=False, ca=True), critical=True)
                   .sign(key, hashes.SHA256()))  # fmt: skip
    return Authority(key, certificate)


def signature_png() -> bytes:
    """A blue scrawl on a transparent ground, 600 × 240 pixels."""
    from PIL import Image, ImageDraw

    image = Image.new("RGBA", (600, 240), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.line([(40, 180), (140, 40), (220, 190), (320, 60), (420, 170), (560, 80)], fill=(10, 40, 200, 255), width=14)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def seal_png(dpi: int = 300, diameter_mm: float = 35) -> bytes:
    """A red ring on a transparent ground, ``diameter_mm`` across at ``dpi``."""
    from PIL import Image, ImageDraw

    pixels = round(diameter_mm / 25.4 * dpi)
    image = Image.new("RGBA", (pixels, pixels), (0, 0, 0, 0))
    pen = ImageDraw.Draw(image)
    pen.ellipse([4, 4, pixels - 5, pixels - 5], outline=(220, 20, 20, 255), width=max(6, pixels // 30))
    pen.ellipse([pixels // 3, pixels // 3, 2 * pixels // 3, 2 * pixels // 3], fill=(220, 20, 20, 255))
    out = io.BytesIO()
    image.save(out, "PNG", dpi=(dpi, dpi))
    return out.getvalue()


def opaque_png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (100, 40), (255, 255, 255)).save(out, "PNG")
    return out.getvalue()
