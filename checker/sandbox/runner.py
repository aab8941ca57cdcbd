"""The sandbox runner: a fresh interpreter that imports numpy and nothing of the grader.

    python -I runner.py serve CONTROL_FD WORKDIR    a fork server: one child per job, forked before the job exists
    python -I runner.py single JOB RESULT CAPTURE WORKDIR    one job in this process (the spawn fallback)

WORKDIR is the one folder a child may write in; the grader puts the submission there before each job
and empties it after.

For each job the grader hands over three file descriptors (SCM_RIGHTS on the control socket): the job
pipe, the result pipe and the output capture file. The child closes everything else, reads its job
(source and inputs, never expected values), locks itself in (rlimits, Landlock, seccomp, a scrubbed
environment, a working folder holding only the submission), runs the cases in turn and writes one framed
result per case: arrays as raw bytes, never pickle. The grader, not this process, decides pass or fail.

The inputs a class shares (every file of an exercise gets the same cases) may be loaded into the runner
once, as a case set: a job then names the set and carries only its source. A case set holds inputs only,
never a submission or an expected value, and a child makes the runner's other sets unreadable to itself
before it runs anything of the student's.

This file imports only the standard library, numpy and its three siblings _frames, _landlock, _seccomp.
"""

from __future__ import annotations

import os
import sys

BLAS_VARIABLES = (
    "OPENBLAS_NUM_THREADS",
    "OMP_NUM_THREADS",
    "MKL_NUM_THREADS",
    "NUMEXPR_NUM_THREADS",
    "VECLIB_MAXIMUM_THREADS",
)
for _name in BLAS_VARIABLES:  # before numpy is imported: forking while BLAS threads run deadlocks
    os.environ[_name] = "1"

_HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, _HERE)
import _frames  # noqa: E402
import _landlock  # noqa: E402
import _seccomp  # noqa: E402

sys.path.remove(_HERE)
if sys.argv[1:2] == ["--numpy-home"]:  # started with -S: numpy's folder is given, not found by `site`
    sys.path.append(sys.argv[2])
    del sys.argv[1:3]
import gc  # noqa: E402
import json  # noqa: E402
import mmap  # noqa: E402
import select  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402

import numpy as np  # noqa: E402

try:  # imported here, not in each child: an import after the fork costs every submission
    import resource
except ImportError:  # Windows
    resource = None

MAX_MESSAGE = 2000
MAX_TRACEBACK = 4000
try:
    OPEN_MAX = os.sysconf("SC_OPEN_MAX")  # no descriptor of this process is at or above it
except (AttributeError, ValueError, OSError):
    OPEN_MAX = 1024


def _short(text: str, limit: int = MAX_MESSAGE) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


# -- isolation ------------------------------------------------------------------------------------


def _inside(path: str, folder: str) -> bool:
    """Is `path` `folder` or below it? (Both already real paths: realpath is costly, called once each.)"""
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def _libraries() -> set[str]:
    """The shared library files this process has loaded (others they load later sit beside them)."""
    files = set()
    try:
        with open("/proc/self/maps") as maps:
            for line in maps:
                parts = line.split(None, 5)
                if len(parts) == 6 and ".so" in parts[5]:
                    files.add(parts[5].strip())
    except OSError:
        pass
    return files


def read_paths() -> tuple[list[str], list[str]]:
    """(readable paths, list-only folders) for a child: the standard library, numpy, the shared
    libraries in use, /dev/null and /dev/urandom.

    Never a folder that holds installed packages (the grader's among them) or the grader itself:
    Landlock only allows, so allowing a folder above the grader would expose it whole."""
    import site

    real = os.path.realpath
    stdlib = real(os.path.dirname(os.__file__))
    numpy_dir = real(os.path.dirname(np.__file__))
    grader = real(os.path.dirname(_HERE))  # the checker package
    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    package_dirs = {os.path.dirname(numpy_dir), *map(real, site.getsitepackages())}
    for prefix in {sys.prefix, sys.base_prefix, "/usr", "/usr/local"}:  # a venv's base install too
        for lib in (os.path.join(prefix, "lib", version), os.path.join(prefix, "lib", "python3")):
            package_dirs |= {
                real(os.path.join(lib, "site-packages")),
                real(os.path.join(lib, "dist-packages")),
            }
    forbidden = [grader, *package_dirs]

    def safe(path: str) -> bool:
        return not any(_inside(f, path) for f in forbidden) and not _inside(path, grader)

    paths = {
        os.path.join(stdlib, n) for n in os.listdir(stdlib) if n not in ("site-packages", "dist-packages")
    }
    paths |= {numpy_dir, os.path.join(os.path.dirname(numpy_dir), "numpy.libs")}
    for library in map(real, _libraries()):
        folder = os.path.dirname(library)
        if any(_inside(folder, d) for d in package_dirs) and not _inside(folder, numpy_dir):
            continue  # another package's library: not needed once loaded
        paths.add(folder if safe(folder) else library)
    paths |= {"/dev/null", "/dev/urandom", "/etc/ld.so.cache"}
    readable = sorted(p for p in paths if safe(p) and os.path.exists(p))
    # Listing the standard library's folder lets the import system see new modules there (names only).
    return readable, [stdlib]


class Jail:
    """Every isolation layer, prepared once in the runner so that entering it costs a child little."""

    def __init__(self, workdir: str) -> None:
        self.workdir = workdir
        self.real_workdir = os.path.realpath(workdir)
        self.environ = {name: "1" for name in BLAS_VARIABLES}
        self.environ.update(HOME=workdir, LANG="C.UTF-8", TMPDIR=workdir)
        self.settled = False  # this process already has the child's environment and folder
        self.mapped: int | None = None  # bytes mapped by the runner; None: a child measures its own
        self.devnull = os.open(os.devnull, os.O_RDONLY)
        # The child's sys.stdout and sys.stderr, made here: a child that builds them pays in copied pages.
        self.streams = tuple(
            open(fd, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1) for fd in (1, 2)
        )
        self.seccomp = _seccomp.build_filter()
        self.install_seccomp = _seccomp.Installer(self.seccomp) if self.seccomp is not None else None
        self.ruleset = -1
        self.restrict: _landlock.Restrictor | None = None
        self.info: dict = {}
        self.paths: tuple[list[str], list[str]] = ([], [])
        if sys.platform.startswith("linux"):
            try:
                self.paths = read_paths()
                self.ruleset, self.info = _landlock.build(self.paths[0], [workdir], self.paths[1])
            except OSError as error:
                self.info = {"landlock": 0, "landlock_error": str(error)}
        if self.ruleset >= 0:
            self.restrict = _landlock.Restrictor(self.ruleset)

    def settle(self) -> None:
        """Fork server: give this process the environment and folder every child needs (it has no use
        for others), so that children inherit them instead of setting them."""
        os.environ.clear()
        os.environ.update(self.environ)
        os.chdir(self.workdir)
        self.settled = True

    def measure(self) -> None:
        """Fork server: note what is mapped now, the base of a child's address-space limit."""
        self.mapped = _mapped()

    def enter(self, limits: dict, mapped: int | None = None) -> dict:
        """Lock this (child) process in; report which layers are active. `mapped`: the bytes mapped
        before the job (measured now when not given)."""
        if not self.settled:
            os.environ.clear()
            os.environ.update(self.environ)
        os.chdir(self.workdir)
        layers: dict = {"rlimits": sorted(_limit(limits, _mapped() if mapped is None else mapped))}
        layers.update(self.info)
        no_new_privs = False  # set by the first layer that needs it
        if self.restrict is not None:
            try:
                self.restrict()
                no_new_privs = True
            except OSError as error:
                layers.update(landlock=0, landlock_error=str(error))
            os.close(self.ruleset)
        if self.install_seccomp is not None:
            try:
                self.install_seccomp(no_new_privs=not no_new_privs)
                layers["seccomp"] = True
            except OSError as error:
                layers.update(seccomp=False, seccomp_error=str(error))
        return layers


def die_with_parent() -> None:
    """Linux: be killed when the parent process ends, so nothing outlives a grader that was stopped."""
    if sys.platform.startswith("linux"):
        _landlock._libc().prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL


def _settle_fds(job_fd: int, result_fd: int, capture_fd: int, jail: Jail) -> None:
    """stdin from /dev/null, stdout and stderr into the capture file, every other descriptor but the
    job's and the result's pipes and the Landlock ruleset closed (close_range, not one close each)."""
    os.dup2(jail.devnull, 0)
    os.dup2(capture_fd, 1)
    os.dup2(capture_fd, 2)
    low = 3
    for fd in sorted({job_fd, result_fd, jail.ruleset} - {-1}):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, max(OPEN_MAX, low))


def _mapped() -> int:
    """Bytes this process has mapped (0 when unknown)."""
    try:
        fd = os.open("/proc/self/statm", os.O_RDONLY)
    except OSError:
        return 0
    try:
        return int(os.read(fd, 200).split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0
    finally:
        os.close(fd)


_RLIMITS = {
    name: getattr(resource, name)
    for name in ("RLIMIT_CPU", "RLIMIT_CORE", "RLIMIT_NPROC", "RLIMIT_FSIZE", "RLIMIT_NOFILE", "RLIMIT_AS")
    if resource is not None and hasattr(resource, name)
}


def _limit(limits: dict, mapped: int) -> list[str]:
    """Set the child's resource limits; the names of those set."""
    cpu = int(limits.get("cpu_seconds", 10))
    file_bytes = int(limits.get("file_bytes", 1 << 20))
    wanted = [
        ("RLIMIT_CPU", cpu, cpu + 1),
        ("RLIMIT_CORE", 0, 0),
        ("RLIMIT_NPROC", 0, 0),
        ("RLIMIT_FSIZE", file_bytes, file_bytes),
        ("RLIMIT_NOFILE", 64, 64),
    ]
    if mapped:  # address space: what is mapped (numpy and its BLAS included) plus the allowance
        address_space = mapped + int(limits.get("memory_bytes", 1 << 30))
        wanted.append(("RLIMIT_AS", address_space, address_space))
    applied = []
    for name, soft, hard in wanted:
        if name in _RLIMITS:
            try:
                resource.setrlimit(_RLIMITS[name], (soft, hard))
                applied.append(name)
            except (ValueError, OSError):
                pass
    return applied


# -- case sets ------------------------------------------------------------------------------------------


def _split(described: list, arrays: list) -> list[tuple[str, tuple]]:
    """[(case id, its input arrays)] from the header's [{"id", "nargs"}] and the arrays in order."""
    cases = []
    offset = 0
    for case in described:
        count = int(case["nargs"])
        if count < 0 or offset + count > len(arrays):
            raise ValueError("the cases do not match their inputs")
        cases.append((str(case["id"]), tuple(arrays[offset : offset + count])))
        offset += count
    if offset != len(arrays):
        raise ValueError("the cases do not match their inputs")
    return cases


class CaseSet:
    """Case inputs loaded once into the fork server; its children inherit them (copy-on-write) instead
    of each reading and parsing them. Inputs only: never a submission, never an expected value."""

    def __init__(self, fd: int) -> None:
        head = bytearray(_frames.HEADER.size)
        if not _frames.read_exactly(fd, head):
            raise ValueError("no case set")
        magic, kind, length = _frames.HEADER.unpack(head)
        if magic != _frames.MAGIC or kind != _frames.CASES or not 0 < length <= _frames.MAX_BODY:
            raise ValueError("not a case set")
        # Its own private mapping, read into directly: the bytes never pass through the heap, so that
        # a child can drop them all (forget), and a child's writes stay its own.
        self.memory = mmap.mmap(-1, length, flags=mmap.MAP_PRIVATE)
        if not _frames.read_exactly(fd, self.memory):
            raise ValueError("the case set ended early")
        header, _, arrays = _frames.unpack(self.memory, copy=False)  # read-only views
        self.key = str(header["key"])
        self.drop = [str(key) for key in header.get("drop", [])]
        self.cases = _split(header["cases"], arrays)

    def forget(self) -> None:
        """In a child that runs another set: make this one's inputs unreadable (zero pages); the
        runner's copy is untouched."""
        if hasattr(mmap, "MADV_DONTNEED"):
            self.memory.madvise(mmap.MADV_DONTNEED)


def _load(fd: int, sets: dict, jail: Jail) -> bytes:
    """Load the case set the grader writes on `fd`; the answer for the control socket."""
    try:
        case_set = CaseSet(fd)
    except (OSError, ValueError, TypeError, KeyError, _frames.ProtocolError) as error:
        return f"C error {' '.join(str(error).split())[:200]}\n".encode()
    finally:
        os.close(fd)
    for key in case_set.drop:
        sets.pop(key, None)
    sets[case_set.key] = case_set
    _freeze(jail)
    return b"C ok\n"


def _job_cases(header: dict, arrays: list, sets: dict) -> tuple[list, bool]:
    """The job's [(case id, inputs)], and whether they come from a case set. Every other set is made
    unreadable to this child."""
    key = header.get("caseset")
    own = sets[str(key)] if key is not None else None  # a set the runner lacks is the grader's fault
    for case_set in sets.values():
        if case_set is not own:
            case_set.forget()
    if own is None:
        return _split(header["cases"], arrays), False
    return [own.cases[int(index)] for index in header["run"]], True


# -- running the submission -------------------------------------------------------------------------


def _send(fd: int, kind: bytes, header: dict, arrays=()) -> None:
    _frames.send(fd, kind, header, arrays)


def _traceback(error: BaseException, filename: str) -> str:
    frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == filename]
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return _short("".join(lines), MAX_TRACEBACK)


def _describe(error: BaseException, filename: str) -> dict:
    return {
        "type": type(error).__name__,
        "message": _short(str(error)),
        "traceback": _traceback(error, filename),
        "not_implemented": isinstance(error, NotImplementedError),
        "memory": isinstance(error, MemoryError),
    }


def _as_array(item):
    """`item` as a plain array when it is an array of numbers, else None."""
    if isinstance(item, np.ndarray) and item.dtype.kind in _frames.ALLOWED_KINDS:
        return np.asarray(item)  # subclasses arrive as plain arrays
    return None


def _outputs(value) -> tuple[dict, list]:
    """What the function returned, as a structure description and the arrays in it."""
    if isinstance(value, np.ndarray):
        array = _as_array(value)
        if array is None:
            return {"structure": "other", "types": [f"ndarray[{value.dtype}]"]}, []
        return {"structure": "array", "types": ["ndarray"]}, [array]
    if isinstance(value, (tuple, list)) and len(value) <= 8:
        arrays = [_as_array(item) for item in value]
        types = [type(item).__name__ for item in value]
        if all(a is not None for a in arrays):
            return {"structure": type(value).__name__, "types": types}, arrays
        return {"structure": type(value).__name__, "types": types}, []
    return {"structure": "other", "types": [type(value).__name__]}, []


def _changed(before, after) -> bool:
    """Did the function modify this argument in place? (`before` is the untouched input.)"""
    if not isinstance(after, np.ndarray):
        return False  # a 0-d input is passed as a number, which cannot be changed in place
    if after.dtype == before.dtype and after.shape == before.shape and after.tobytes() == before.tobytes():
        return False  # bitwise the same, the common case: no need for numpy's comparison
    return after.shape != before.shape or not np.array_equal(
        after, before, equal_nan=before.dtype.kind in "fc"
    )


def run_job(job_fd: int, result_fd: int, capture_fd: int, jail: Jail, sets: dict | None = None) -> None:
    """The child: read the job, lock in, run each case, report. Never returns normally."""
    try:
        die_with_parent()
        _settle_fds(job_fd, result_fd, capture_fd, jail)
        sys.stdout, sys.stderr = jail.streams
        frame = _frames.read_frame(job_fd)
        if frame is None or frame[0] != _frames.JOB:
            os._exit(3)
        header, source, arrays = _frames.unpack_job(frame[1])
        del frame
        os.close(job_fd)
        workdir = header["workdir"]
        if workdir != jail.workdir and os.path.realpath(workdir) != jail.real_workdir:
            raise ValueError("the job's folder is not the runner's")
        cases, preloaded = _job_cases(header, arrays, sets or {})
        # The runner measured what it maps; a job that brought its inputs along is measured here.
        layers = jail.enter(header.get("limits", {}), jail.mapped if preloaded else None)
        _send(result_fd, _frames.HELLO, {"layers": layers, "pid": os.getpid()})
    except BaseException as error:  # a fault of the grader's side, before any student code ran
        try:
            _send(result_fd, _frames.ERROR, {"kind": "runner", "message": _short(repr(error))})
        finally:
            os._exit(4)
    _run_student(header, source, cases, result_fd)


def _syntax_error(error: SyntaxError | ValueError, source: bytes) -> dict:
    info = {
        "kind": "syntax",
        "type": type(error).__name__,
        "message": _short(str(getattr(error, "msg", error))),
    }
    if isinstance(error, SyntaxError):
        info.update(line=error.lineno, column=error.offset, text=(error.text or "").rstrip()[:200])
    if info.get("line") is None and b"\0" in source:  # compile() gives no position for a null byte
        before = source[: source.index(b"\0")]
        start = before.rfind(b"\n") + 1
        line = source[start:].split(b"\n", 1)[0].decode("utf-8", errors="replace")
        info.update(
            line=before.count(b"\n") + 1,
            column=len(before) - start + 1,
            text=line.replace("\0", "\\x00").rstrip()[:200],
        )
    return info


def _run_student(header: dict, source: bytes, cases: list, result_fd: int) -> None:
    import builtins

    filename = header["filename"]
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
        _send(result_fd, _frames.ERROR, _syntax_error(error, source))
        os._exit(0)
    namespace = {"__name__": "submission", "__file__": filename, "__builtins__": builtins}
    try:
        exec(code, namespace)
    except SystemExit as error:
        _send(result_fd, _frames.ERROR, {"kind": "exit", "code": str(error.code)})
        os._exit(0)
    except BaseException as error:
        _send(result_fd, _frames.ERROR, dict(_describe(error, filename), kind="import"))
        os._exit(0)
    function = namespace.get(header["function"])
    if not callable(function):
        _send(result_fd, _frames.ERROR, {"kind": "missing", "function": header["function"]})
        os._exit(0)
    _send(result_fd, _frames.RESULT, {"case": None, "status": "imported", "t": time.monotonic()})
    last = len(cases) - 1
    for index, (case_id, inputs) in enumerate(cases):
        frame = _run_case(function, case_id, inputs, filename)
        _frames.write_all(result_fd, frame + _DONE if index == last else frame)  # one write at the end
    if not cases:
        _frames.write_all(result_fd, _DONE)
    sys.stdout.flush()
    os._exit(0)


_DONE = _frames.frame(_frames.DONE, {})


def _run_case(function, case_id: str, inputs: tuple, filename: str) -> bytes:
    """Call `function` on copies of `inputs`; the frame reporting what it returned and which inputs it
    changed."""
    args = [a.item() if a.ndim == 0 else a.copy() for a in inputs]  # 0-d arrays are plain numbers
    try:
        value = function(*args)
    except BaseException as error:  # SystemExit and KeyboardInterrupt lose this case only
        return _failed(error, filename, case_id)
    try:
        header, outputs = _outputs(value)
        header.update(case=case_id, status="ok", outputs=len(outputs))
        header["mutated"] = [_changed(before, after) for before, after in zip(inputs, args)]
        header["t"] = time.monotonic()  # when it ended: the grader may read the frame later
        return _frames.frame(_frames.RESULT, header, outputs)
    except BaseException as error:
        return _failed(error, filename, case_id)


def _failed(error: BaseException, filename: str, case_id: str) -> bytes:
    header = dict(_describe(error, filename), case=case_id, status="exception", t=time.monotonic())
    return _frames.frame(_frames.RESULT, header)


# -- the fork server ---------------------------------------------------------------------------------


def _warm_up(jail: Jail) -> None:
    """Run, once in the runner, the library code nearly every child runs: numpy's usual operations,
    a case's report, an error's description, the frame codec, the compiler. Their lazily built
    structures (ufunc dispatch caches, specialised bytecode, type caches) then exist before the fork
    instead of being built by each child in pages it must copy. Fixed generic inputs only, written to
    /dev/null: never a job, never student code."""
    import linecache

    def ramp(*shape: int) -> np.ndarray:
        return np.sin(np.arange(np.prod(shape), dtype=np.float64)).reshape(shape)

    x, h, w, u, b = ramp(2, 3), ramp(2, 4), ramp(16, 3), ramp(16, 4), ramp(16)
    inputs = (x, h, w, u, b, np.asarray(2.0))
    single = tuple(a.astype(np.float32) for a in inputs)  # exercises test float32 inputs too

    def generic(x, h, w, u, b, t):
        z = x @ w.T + np.dot(h, u.T) + b
        a, i, f, o = np.split(z, 4, axis=1)
        c = 1 / (1 + np.exp(-i)) * np.tanh(a) + 0.5 * (1.0 + np.tanh(0.5 * f)) * h
        norm = max(np.linalg.norm(c), np.sqrt(np.sum(np.square(c))))
        clipped = c * (t / norm) if norm > t else c.copy()
        c += np.exp(np.abs(b[1:2]) * 1000.0)[0] * 0  # an overflow: numpy's warning, printed the usual way
        return np.clip(clipped, -t, t), np.maximum(o, 0.0) + np.where(o > 0, o, 0.0).reshape(2, 4)

    def failing(*args):
        raise NotImplementedError("warm-up")

    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        for _ in range(12):  # past the interpreter's warm-up count, so the bytecode is specialised here
            for function, arguments in ((generic, inputs), (generic, single), (failing, inputs)):
                _frames.write_all(sink, _run_case(function, "warm-up", arguments, "warm-up.py") + _DONE)
    finally:
        os.close(sink)
    _frames.unpack_job(
        _frames.pack_job({"function": "f", "cases": [{"id": "c", "nargs": 1}]}, b"x = 1\n", [x])
    )
    compile(
        b"import numpy as np\n\ndef f(x):\n    return np.tanh(x) * 2\n",
        "warm-up.py",
        "exec",
        dont_inherit=True,
    )
    linecache.clearcache()  # lines of the runner's own files, read for the tracebacks and warnings above


def _keep_freed_memory() -> None:
    """glibc: serve a child's arrays of up to a few MB from the heap and keep what it frees, instead of
    mapping and unmapping each one (every page of a new mapping costs the child a page fault)."""
    if not sys.platform.startswith("linux"):
        return
    mallopt = getattr(_landlock._libc(), "mallopt", None)
    if mallopt is not None:
        mallopt(-3, 8 << 20)  # M_MMAP_THRESHOLD
        mallopt(-1, 64 << 20)  # M_TRIM_THRESHOLD


def _freeze(jail: Jail) -> None:
    """Before the next fork: what the runner now holds is left out of a child's garbage collections
    (fewer pages copied), and its mapped size is the base of a child's address-space limit."""
    gc.collect()
    gc.freeze()
    jail.measure()


def _wait(control, pid: int) -> int:
    """Wait for the child; kill it when the grader says K (or is gone). Returns the waitpid status."""
    try:
        exited = os.pidfd_open(pid)
    except (AttributeError, OSError):
        exited = None
    try:
        while True:
            watched = [control] + ([exited] if exited is not None else [])
            ready, _, _ = select.select(watched, [], [], None if exited is not None else 0.01)
            if exited is None or exited in ready:
                done, status = os.waitpid(pid, os.WNOHANG if exited is None else 0)
                if done:
                    return status
            if control in ready:
                message = control.recv(64)
                if not message or message.startswith(b"K"):
                    os.kill(pid, signal.SIGKILL)
    finally:
        if exited is not None:
            os.close(exited)


def serve(control_fd: int, workdir: str) -> None:
    """The fork server. Control messages: F with the job's three descriptors (fork a child for it and
    answer "X pid status" when it has ended), K (kill that child), C with a pipe carrying a case set
    (load it, answer "C ok")."""
    die_with_parent()
    control = socket.socket(fileno=control_fd)
    jail = Jail(workdir)  # built once: each child enters it with a couple of system calls
    jail.settle()
    hello = {
        "pid": os.getpid(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "blas_threads": {name: os.environ.get(name) for name in BLAS_VARIABLES},
        "landlock_abi": _landlock.abi_version(),
        "seccomp": jail.seccomp is not None,
        "read_paths": jail.paths,
    }
    control.sendall(json.dumps(hello).encode() + b"\n")
    _keep_freed_memory()
    _warm_up(jail)
    sets: dict[str, CaseSet] = {}
    _freeze(jail)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 64, 3)
        except (OSError, ValueError):
            return
        if message.startswith(b"K") and not fds:
            continue  # a kill for a child that had already ended
        if message == b"C" and len(fds) == 1:
            control.sendall(_load(fds[0], sets, jail))
            continue
        if not message or len(fds) != 3:
            for fd in fds:
                os.close(fd)
            return
        pid = os.fork()
        if pid == 0:
            run_job(fds[0], fds[1], fds[2], jail, sets)  # which closes the control socket with the rest
        for fd in fds:
            os.close(fd)
        status = _wait(control, pid)
        control.sendall(f"X {pid} {status}\n".encode())


def main(argv: list[str]) -> None:
    if argv[:1] == ["serve"]:
        serve(int(argv[1]), argv[2])
    elif argv[:1] == ["single"]:
        job, result, capture = (int(a) for a in argv[1:4])
        run_job(job, result, capture, Jail(argv[4]))
    else:
        sys.stderr.write(__doc__ or "")
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
