"""How a long job says how far it is: it calls ``progress(done, total)`` every so many steps.

The window shows it in a progress dialog (ui/jobs.py), whose "Dừng" stops the job by raising
from that call; the command line prints it on a terminal (cli/core.py ``terminal_progress``).
A job therefore reports only where stopping is safe: before its file is put in place.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

Progress = Callable[[int, int], None]  # (steps done, steps in all; 0: not known)
EVERY = 250  # steps between two reports

T = TypeVar("T")


class Steps:
    """The steps of one job out of ``total``, reported every EVERY of them (and at the end)."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress, self.total, self.done = progress, total, 0

    def counted(self, items: Iterable[T]) -> Iterator[T]:
        """``items``, one step each."""
        for item in items:
            yield item
            self.step()

    def step(self, count: int = 1) -> None:
        """``count`` more steps done (a batch of rows at once is reported as one would each)."""
        before, self.done = self.done, self.done + count
        if self.progress is not None and self.done // EVERY != before // EVERY:
            self.progress(min(self.done, self.total), self.total)

    def end(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)
