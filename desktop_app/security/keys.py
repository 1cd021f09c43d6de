"""Ed25519 keys: each installation signs its packages; a merging unit pins the keys it trusts."""

from __future__ import annotations

import base64
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

PUBLIC_KEY_BYTES = 32
SIGNATURE_BYTES = 64


def new_key_pair() -> tuple[bytes, bytes]:
    """(private, public), both raw 32-byte keys."""
    private = Ed25519PrivateKey.generate()
    return (
        private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
        private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw),
    )


def sign(private_key: bytes, data: bytes) -> bytes:
    return Ed25519PrivateKey.from_private_bytes(private_key).sign(data)


def verify(public_key: bytes, signature: bytes, data: bytes) -> bool:
    if len(public_key) != PUBLIC_KEY_BYTES or len(signature) != SIGNATURE_BYTES:
        return False
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, data)
    except (InvalidSignature, ValueError):
        return False
    return True


def fingerprint(public_key: bytes) -> str:
    """What an officer reads aloud to compare two keys: 16 hex groups of SHA-256, "3F2A-9C1B-…"."""
    digest = hashlib.sha256(public_key).hexdigest().upper()[:32]
    return "-".join(digest[i : i + 4] for i in range(0, 32, 4))


def to_text(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def from_text(text: str) -> bytes:
    """Raw bytes of a base64 text; ValueError when it is not one."""
    return base64.b64decode(text.encode("ascii"), validate=True)
