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
from pathlib import Path
from typing import IO, Any

from backpop.acoustics.io import ACCEPTED, CONTAINERS, sniff
from backpop.errors import AudioError, RecordingTooLarge
from backpop.web.problems import WebError

__all__ = ["ACCEPTED", "listen_to_upload", "sniff_audio"]


def sniff_audio(head: bytes) -> str | None:
    """The container's file suffix from its first 12 bytes, or None if it is not audio we read."""
    container = sniff(head)
    return None if container is None else CONTAINERS[container][0]


def listen_to_upload(stream: IO[bytes], *, plot: bool = False) -> tuple[dict[str, Any], str | None]:
    """The listen result (ACOUSTICS.md contract) for an uploaded recording.

    With ``plot``, also the picture of the recording (waveform and spectrogram with the events
    marked) as a ``data:`` URL, gathered while the recording is decoded for listening.
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

                tap = PictureTap(probe(path).sample_rate)
            result = listen(path, tap=tap)  # decoded once: the picture is gathered on the way
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


def _picture(tap: Any, result: Any, out: Path) -> str:
    from backpop.acoustics.plot import draw_recording

    draw_recording(tap, result, out)
    return "data:image/png;base64," + base64.b64encode(out.read_bytes()).decode("ascii")
