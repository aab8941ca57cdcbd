"""The pipe protocol between the grader and a sandboxed child: framed messages and raw numpy arrays.

Self-contained (standard library and numpy only): the runner loads it without importing the grader.
A frame is MAGIC, one kind byte, a 4-byte big-endian length and the body. Arrays travel as raw bytes
described by a dtype string and a shape (numbers only): nothing from the child is ever unpickled.
"""

from __future__ import annotations

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
    """A JSON header, then an optional raw blob, then the arrays' raw bytes.

    Each array is described in the header by its dtype string and shape, and sent as its C-order
    bytes: no pickle, and none of the .npy header parsing that costs more than the data itself.
    """
    import numpy as np

    described = []
    raw = []
    for array in arrays:
        # order="C", not ascontiguousarray: that one turns a 0-d array (a scalar argument) into shape (1,)
        array = np.asarray(array, order="C")
        described.append([array.dtype.str, list(array.shape)])
        raw.append(array.tobytes())
    header = dict(header, blob=len(blob), arrays=described)
    head = json.dumps(header).encode("utf-8")
    return struct.pack(">I", len(head)) + head + blob + b"".join(raw)


def _array(description: object, body: bytes, offset: int):
    """One array from its [dtype, shape] description; refuses anything but plain numbers."""
    import numpy as np

    dtype_text, shape = description
    dtype = np.dtype(str(dtype_text))
    if (
        dtype.kind not in ALLOWED_KINDS
        or dtype.hasobject
        or dtype.fields is not None
        or dtype.subdtype is not None
    ):
        raise ValueError(f"dtype {dtype} refused")
    shape = tuple(int(d) for d in shape)
    if len(shape) > 32 or any(d < 0 for d in shape):
        raise ValueError("bad shape")
    count = 1
    for d in shape:
        count *= d
    if count > MAX_ARRAY_ELEMENTS:
        raise ValueError(f"array of {count} elements refused")
    size = count * dtype.itemsize
    chunk = body[offset : offset + size]
    if len(chunk) != size:
        raise ValueError("short array")
    return np.frombuffer(chunk, dtype=dtype).reshape(shape).copy(), offset + size


def unpack(body: bytes) -> tuple[dict, bytes, list]:
    """The inverse of pack, checking every size and dtype; raises ProtocolError."""
    try:
        (head_len,) = struct.unpack_from(">I", body, 0)
        header = json.loads(body[4 : 4 + head_len].decode("utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header is not an object")
        offset = 4 + head_len
        blob_len = int(header.get("blob", 0))
        blob = body[offset : offset + blob_len]
        if len(blob) != blob_len:
            raise ValueError("short blob")
        offset += blob_len
        arrays = []
        for description in header.get("arrays", []):
            array, offset = _array(description, body, offset)
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
