"""The first account the command-line tests make, and how a process signs in as it."""

from __future__ import annotations

import os

ADMIN = "quantri"
ADMIN_PASSWORD = "mat-khau-quan-tri"


def with_admin(args: tuple[str, ...] | list[str], stdin: str | None) -> tuple[list[str], str | None]:
    """``danvan init`` needs its first account: add it where a test did not name one."""
    args = list(args)
    if "init" in args and "--admin" not in args:
        args += ["--admin", ADMIN, "--password-stdin"]
        stdin = f"{ADMIN_PASSWORD}\n" if stdin is None else stdin
    return args, stdin


def signed_in_env(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a process acting as the first account."""
    return {**(os.environ if env is None else env), "DANVAN_USER": ADMIN, "DANVAN_PASSWORD": ADMIN_PASSWORD}
