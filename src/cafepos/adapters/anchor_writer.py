"""The anchor rewritten by a thread of its own, so a sale at the counter does not wait for it.

Each commit moves the chains' heads; the anchor file must follow (signed, written, fsync'd, renamed: about
0.4 ms, most of it the fsync). The sale itself is on disk once its commit returns; the anchor only lets a later
check see that no newest record was deleted. Written here a moment after the commit instead of before the
counter moves on, the window in which a crash leaves the database ahead of the anchor grows from well under a
millisecond to a moment, and start-up already recognises that case (every extra record is signed) and logs
`anchor_recovered` (docs/journal-format.md). Writes are never reordered: the thread writes the newest heads it
was given, skipping any it was handed in the meantime, which the newest include.

The thread lets a burst settle first (`SETTLE_S` after the first heads handed over): a run of sales at a busy
counter, or a closing's events, is anchored once at its end rather than once a record. Each write is a signature
and an fsync, and the thread's share of the interpreter was taken from the counter's next taps (about 0.3 ms a
sale when sales follow each other within milliseconds, as in the bench). A check or a close does not wait for it
(`flush` writes at once).

A write that fails is not lost in the thread: it is raised by the next `write`, `flush` or `read`, as a
synchronous write would have raised it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Mapping

from cafepos.domain.journal import Head
from cafepos.services.ports import Anchor

SETTLE_S = 0.05  # the longest the anchor waits for a burst of records to end (see above)


class BackgroundAnchor:
    """An `Anchor` whose writes happen on a worker thread; reads see every write handed to it before."""

    def __init__(self, inner: Anchor, settle_s: float = SETTLE_S) -> None:
        self.inner = inner
        self.settle_s = settle_s
        self._lock = threading.Condition()
        self._pending: dict[str, Head] | None = None
        self._busy = False  # the thread is writing a snapshot it has taken
        self._hurry = False  # a flush waits: write what is pending without letting it settle
        self._failure: BaseException | None = None
        self._closed = False
        self._thread: threading.Thread | None = None

    def write(self, heads: Mapping[str, Head]) -> None:
        with self._lock:
            self._raise_failure()
            if self._closed:
                self.inner.write(heads)  # after close (a last event at shutdown): as before, in the caller
                return
            self._pending = dict(heads)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="cafepos-anchor", daemon=True)
                self._thread.start()
            self._lock.notify_all()

    def read(self) -> dict[str, Head] | None:
        self.flush()
        return self.inner.read()

    def flush(self) -> None:
        """Returns once every write handed over so far is on disk (or raises what stopped it)."""
        with self._lock:
            while self._pending is not None or self._busy:
                if self._pending is not None:
                    self._hurry = True  # not left to settle: it is waited for
                    self._lock.notify_all()
                self._lock.wait()
            self._raise_failure()

    def close(self) -> None:
        """Flushes and stops the thread; later writes are made by the caller."""
        try:
            self.flush()
        finally:
            with self._lock:
                self._closed = True
                self._lock.notify_all()
            if self._thread is not None:
                self._thread.join(timeout=5)

    def _raise_failure(self) -> None:
        failure, self._failure = self._failure, None
        if failure is not None:
            raise failure

    def _run(self) -> None:
        while True:
            with self._lock:
                while self._pending is None and not self._closed:
                    self._lock.wait()
                if self._pending is None:
                    return  # closed, nothing left
                settled = time.monotonic() + self.settle_s  # heads handed over meanwhile replace these
                while not (self._hurry or self._closed) and (left := settled - time.monotonic()) > 0:
                    self._lock.wait(left)
                self._hurry = False
                heads, self._pending = self._pending, None
                self._busy = True
            try:
                self.inner.write(heads)
            except BaseException as exc:  # kept for the caller: see the module's docstring
                with self._lock:
                    self._failure = exc
            finally:
                with self._lock:
                    self._busy = False
                    self._lock.notify_all()
