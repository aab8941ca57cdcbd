"""The pipe protocol between the grader and a sandboxed child: framed messages and raw numpy arrays.

Self-contained (standard library and numpy only): the runner loads it without importing the grader.
A frame is MAGIC, one kind byte, a 4-byte big-endian length and the body. Arrays travel as raw bytes
described by a dtype string and a shape (numbers only): nothing from the child is ever unpickled.

Frames a child sends have a JSON header. A job, which only ever goes from the grader to a child, is in
marshal's format instead: the child reads it with one call, before it runs anything of the student's.
"""

from __future__ import annotations

import json
import marshal
import os
import re
import struct

MAGIC = b"LQ1"
HEADER = struct.Struct(">3scI")
MAX_BODY = 64 * 1024 * 1024  # one frame; a bigger one is a protocol violation
PLAUSIBLE_BODY = 1 << 30  # a frame a child could have built at all (its memory is limited to less)
MAX_ARRAY_ELEMENTS = 20_000_000
ALLOWED_KINDS = "fiubc"  # float, int, unsigned, bool, complex: never object arrays

HELLO, JOB, RESULT, ERROR, DONE = b"H", b"J", b"R", b"E", b"D"
MAX_HEADER = 64 * 1024  # a frame's JSON header, unless the reader says otherwise


class ProtocolError(Exception):
    """The other side sent something that is not a well-formed frame."""


class TooLarge(ProtocolError):
    """A well-formed frame larger than the reader takes: refused unread (an answer far larger than any
    expected one, or a flood)."""


def _refuse(value: object) -> object:
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


try:  # json.dumps's own C encoder, made once: json.dumps would build one per call
    from json.encoder import c_make_encoder, encode_basestring_ascii

    _ENCODER = c_make_encoder(None, _refuse, encode_basestring_ascii, None, ": ", ", ", False, False, True)
    if "".join(_ENCODER({"a": [1, True, None, "\u00e9"]}, 0)) != json.dumps({"a": [1, True, None, "\u00e9"]}):
        _ENCODER = None
except (ImportError, TypeError):
    _ENCODER = None


def _json(header: dict) -> bytes:
    return ("".join(_ENCODER(header, 0)) if _ENCODER is not None else json.dumps(header)).encode("utf-8")


def write_all(fd: int, data: bytes) -> None:
    """Write all of `data` (a pipe may take a large frame in parts)."""
    written = os.write(fd, data)
    if written < len(data):
        view = memoryview(data)
        while written < len(data):
            written += os.write(fd, view[written:])


def write_frame(fd: int, kind: bytes, body: bytes) -> None:
    write_all(fd, HEADER.pack(MAGIC, kind, len(body)) + body)


_numpy = None


def _raw(arrays) -> tuple[list, list]:
    """([dtype, shape] of each array, its C-order bytes as a byte view, not a copy)."""
    global _numpy
    if _numpy is None:  # imported on first use: the grader imports this module before it needs numpy
        import numpy as _numpy
    described = []
    raw = []
    for array in arrays:
        # order="C", not ascontiguousarray: that one turns a 0-d array (a scalar argument) into shape (1,)
        array = _numpy.asarray(array, order="C")
        described.append([array.dtype.str, list(array.shape)])
        try:
            raw.append(memoryview(array).cast("B") if array.size else b"")
        except (ValueError, TypeError):  # no buffer for this dtype: the receiver refuses it anyway
            raw.append(array.tobytes())
    return described, raw


_LENGTH = struct.Struct(">I")


def _pieces(header: dict, arrays, blob: bytes) -> tuple[int, list]:
    """(size, [the parts of a body]): its JSON header's length and text, the blob, the arrays' bytes."""
    described, raw = _raw(arrays)
    head = _json(dict(header, blob=len(blob), arrays=described))
    parts = [_LENGTH.pack(len(head)), head, blob, *raw]
    return sum(map(len, parts)), parts


def pack(header: dict, arrays: list | tuple = (), blob: bytes = b"") -> bytes:
    """A JSON header, then an optional raw blob, then the arrays' raw bytes.

    Each array is described in the header by its dtype string and shape, and sent as its C-order
    bytes: no pickle, and none of the .npy header parsing that costs more than the data itself.
    """
    return b"".join(_pieces(header, arrays, blob)[1])


def frame(kind: bytes, header: dict, arrays: list | tuple = (), blob: bytes = b"") -> bytes:
    """A whole frame of pack(header, arrays, blob), built with one copy of the arrays."""
    size, parts = _pieces(header, arrays, blob)
    return b"".join([HEADER.pack(MAGIC, kind, size), *parts])


def send(fd: int, kind: bytes, header: dict, arrays: list | tuple = (), blob: bytes = b"") -> None:
    write_all(fd, frame(kind, header, arrays, blob))


def pack_job(header: dict, source: bytes) -> bytes:
    """A job's body: its header and the source (never an input: those come one case at a time)."""
    return marshal.dumps((header, source))


def unpack_job(body) -> tuple[dict, bytes, list]:
    """The inverse of pack_job (in a child: a job comes from the grader, never from student code)."""
    try:
        header, source = marshal.loads(body)
        if not isinstance(header, dict) or not isinstance(source, bytes):
            raise ValueError("a malformed job")
    except (ValueError, TypeError, KeyError, EOFError, OverflowError) as error:
        raise ProtocolError(f"malformed job: {error}") from None
    return header, source, []


_DTYPE_TEXT = re.compile(r"[<>|=]?[a-zA-Z][0-9]{0,2}")  # "<f8", "|b1", "float64" is refused
_DTYPES: dict = {}  # dtype text -> checked dtype: a batch sees the same few again and again


def _dtype(text: str):
    """The dtype named by `text`, refused unless it holds plain numbers."""
    dtype = _DTYPES.get(text)
    if dtype is not None:
        return dtype
    import numpy as np

    # numpy's parser of dtype texts raises what it likes (SyntaxError for ","): only plain forms reach it
    if _DTYPE_TEXT.fullmatch(text) is None:
        raise ValueError("a bad dtype")
    try:
        dtype = np.dtype(text)
    except Exception:  # noqa: BLE001 - whatever numpy raises, the text is refused
        raise ValueError("a bad dtype") from None
    if (
        dtype.kind not in ALLOWED_KINDS
        or dtype.hasobject
        or dtype.fields is not None
        or dtype.subdtype is not None
    ):
        raise ValueError(f"dtype {dtype} refused")
    if len(_DTYPES) < 64:  # the other side chooses the texts: keep the cache small
        _DTYPES[text] = dtype
    return dtype


def _array(description: object, body, offset: int, copy: bool = True):
    """One array from its [dtype, shape] description; refuses anything but plain numbers. `body` is a
    memoryview; without `copy` the array is a view of it (read-only if `body` is)."""
    import numpy as np

    dtype_text, shape = description
    if type(dtype_text) is not str or len(dtype_text) > 16 or type(shape) is not list or len(shape) > 32:
        raise ValueError("a bad array description")
    count = 1
    for d in shape:
        if type(d) is not int or d < 0:
            raise ValueError("bad shape")
        count *= d
    if count > MAX_ARRAY_ELEMENTS:
        raise ValueError(f"array of {count} elements refused")
    dtype = _dtype(dtype_text)
    size = count * dtype.itemsize
    if offset + size > len(body):
        raise ValueError("short array")
    array = np.frombuffer(body, dtype=dtype, count=count, offset=offset).reshape(shape)
    return (array.copy() if copy else array), offset + size


try:  # json.loads's own C scanner, made once (json.loads adds a Python layer and a whitespace search)
    from json.scanner import c_make_scanner

    _SCAN = c_make_scanner(json.JSONDecoder())
except (ImportError, TypeError):
    _SCAN = None


def _header(text: str) -> object:
    """A frame's JSON header: one value and nothing after it."""
    if _SCAN is None:
        return json.loads(text)
    try:
        value, end = _SCAN(text, 0)
    except StopIteration:
        raise ValueError("not JSON") from None
    if end != len(text):
        raise ValueError("bytes after the header")
    return value


def unpack(body, copy: bool = True, max_header: int = MAX_HEADER) -> tuple[dict, bytes, list]:
    """The inverse of pack, checking every size and dtype before anything is allocated; raises
    ProtocolError. Without `copy` the arrays are views of `body` (which must then stay alive and
    unchanged: the grader's own copy of a frame, say)."""
    view = memoryview(body)
    try:
        (head_len,) = _LENGTH.unpack_from(view, 0)
        if head_len > max_header or 4 + head_len > len(view):
            raise ValueError("a header too large")
        header = _header(str(view[4 : 4 + head_len], "utf-8"))
        if not isinstance(header, dict):
            raise ValueError("header is not an object")
        offset = 4 + head_len
        blob_len = header.get("blob", 0)
        if type(blob_len) is not int or not 0 <= blob_len <= len(view) - offset:
            raise ValueError("a bad blob length")
        blob = bytes(view[offset : offset + blob_len])
        offset += blob_len
        described = header.get("arrays", [])
        if type(described) is not list or len(described) > 64:
            raise ValueError("a bad list of arrays")
        arrays = []
        for description in described:
            if type(description) is not list or len(description) != 2:
                raise ValueError("a bad array description")
            array, offset = _array(description, view, offset, copy)
            arrays.append(array)
        if offset != len(view):
            raise ValueError("trailing bytes")
    except Exception as error:  # noqa: BLE001 - the other side wrote these bytes: whatever they break, it is theirs
        raise ProtocolError(f"malformed frame: {type(error).__name__}") from None
    return header, blob, arrays


def read_exactly(fd: int, buffer) -> bool:
    """Fill `buffer` (a writable buffer) from the blocking `fd`; False if the stream ends first."""
    view = memoryview(buffer).cast("B")
    while view:
        count = os.readv(fd, [view])
        if count == 0:
            return False
        view = view[count:]
    return True


def read_frame(fd: int) -> tuple[bytes, bytearray] | None:
    """The next frame from a blocking `fd`, read with two reads and no intermediate copies; None at
    the end of the stream. (The grader uses FrameReader, which keeps deadlines.)"""
    head = bytearray(HEADER.size)
    if not read_exactly(fd, head):
        return None
    magic, kind, length = HEADER.unpack(head)
    if magic != MAGIC or length > MAX_BODY:
        raise ProtocolError("bad frame header")
    body = bytearray(length)
    if not read_exactly(fd, body):
        raise ProtocolError("stream ended inside a frame")
    return kind, body


class FrameReader:
    """Reads frames from a pipe, with a deadline per frame.

    Given `ended` (a socket that becomes readable once the writer has exited), it does not wait on the
    pipe itself, so the writer fills it without waking this process for every frame: it reads what has
    arrived when `ended` becomes readable, at the deadline, and every POLL seconds (a full pipe would
    stop the writer). The pipe must then be non-blocking, and large enough for the usual frames."""

    POLL = 0.02

    def __init__(self, fd: int, ended=None, max_body: int = MAX_BODY) -> None:
        self.fd = fd
        self.ended = ended
        self.buffer = bytearray()
        self.closed = False
        self.max_body = min(max_body, MAX_BODY)

    def _drain(self) -> bool:
        """Read what has arrived without waiting, no more than one frame's worth beyond what is
        buffered; True if anything (or the end) came."""
        got = False
        while not self.closed and len(self.buffer) <= self.max_body + HEADER.size:
            try:
                chunk = os.read(self.fd, 1 << 20)
            except BlockingIOError:
                break
            if chunk:
                self.buffer += chunk
            else:
                self.closed = True
            got = True
        return got

    def _fill(self, timeout: float | None) -> bool:
        import select

        if self.closed:
            return False
        if self.ended is not None:
            if self._drain():
                return True
            wait = self.POLL if timeout is None else min(timeout, self.POLL)
            if select.select([self.ended], [], [], wait)[0]:
                self.ended = None  # the writer is gone: what is left, wait for on the pipe itself
            return self._drain()
        ready, _, _ = select.select([self.fd], [], [], timeout)
        if not ready:
            return False
        chunk = os.read(self.fd, 1 << 20)
        if not chunk:
            self.closed = True
            return False
        self.buffer += chunk
        return True

    def read(self, deadline: float | None, clock=None) -> tuple[bytes, bytearray] | None:
        """The next (kind, body); None at end of stream; TimeoutError past the deadline."""
        import time

        clock = clock or time.monotonic
        looked = False  # past the deadline, what has arrived is read once before giving up
        while True:
            if len(self.buffer) >= HEADER.size:
                magic, kind, length = HEADER.unpack_from(self.buffer, 0)
                if magic != MAGIC:
                    raise ProtocolError("bad frame header")
                if length > self.max_body:
                    if length > PLAUSIBLE_BODY:  # more than a child's memory could hold: a forgery
                        raise ProtocolError("bad frame header")
                    raise TooLarge("a frame larger than the bound")
                if len(self.buffer) >= HEADER.size + length:
                    body = self.buffer[HEADER.size : HEADER.size + length]
                    del self.buffer[: HEADER.size + length]
                    return kind, body
                self.ended = None  # a frame on its way, maybe larger than the pipe: wait on the pipe
            if self.closed:
                if self.buffer:
                    raise ProtocolError("stream ended inside a frame")
                return None
            left = None if deadline is None else deadline - clock()
            if left is not None and left <= 0:
                # A reader that was itself held up (a paused or busy grader) finds the frames that came
                # in time still waiting: they count, once.
                if not looked:
                    looked = True
                    if self._drain() if self.ended is not None else self._fill(0):
                        continue
                raise TimeoutError
            self._fill(left)
