"""Password hashing with argon2id: what an account stores instead of its password.

The cost is RFC 9106's second recommendation (64 MiB, 3 passes) with two lanes: about 0.15 s
on the 2-core office laptop, under the half second a sign-in may take (benchmarks/). A hash
made at an older cost still verifies, and ``needs_rehash`` says when to store a new one.
"""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

MIN_LENGTH = 8
TIME_COST = 3
MEMORY_KIB = 64 * 1024
LANES = 2

_hasher = PasswordHasher(time_cost=TIME_COST, memory_cost=MEMORY_KIB, parallelism=LANES)


def hash_password(password: str) -> str:
    """The encoded argon2id hash (salt and parameters included) of ``password``."""
    return _hasher.hash(password)


def verify_password(encoded: str, password: str) -> bool:
    """Whether ``password`` is the one ``encoded`` was made from; never raises on a bad hash."""
    try:
        return _hasher.verify(encoded, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(encoded: str) -> bool:
    return _hasher.check_needs_rehash(encoded)
