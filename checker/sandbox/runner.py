"""The sandbox runner: a fresh interpreter that imports numpy and nothing of the grader.

    python -I runner.py serve CONTROL_FD WORKDIR    a fork server: one child per job, forked before the job exists
    python -I runner.py single JOB RESULT CAPTURE WORKDIR    one job in this process (the spawn fallback)

WORKDIR is the one folder a child may write in; the grader puts the submission there before each job
and empties it after.

For each job the grader hands over three file descriptors (SCM_RIGHTS on the control socket): the job
pipe, the result pipe and the output capture file. The child closes everything else, reads its job
(source and inputs, never expected values), locks itself in (rlimits, Landlock, seccomp, a scrubbed
environment, a working folder holding only the submission), runs the cases in turn and writes one framed
result per case: arrays as .npy bytes, never pickle. The grader, not this process, decides pass or fail.

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
import traceback  # noqa: E402

import numpy as np  # noqa: E402

try:  # imported here, not in each child: an import after the fork costs every submission
    import resource
except ImportError:  # Windows
    resource = None

MAX_MESSAGE = 2000
MAX_TRACEBACK = 4000


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
        self.seccomp = _seccomp.build_filter()
        self.install_seccomp = _seccomp.Installer(self.seccomp) if self.seccomp is not None else None
        self.ruleset = -1
        self.info: dict = {}
        self.paths: tuple[list[str], list[str]] = ([], [])
        if sys.platform.startswith("linux"):
            try:
                self.paths = read_paths()
                self.ruleset, self.info = _landlock.build(self.paths[0], [workdir], self.paths[1])
            except OSError as error:
                self.info = {"landlock": 0, "landlock_error": str(error)}

    def enter(self, limits: dict) -> dict:
        """Lock this (child) process in; report which layers are active."""
        os.environ.clear()
        os.environ.update({name: "1" for name in BLAS_VARIABLES})
        os.environ.update(HOME=self.workdir, LANG="C.UTF-8", TMPDIR=self.workdir)
        os.chdir(self.workdir)
        layers: dict = {"rlimits": sorted(_limit(limits))}
        layers.update(self.info)
        if self.ruleset >= 0:
            try:
                _landlock.enter(self.ruleset)
            except OSError as error:
                layers.update(landlock=0, landlock_error=str(error))
            os.close(self.ruleset)
        if self.seccomp is not None:
            try:
                self.install_seccomp()
                layers["seccomp"] = True
            except OSError as error:
                layers.update(seccomp=False, seccomp_error=str(error))
        return layers


def die_with_parent() -> None:
    """Linux: be killed when the parent process ends, so nothing outlives a grader that was stopped."""
    if sys.platform.startswith("linux"):
        _landlock._libc().prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL


def _close_other_fds(keep: set[int]) -> None:
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        open_fds = list(range(3, 256))
    for fd in open_fds:
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _limit(limits: dict) -> dict:
    applied = {}

    def setrlimit(name: str, soft: int, hard: int | None = None) -> None:
        kind = getattr(resource, name, None) if resource else None
        if kind is None:
            return
        try:
            resource.setrlimit(kind, (soft, soft if hard is None else hard))
            applied[name] = soft
        except (ValueError, OSError):
            pass

    cpu = int(limits.get("cpu_seconds", 10))
    setrlimit("RLIMIT_CPU", cpu, cpu + 1)
    setrlimit("RLIMIT_CORE", 0)
    setrlimit("RLIMIT_NPROC", 0)
    setrlimit("RLIMIT_FSIZE", int(limits.get("file_bytes", 1 << 20)))
    setrlimit("RLIMIT_NOFILE", 64)
    try:  # address space: what is mapped now (numpy and its BLAS included) plus the allowance
        with open("/proc/self/statm") as statm:
            mapped = int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError):
        mapped = 0
    if mapped:
        setrlimit("RLIMIT_AS", mapped + int(limits.get("memory_bytes", 1 << 30)))
    return applied


# -- running the submission -------------------------------------------------------------------------


def _send(fd: int, kind: bytes, header: dict, arrays=()) -> None:
    _frames.write_frame(fd, kind, _frames.pack(header, list(arrays)))


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


def _outputs(value) -> tuple[dict, list]:
    """What the function returned, as a structure description and the arrays in it."""

    def as_array(item):
        if isinstance(item, np.ndarray) and item.dtype.kind in _frames.ALLOWED_KINDS:
            return np.asarray(item)  # subclasses arrive as plain arrays
        return None

    if isinstance(value, np.ndarray):
        array = as_array(value)
        if array is None:
            return {"structure": "other", "types": [f"ndarray[{value.dtype}]"]}, []
        return {"structure": "array", "types": ["ndarray"]}, [array]
    if isinstance(value, (tuple, list)) and len(value) <= 8:
        arrays = [as_array(item) for item in value]
        types = [type(item).__name__ for item in value]
        if all(a is not None for a in arrays):
            return {"structure": type(value).__name__, "types": types}, arrays
        return {"structure": type(value).__name__, "types": types}, []
    return {"structure": "other", "types": [type(value).__name__]}, []


def run_job(job_fd: int, result_fd: int, capture_fd: int, jail: Jail) -> None:
    """The child: read the job, lock in, run each case, report. Never returns normally."""
    try:
        die_with_parent()
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.dup2(capture_fd, 1)
        os.dup2(capture_fd, 2)
        _close_other_fds({job_fd, result_fd, jail.ruleset})
        sys.stdout = open(1, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)
        sys.stderr = open(2, "w", encoding="utf-8", errors="replace", closefd=False, buffering=1)
        frame = _frames.FrameReader(job_fd).read(None)
        if frame is None or frame[0] != _frames.JOB:
            os._exit(3)
        header, source, arrays = _frames.unpack(frame[1])
        os.close(job_fd)
        if os.path.realpath(header["workdir"]) != os.path.realpath(jail.workdir):
            raise ValueError("the job's folder is not the runner's")
        layers = jail.enter(header.get("limits", {}))
        _send(result_fd, _frames.HELLO, {"layers": layers, "pid": os.getpid()})
    except BaseException as error:  # a fault of the grader's side, before any student code ran
        try:
            _send(result_fd, _frames.ERROR, {"kind": "runner", "message": _short(repr(error))})
        finally:
            os._exit(4)
    _run_student(header, source, arrays, result_fd)


def _changed(before, after) -> bool:
    """Did the function modify this argument in place? (`before` is the untouched copy.)"""
    after = np.asarray(after)
    return after.shape != before.shape or not np.array_equal(
        after, before, equal_nan=before.dtype.kind in "fc"
    )


def _run_student(header: dict, source: bytes, arrays: list, result_fd: int) -> None:
    import builtins

    filename = header["filename"]
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError) as error:
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
        _send(result_fd, _frames.ERROR, info)
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
    _send(result_fd, _frames.RESULT, {"case": None, "status": "imported"})
    offset = 0
    for case in header["cases"]:
        inputs = arrays[offset : offset + case["nargs"]]
        offset += case["nargs"]
        args = [a.item() if a.ndim == 0 else a.copy() for a in inputs]  # 0-d arrays are plain numbers
        try:
            value = function(*args)
        except BaseException as error:  # SystemExit and KeyboardInterrupt lose this case only
            _send(
                result_fd,
                _frames.RESULT,
                dict(_describe(error, filename), case=case["id"], status="exception"),
            )
            continue
        try:
            structure, outputs = _outputs(value)
            mutated = [_changed(before, after) for before, after in zip(inputs, args)]
            _send(
                result_fd,
                _frames.RESULT,
                dict(structure, case=case["id"], status="ok", outputs=len(outputs), mutated=mutated),
                outputs,
            )
        except BaseException as error:
            _send(
                result_fd,
                _frames.RESULT,
                dict(_describe(error, filename), case=case["id"], status="exception"),
            )
    _send(result_fd, _frames.DONE, {})
    sys.stdout.flush()
    os._exit(0)


# -- the fork server ---------------------------------------------------------------------------------


def _wait(control, pid: int) -> int:
    """Wait for the child; kill it when the grader says K (or is gone). Returns the waitpid status."""
    import select
    import signal

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
    import json
    import socket

    die_with_parent()
    control = socket.socket(fileno=control_fd)
    jail = Jail(workdir)  # built once: each child enters it with a couple of system calls
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
    import gc

    gc.collect()
    gc.freeze()  # a child's collections then skip everything inherited: fewer copy-on-write pages
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 64, 3)
        except (OSError, ValueError):
            return
        if message.startswith(b"K") and not fds:
            continue  # a kill for a child that had already ended
        if not message or len(fds) != 3:
            for fd in fds:
                os.close(fd)
            return
        pid = os.fork()
        if pid == 0:
            control.close()
            run_job(fds[0], fds[1], fds[2], jail)
        for fd in fds:
            os.close(fd)
        control.sendall(f"P {pid}\n".encode())
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
