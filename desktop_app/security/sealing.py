"""Sealing a package's sensitive parts to the unit above: X25519 and AES-256-GCM.

Each installation has an X25519 key pair beside its Ed25519 signing key; the unit above hands
its public key down in its enrolment file. A package that carries sensitive fields gets a fresh
256-bit content key; each sealed part is encrypted with it (AES-GCM, the package id and the part's
name as associated data, so a part cannot be moved to another package), and the content key is
wrapped to the recipient: an ephemeral X25519 key agreement, HKDF-SHA256, AES-GCM. Only the
holder of the recipient's private key can read the parts, as with ODK's encrypted submissions.
"""

from __future__ import annotations

import secrets

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, PublicFormat

KEY_BYTES = 32
NONCE_BYTES = 12


class SealError(ValueError):
    """A sealed part or key that this key cannot open (a wrong recipient, or altered bytes)."""


def new_box_pair() -> tuple[bytes, bytes]:
    """(private, public), raw 32-byte X25519 keys."""
    private = X25519PrivateKey.generate()
    return (private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption()),
            private.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw))  # fmt: skip


def public_of(private: bytes) -> bytes:
    return X25519PrivateKey.from_private_bytes(private).public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


def _kek(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), KEY_BYTES, ephemeral + recipient, b"danvan package key").derive(shared)


def wrap_for(recipient_public: bytes) -> tuple[bytes, bytes, bytes]:
    """(content key, ephemeral public key, wrapped content key) for a new package."""
    content_key = secrets.token_bytes(KEY_BYTES)
    ephemeral_public, wrapped = _wrap(content_key, recipient_public)
    return content_key, ephemeral_public, wrapped


def _wrap(secret: bytes, recipient_public: bytes) -> tuple[bytes, bytes]:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_public = ephemeral.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    shared = ephemeral.exchange(X25519PublicKey.from_public_bytes(recipient_public))
    nonce = secrets.token_bytes(NONCE_BYTES)
    wrapped = nonce + AESGCM(_kek(shared, ephemeral_public, recipient_public)).encrypt(nonce, secret, b"content key")
    return ephemeral_public, wrapped


def wrap_key(secret: bytes, recipient_public: bytes) -> bytes:
    """``secret`` (a key) sealed to ``recipient_public`` in one blob: the ephemeral public key,
    then the wrapped secret. Only the recipient's private key opens it (``unwrap_key``)."""
    ephemeral_public, wrapped = _wrap(secret, recipient_public)
    return ephemeral_public + wrapped


def unwrap_key(private: bytes, blob: bytes) -> bytes:
    """The secret of a ``wrap_key`` blob; SealError when ``private`` is not the recipient's key."""
    return unwrap(private, blob[:KEY_BYTES], blob[KEY_BYTES:])


def unwrap(private: bytes, ephemeral_public: bytes, wrapped: bytes) -> bytes:
    """The content key, or SealError when ``private`` is not the recipient's key."""
    try:
        key = X25519PrivateKey.from_private_bytes(private)
        shared = key.exchange(X25519PublicKey.from_public_bytes(ephemeral_public))
        recipient = key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return AESGCM(_kek(shared, ephemeral_public, recipient)).decrypt(wrapped[:NONCE_BYTES], wrapped[NONCE_BYTES:],
                                                                         b"content key")
    except (InvalidTag, ValueError):
        raise SealError("not the recipient's key") from None


def seal(content_key: bytes, data: bytes, context: str) -> bytes:
    nonce = secrets.token_bytes(NONCE_BYTES)
    return nonce + AESGCM(content_key).encrypt(nonce, data, context.encode("utf-8"))


def unseal(content_key: bytes, sealed: bytes, context: str) -> bytes:
    try:
        return AESGCM(content_key).decrypt(sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], context.encode("utf-8"))
    except (InvalidTag, ValueError):
        raise SealError("the part was altered or belongs to another package") from None
