"""A zip archive of a folder, made while it is sent.

zipfile can write to a stream it cannot seek back in: it then puts each file's
sizes after its data (a data descriptor), which every unzip tool reads. So the
archive goes out a chunk at a time and is never whole in memory.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path

CHUNK = 64 * 1024


def zipped(folder: Path, root: Path) -> Iterator[bytes]:
    """The bytes of a zip of `folder`'s files, named under `root`. Blocking file reads:
    hand it to a StreamingResponse, which iterates it in a thread."""
    out = _Pending()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if not path.is_file():
                continue
            info = zipfile.ZipInfo.from_file(path, root / path.relative_to(folder))
            info.compress_type = zipfile.ZIP_DEFLATED
            big = info.file_size >= zipfile.ZIP64_LIMIT
            with path.open("rb") as source, archive.open(info, "w", force_zip64=big) as target:
                while data := source.read(CHUNK):
                    target.write(data)
                    if pending := out.take():
                        yield pending
    yield out.take()  # the rest: the last file's end and the central directory


class _Pending(io.RawIOBase):
    """Write-only: keeps what zipfile writes until `take` hands it on."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []
        self._offset = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self._parts.append(bytes(data))
        self._offset += len(data)
        return len(data)

    def tell(self) -> int:  # zipfile records where each file starts
        return self._offset

    def take(self) -> bytes:
        data, self._parts = b"".join(self._parts), []
        return data
