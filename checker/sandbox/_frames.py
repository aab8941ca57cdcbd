"""The pipe protocol between the grader and a sandboxed child: framed messages and raw numpy arrays.

Self-contained (standard library and numpy only): the runner loads it without importing the grader.
A frame is MAGIC, one kind byte, a 4-byte big-endian length and the body. Arrays travel as .npy bytes
written and read with allow_pickle=False: nothing from the child is ever unpickled.
"""

from __future__ import annotations

import io
import json
import os
import struct

MAGIC = b"LQ1"
HEADER = struct.Struct(">3scI")
MAX_BODY = 64 * 1024 * 1024  # one frame; a bigger one is a protocol violation
MAX_ARRAY_ELEMENTS = 20_000_000
ALLOWED_KINDS = "fiubc"  # float, int, unsigned, bool, complex: never object arrays

HELLO, JOB, RESULT, ERROR, DONE = b"H", b"J", b"R", b"E", b"D"


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed frame."""


def write_frame(fd: int, kind: bytes, body: bytes) -> None:
    data = HEADER.pack(MAGIC, kind, len(body)) + body
    view = memoryview(data)
    while view:
        written = os.write(fd, view)
        view = view[written:]


def pack(header: dict, arrays: list | tuple = (), blob: bytes = b"") -> bytes:
    """A JSON header, then an optional raw blob, then .npy arrays; sizes recorded in the header."""
    import numpy as np

    encoded = []
    for array in arrays:
        buffer = io.BytesIO()
        # order="C", not ascontiguousarray: that one turns a 0-d array (a scalar argument) into shape (1,)
        np.lib.format.write_array(buffer, np.asarray(array, order="C"), allow_pickle=False)
        encoded.append(buffer.getvalue())
    header = dict(header, blob=len(blob), arrays=[len(e) for e in encoded])
    head = json.dumps(header).encode("utf-8")
    return struct.pack(">I", len(head)) + head + blob + b"".join(encoded)


def unpack(body: bytes) -> tuple[dict, bytes, list]:
    """The inverse of pack, checking every size and dtype; raises ProtocolError."""
    import numpy as np

    try:
        (head_len,) = struct.unpack_from(">I", body, 0)
        header = json.loads(body[4 : 4 + head_len].decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header is not an object")
        offset = 4 + head_len
        blob_len = int(header.get("blob", 0))
        blob = body[offset : offset + blob_len]
        offset += blob_len
        arrays = []
        for size in header.get("arrays", []):
            chunk = body[offset : offset + int(size)]
            if len(chunk) != int(size):
                raise ValueError("short array")
            offset += int(size)
            array = np.lib.format.read_array(io.BytesIO(chunk), allow_pickle=False)
            if array.dtype.kind not in ALLOWED_KINDS or array.size > MAX_ARRAY_ELEMENTS:
                raise ValueError(f"array of dtype {array.dtype} and size {array.size} refused")
            arrays.append(array)
        if offset != len(body):
            raise ValueError("trailing bytes")
    except (ValueError, TypeError, KeyError, struct.error, UnicodeDecodeError, OverflowError) as error:
        raise ProtocolError(f"malformed frame: {error}") from None
    return header, blob, arrays


class FrameReader:
    """Reads frames from a non-blocking or blocking fd, with a deadline per frame."""

    def __init__(self, fd: int) -> None:
        self.fd = fd
        self.buffer = bytearray()
        self.closed = False

    def _fill(self, timeout: float | None) -> bool:
        import select

        if self.closed:
            return False
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            self.closed = True
            return False
        self.buffer += chunk
        return True

    def read(self, deadline: float | None, clock=None) -> tuple[bytes, bytes] | None:
        """The next (kind, body); None at end of stream; TimeoutError past the deadline."""
        import time

        clock = clock or time.monotonic
        while True:
            if len(self.buffer) >= HEADER.size:
                magic, kind, length = HEADER.unpack_from(self.buffer, 0)
                if magic != MAGIC or length > MAX_BODY:
                    raise ProtocolError("bad frame header")
                if len(self.buffer) >= HEADER.size + length:
                    body = bytes(self.buffer[HEADER.size : HEADER.size + length])
                    del self.buffer[: HEADER.size + length]
                    return kind, body
            if self.closed:
                if self.buffer:
                    raise ProtocolError("stream ended inside a frame")
                return None
            left = None if deadline is None else deadline - clock()
            if left is not None and left <= 0:
                raise TimeoutError
            if not self._fill(left) and not self.closed and deadline is not None and clock() >= deadline:
                raise TimeoutError
