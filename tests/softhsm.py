"""A USB token for the tests: SoftHSM2 (Debian's softhsm2) holding a key and its certificate
from a test authority, reached through its PKCS#11 module as a real token is."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, pkcs12

CANDIDATES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
              "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so")  # fmt: skip
PIN, SO_PIN, LABEL = "123456", "12345678", "DonVi"

_ADD_CERTIFICATE = """
import sys, pkcs11
from pkcs11 import Attribute, CertificateType, ObjectClass
from cryptography import x509
der = open(sys.argv[2], "rb").read()
subject = x509.load_der_x509_certificate(der).subject.public_bytes()
token = pkcs11.lib(sys.argv[1]).get_token(token_label=sys.argv[3])
with token.open(rw=True, user_pin=sys.argv[4]) as session:
    session.create_object({Attribute.CLASS: ObjectClass.CERTIFICATE, Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                           Attribute.VALUE: der, Attribute.SUBJECT: subject, Attribute.LABEL: "ky-so",
                           Attribute.ID: b"\\x01", Attribute.TOKEN: True})
"""


def module() -> str:
    found = next((path for path in CANDIDATES if Path(path).is_file()), None)
    assert found, "SoftHSM2 is not installed (Debian: apt-get install softhsm2; .ci/setup installs it)"
    return found


def make_token(folder: Path, p12: bytes, password: str) -> dict[str, str]:
    """A token in ``folder`` holding the key and certificate of ``p12``; returns the
    environment a process needs to see it (SOFTHSM2_CONF)."""
    (folder / "tokens").mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\nlog.level = ERROR\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}

    def run(*args: str) -> None:
        subprocess.run(args, env=env, check=True, capture_output=True, timeout=60)

    run("softhsm2-util", "--init-token", "--free", "--label", LABEL, "--so-pin", SO_PIN, "--pin", PIN)
    key, certificate, _others = pkcs12.load_key_and_certificates(p12, password.encode())
    (folder / "key.pem").write_bytes(key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption()))
    (folder / "cert.der").write_bytes(certificate.public_bytes(Encoding.DER))
    run("softhsm2-util", "--import", str(folder / "key.pem"), "--token", LABEL, "--label", "ky-so", "--id", "01",
        "--pin", PIN)  # fmt: skip
    (folder / "key.pem").unlink()
    run(sys.executable, "-c", _ADD_CERTIFICATE, module(), str(folder / "cert.der"), LABEL, PIN)
    return {"SOFTHSM2_CONF": str(conf)}
