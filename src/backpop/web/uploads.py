"""Recordings sent over the web: checked to be audio, kept in a private temporary file, heard.

Nothing from the request (not its file name either) becomes part of a path: the
bytes go to a file that ``tempfile`` names, in a directory only this process can
read, which is removed as soon as the recording has been analysed. The size limit
is enforced before this point, while the body is still arriving (see app.py).
"""

from __future__ import annotations

import base64
import shutil
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

import anyio
from fastapi import Request

from backpop.acoustics.io import ACCEPTED, CONTAINERS, UPLOAD_LIMITS, sniff
from backpop.errors import AudioError, RecordingTooLarge
from backpop.web.problems import WebError

__all__ = ["ACCEPTED", "AnalysisPool", "analyse_upload", "listen_to_upload", "sniff_audio"]


class Cancelled(Exception):
    """The client went away while its recording was being analysed."""


class AnalysisPool:
    """At most `workers` recordings are analysed at once and at most `queue` more wait, briefly;
    any further upload is told at once to come back later (503 with Retry-After), so a burst of
    heavy uploads cannot starve sign-in, the interview or the diary of the server's threads."""

    def __init__(self, workers: int = 2, queue: int = 4, wait_s: float = 20.0) -> None:
        self.workers, self.queue, self.wait_s = workers, queue, wait_s
        self._running = threading.BoundedSemaphore(workers)
        self._admitted = threading.BoundedSemaphore(workers + queue)

    def _busy(self) -> WebError:
        return WebError(
            503,
            "busy",
            f"file: {self.workers} recordings are being analysed and {self.queue} "
            "more are waiting; send yours again in a few seconds",
            headers={"Retry-After": "5"},
        )

    @contextmanager
    def slot(self) -> Iterator[None]:
        if not self._admitted.acquire(blocking=False):
            raise self._busy()
        try:
            if not self._running.acquire(timeout=self.wait_s):
                raise self._busy()
            try:
                yield
            finally:
                self._running.release()
        finally:
            self._admitted.release()


class SharedAnalysisPool(AnalysisPool):
    """The same limits across every worker of the service, kept by PostgreSQL advisory locks.

    A slot is a session-level advisory lock held on its own connection while the recording is
    analysed; if a worker dies, PostgreSQL ends its connections and the slots are free again.
    """

    #: The first key of the two-key advisory locks: "bpq" (admitted) and "bpr" (running).
    ADMITTED, RUNNING = 0x627071, 0x627072

    def __init__(self, workers: int, queue: int, engine: Any, wait_s: float = 20.0) -> None:
        super().__init__(workers, queue, wait_s)
        self.engine = engine

    @staticmethod
    def _take(connection: Any, kind: int, count: int) -> int | None:
        import sqlalchemy as sa

        for slot in range(count):
            if connection.execute(sa.text("SELECT pg_try_advisory_lock(:k, :s)"), {"k": kind, "s": slot}).scalar():
                return slot
        return None

    @contextmanager
    def slot(self) -> Iterator[None]:
        import time

        import sqlalchemy as sa

        with self.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            admitted = self._take(connection, self.ADMITTED, self.workers + self.queue)
            if admitted is None:
                raise self._busy()
            try:
                deadline = time.monotonic() + self.wait_s
                running = self._take(connection, self.RUNNING, self.workers)
                while running is None:
                    if time.monotonic() > deadline:
                        raise self._busy()
                    time.sleep(0.05)
                    running = self._take(connection, self.RUNNING, self.workers)
                try:
                    yield
                finally:
                    connection.execute(sa.text("SELECT pg_advisory_unlock(:k, :s)"), {"k": self.RUNNING, "s": running})
            finally:
                connection.execute(sa.text("SELECT pg_advisory_unlock(:k, :s)"), {"k": self.ADMITTED, "s": admitted})


async def analyse_upload(
    request: Request, pool: AnalysisPool, stream: IO[bytes], *, plot: bool = False
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """:func:`listen_to_upload` in the pool, off the event loop; stopped if the client goes away."""
    gone = threading.Event()
    outcome: dict[str, Any] = {}

    def work() -> None:
        with pool.slot():
            outcome["value"] = listen_to_upload(stream, plot=plot, cancelled=gone.is_set)

    async def watch(cancel_scope: anyio.CancelScope) -> None:
        while not await request.is_disconnected():
            await anyio.sleep(0.25)
        gone.set()
        cancel_scope.cancel()

    failed: list[BaseException] = []
    async with anyio.create_task_group() as tasks:
        tasks.start_soon(watch, tasks.cancel_scope)
        try:
            await anyio.to_thread.run_sync(work, abandon_on_cancel=False)
        except Cancelled:
            pass
        except Exception as exc:  # raised after the task group, unwrapped  # noqa: BLE001
            failed.append(exc)
        tasks.cancel_scope.cancel()
    if failed:
        raise failed[0]
    if "value" not in outcome:
        raise WebError(499, "client_gone", "file: the connection closed before the recording was analysed")
    return outcome["value"]


def sniff_audio(head: bytes) -> str | None:
    """The container's file suffix from its first 12 bytes, or None if it is not audio we read."""
    container = sniff(head)
    return None if container is None else CONTAINERS[container][0]


def listen_to_upload(
    stream: IO[bytes], *, plot: bool = False, cancelled: Callable[[], bool] | None = None
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """The listen result (ACOUSTICS.md contract) for an uploaded recording.

    With ``plot``, also the picture of the recording (waveform and spectrogram with the events
    marked) as ``{"src": a data: URL, "zoomed": whether it has a close-up panel}``, gathered
    while the recording is decoded for listening. When
    ``cancelled()`` turns true, decoding stops at the next block (:class:`Cancelled`).
    """
    head = stream.read(12)
    suffix = sniff_audio(head)
    if suffix is None:
        raise WebError(415, "not_audio", f"file: that is not a recording backpop can read; send {ACCEPTED}")
    from backpop.acoustics import listen  # numpy and scipy load with the first recording

    stream.seek(0)
    with tempfile.TemporaryDirectory(prefix="backpop-upload-") as folder:
        path = Path(folder) / f"recording{suffix}"
        with open(path, "wb") as out:
            shutil.copyfileobj(stream, out, length=1 << 20)
        tap = None
        try:
            if plot:
                from backpop.acoustics.io import probe
                from backpop.acoustics.plot import PictureTap

                tap = PictureTap(probe(path, limits=UPLOAD_LIMITS).sample_rate)

            def on_block(block: Any) -> None:
                if cancelled is not None and cancelled():
                    raise Cancelled
                if tap is not None:
                    tap(block)

            # Decoded once, within the upload limits; the picture is gathered on the way.
            result = listen(path, tap=on_block, limits=UPLOAD_LIMITS)
        except RecordingTooLarge as exc:
            message = str(exc).replace(str(path), "the recording").replace(path.name, "the recording")
            raise WebError(413, "recording_too_large", f"file: {message}") from None
        except AudioError as exc:
            message = str(exc).replace(str(path), "the recording")
            raise WebError(422, "audio_unreadable", f"file: {message}") from None
        picture = _picture(tap, result, Path(folder) / "plot.png") if tap is not None else None
    data = result.to_json_dict()
    data["file"] = f"upload{suffix}"
    return data, picture


def _picture(tap: Any, result: Any, out: Path) -> dict[str, Any]:
    from backpop.acoustics.plot import draw_recording

    draw_recording(tap, result, out)
    return {"src": "data:image/png;base64," + base64.b64encode(out.read_bytes()).decode("ascii"), "zoomed": tap.zoomed}
