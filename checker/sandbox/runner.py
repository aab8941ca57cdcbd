"""The sandbox runner: a fresh interpreter that imports numpy and nothing of the grader.

    python -I runner.py serve CONTROL_FD WORKDIR    a fork server: one child per job, forked before the job exists,
                                                     from a zygote that never hears from a child

WORKDIR is the child's working folder: empty, and read-only to it.

The runner holds no case input in its memory. The grader gives it each case's inputs as a sealed,
read-only memory file (a case set: descriptors only). For each job the grader hands over three file
descriptors (SCM_RIGHTS on the control socket): the job pipe, the result pipe and the output capture
file, and names the cases to run. The child closes everything else, reads its job (source, function,
limits: never an input, never an expected value), drops its privileges and locks itself in (a
non-root user without capabilities, rlimits, Landlock, a seccomp allow list), runs the student's
module, and only then asks the runner, over a socket of its own, for one case at a time: the runner
answers with that case's memory file, which the child maps read-only. An in-place write into an input
therefore raises instead of going unnoticed. The child writes one framed result per case: arrays as
raw bytes, never pickle. The grader, not this process, decides pass or fail.

A job may say how to call the function (its header's "packing": one argument may be a list of arrays)
and which arguments it changes in place ("in_place"): those alone get writable copies, made in the
child once their case has arrived, and the copies after the call are the case's result.

This file imports only the standard library, numpy and its four siblings _frames, _landlock, _mounts,
_seccomp.
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
import _mounts  # noqa: E402
import _seccomp  # noqa: E402

sys.path.remove(_HERE)
if sys.argv[1:2] == ["--numpy-home"]:  # started with -S: numpy's folder is given, not found by `site`
    sys.path.append(sys.argv[2])
    del sys.argv[1:3]
ALLOWED: list[tuple[str, str]] = []  # (module, its folder or file): packages the instructor allowed
while sys.argv[1:2] == ["--allow"]:
    _module, _, _where = sys.argv[2].partition("=")
    ALLOWED.append((_module, _where))
    if os.path.dirname(_where) not in sys.path:
        sys.path.append(os.path.dirname(_where))
    del sys.argv[1:3]
import array  # noqa: E402
import ctypes  # noqa: E402
import errno  # noqa: E402
import gc  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import linecache  # noqa: E402
import mmap  # noqa: E402
import re  # noqa: E402
import select  # noqa: E402
import signal  # noqa: E402
import socket  # noqa: E402
import time  # noqa: E402
import traceback  # noqa: E402
import types  # noqa: E402

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
    readable = {p for p in paths if safe(p) and os.path.exists(p)}
    for name, where in ALLOWED:  # read-only, that package and the libraries it ships, nothing beside it
        where = real(where)
        for path in (where, os.path.join(os.path.dirname(where), f"{name}.libs")):
            if os.path.exists(path) and not _inside(path, grader) and not _inside(grader, path):
                readable.add(path)
    readable = sorted(readable)
    # Listing the standard library's folder lets the import system see new modules there (names only).
    return readable, [stdlib]


KEPT_OUTPUT = 128 * 1024  # bytes of a child's printing written out: more than the grader keeps


class _Kept(io.RawIOBase):
    """A child's fd 1 or 2 under print(): written until the `room` its two streams share is used up, then
    dropped. Printing too much costs no test (a write past RLIMIT_FSIZE would raise in the student's
    print), in `check` as in `grade`, which runs every case in one child."""

    def __init__(self, fd: int, room: list[int]) -> None:
        super().__init__()
        self.fd, self.room = fd, room

    def writable(self) -> bool:
        return True

    def fileno(self) -> int:
        return self.fd

    def write(self, data) -> int:
        size = len(data)
        with memoryview(data) as view:
            view = view[: max(0, self.room[0])]
            while len(view):
                written = os.write(self.fd, view)
                self.room[0] -= written
                view = view[written:]
        return size


def _printed() -> tuple:
    """sys.stdout and sys.stderr for a child: line-buffered UTF-8 text into fds 1 and 2, together
    bounded by KEPT_OUTPUT."""
    room = [KEPT_OUTPUT]
    return tuple(
        io.TextIOWrapper(
            io.BufferedWriter(_Kept(fd, room)), encoding="utf-8", errors="replace", line_buffering=True
        )
        for fd in (1, 2)
    )


class Jail:
    """Every isolation layer, prepared once in the runner so that entering it costs a child little."""

    def __init__(self, workdir: str) -> None:
        self.workdir = workdir
        self.real_workdir = os.path.realpath(workdir)
        self.environ = {name: "1" for name in BLAS_VARIABLES}
        self.environ.update(HOME=workdir, LANG="C.UTF-8", TMPDIR=workdir)
        self.mapped: int | None = None  # bytes mapped by the runner: the base of a child's memory limit
        # The child's sys.stdout and sys.stderr, made here: a child that builds them pays in copied pages.
        self.streams = _printed()
        self.seccomp = _seccomp.build_filter()
        self.install_seccomp = _seccomp.Installer(self.seccomp) if self.seccomp is not None else None
        self.ruleset = -1
        self.restrict: _landlock.Restrictor | None = None
        self.landlock_error: str | None = None  # why the zygote could not enter the ruleset (below)
        self.info: dict = {}
        self.paths: tuple[list[str], list[str]] = ([], [])
        self.libc = _landlock._libc() if sys.platform.startswith("linux") else None
        _capabilities(self.libc)  # its arguments made here, not in each child
        if sys.platform.startswith("linux"):
            try:
                self.paths = read_paths()
                # The working folder is read-only too: a child writes nowhere.
                self.ruleset, self.info = _landlock.build([*self.paths[0], workdir], [], self.paths[1])
            except OSError as error:
                self.info = {"landlock": 0, "landlock_error": str(error)}
        if self.ruleset >= 0:
            self.restrict = _landlock.Restrictor(self.ruleset)

    def settle(self) -> None:
        """Give this process (the fork server) the environment and folder every child needs, so that
        children inherit them instead of setting them."""
        os.environ.clear()
        os.environ.update(self.environ)
        os.chdir(self.workdir)

    def measure(self) -> None:
        """Note what is mapped now, the base of a child's address-space limit."""
        self.mapped = _mapped()

    def restrict_zygote(self) -> None:
        """In the zygote, before its first fork: enter the Landlock ruleset (and no_new_privs, which it
        needs) once, so that every child is born inside it, as what it runs before the rest of the
        jail (its job read, the modules its source names) reads only what the ruleset allows. The
        zygote itself reads no file; it forks, passes descriptors on and waits."""
        if self.restrict is None:
            return
        try:
            self.restrict()
        except OSError as error:
            self.landlock_error = str(error)
        os.close(self.ruleset)
        self.ruleset, self.restrict = -1, None

    def enter(self, limits: dict) -> dict:
        """Lock this (child) process in; report which layers are active. Raises OSError when a layer
        that must hold (the change of user) cannot be had."""
        layers: dict = {"user": _drop_privileges(self.libc)}
        die_with_parent(self.libc)  # after the change of user, which clears the parent-death signal
        layers["rlimits"] = sorted(_limit(limits, self.mapped or _mapped()))
        layers.update(self.info)
        no_new_privs = False  # set by the first layer that needs it
        if self.landlock_error is not None:  # the zygote's attempt (restrict_zygote)
            layers.update(landlock=0, landlock_error=self.landlock_error)
        elif self.info.get("landlock"):  # entered by the zygote, with no_new_privs: born inside both
            no_new_privs = True
        if self.install_seccomp is not None:
            try:
                self.install_seccomp(no_new_privs=not no_new_privs)
                layers["seccomp"] = True
                no_new_privs = True
            except OSError as error:
                layers.update(seccomp=False, seccomp_error=str(error))
        if not no_new_privs and self.libc is not None:
            no_new_privs = self.libc.prctl(38, 1, 0, 0, 0) == 0  # PR_SET_NO_NEW_PRIVS
        layers["no_new_privs"] = no_new_privs
        return layers


UNPRIVILEGED = 65534  # the user and group "nobody": owns nothing on the machine
CAPABILITY_VERSION_3 = 0x20080522


def _drop_privileges(libc) -> dict:
    """Linux: a child of a root runner becomes the unprivileged user, in no group, with every
    capability gone (a change from uid 0 clears the permitted, effective and ambient sets). What it
    then is, as read back from the kernel; raises OSError when the change fails."""
    if os.geteuid() == 0 and hasattr(os, "setresuid"):
        os.setgroups([])
        os.setresgid(UNPRIVILEGED, UNPRIVILEGED, UNPRIVILEGED)
        os.setresuid(UNPRIVILEGED, UNPRIVILEGED, UNPRIVILEGED)
        if 0 in os.getresuid() or 0 in os.getresgid():
            raise OSError("the change of user did not hold")
    capabilities = _capabilities(libc)
    if capabilities:  # a non-root runner that was given some: let them go
        import ctypes

        header = (ctypes.c_uint32 * 2)(CAPABILITY_VERSION_3, 0)
        libc.capset(header, (ctypes.c_uint32 * 6)())
        capabilities = _capabilities(libc)
    if capabilities:
        raise OSError(f"capabilities left after the change of user: {capabilities:#x}")
    return {"uid": os.geteuid(), "gid": os.getegid(), "capabilities": capabilities}


_CAPGET: list = []  # (capget, its header, its data), made once in the runner


def _capabilities(libc) -> int:
    """The effective and permitted capability sets of this process (0: none); 0 off Linux."""
    if libc is None:
        return 0
    if not _CAPGET:
        import ctypes

        header = (ctypes.c_uint32 * 2)(CAPABILITY_VERSION_3, 0)
        data = (ctypes.c_uint32 * 6)()  # two cap_user_data structs: effective, permitted, inheritable
        _CAPGET.append((libc.capget, ctypes.byref(header), data))
    capget, header, data = _CAPGET[0]
    if capget(header, data) != 0:
        raise OSError("capget failed")
    return data[0] | data[1] | (data[3] << 32) | (data[4] << 32)


def die_with_parent(libc=None) -> None:
    """Linux: be killed when the parent process ends, so nothing outlives a grader that was stopped
    (the seccomp filter then keeps the child from changing it)."""
    if sys.platform.startswith("linux"):
        libc = libc or _landlock._libc()
        parent = os.getppid()
        libc.prctl(1, 9, 0, 0, 0)  # PR_SET_PDEATHSIG, SIGKILL
        if os.getppid() != parent:  # the parent ended before the signal was set
            os._exit(5)


def _settle_fds(keep: tuple[int, ...], capture_fd: int, jail: Jail) -> None:
    """stdin from /dev/null (opened here: a descriptor shared with the runner would share its flags
    with every later child), stdout and stderr into the capture file, every other descriptor but
    `keep` and the Landlock ruleset closed (close_range, not one close each)."""
    null = os.open(os.devnull, os.O_RDONLY)
    if null != 0:
        os.dup2(null, 0)
        os.close(null)
    os.dup2(capture_fd, 1)
    os.dup2(capture_fd, 2)
    low = 3
    for fd in sorted({*keep, jail.ruleset} - {-1}):
        os.closerange(low, fd)
        low = fd + 1
    os.closerange(low, max(OPEN_MAX, low))


_PROC = [-1]  # a descriptor of /proc, kept by the runner before it covers /proc (_mounts.isolate)


def proc_open(path: str, flags: int = os.O_RDONLY) -> int:
    """Open a file of /proc ("self/statm") through the runner's descriptor of it: /proc itself is
    covered, for the runner as for its children, once the runner has isolated itself."""
    if _PROC[0] >= 0:
        return os.open(path, flags | os.O_CLOEXEC, dir_fd=_PROC[0])
    return os.open(f"/proc/{path}", flags | os.O_CLOEXEC)


def _mapped() -> int:
    """Bytes this process has mapped (0 when unknown)."""
    try:
        fd = proc_open("self/statm")
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


class CaseSet:
    """The cases of one class, as the grader gave them: for each, its id, the description of its
    input arrays ([dtype, shape, offset]) and a sealed memory file holding their bytes. Never mapped
    here: a child receives one case's file when it asks for that case, and no other."""

    def __init__(self, header: dict, fds: list[int]) -> None:
        cases = header["cases"]
        if not isinstance(cases, list) or len(cases) != len(fds):
            raise ValueError("the cases do not match their files")
        self.key = str(header["key"])
        self.fds = fds
        # What a child is sent for each case, made once: the description (with the file's size, so the
        # child need not ask).
        self.messages = [
            json.dumps({"id": str(c["id"]), "arrays": c["arrays"], "size": os.fstat(fd).st_size}).encode()
            for c, fd in zip(cases, fds)
        ]

    def close(self) -> None:
        for fd in self.fds:
            os.close(fd)
        self.fds = []

    def opened(self, index: int) -> int:
        """A descriptor of case `index`'s memory file of its own (read-only, reads leave no access
        time): its offset and flags, which a child may change, are that child's alone, and its reads
        change nothing a later child can see. The runner's own descriptor where /proc cannot give
        another."""
        path = f"self/fd/{self.fds[index]}"
        try:  # no access time either: the file is one, whoever reads it, and its times are shared
            return proc_open(path, os.O_RDONLY | getattr(os, "O_NOATIME", 0))
        except OSError:
            pass
        try:
            return proc_open(path)
        except OSError:
            return os.dup(self.fds[index])


def _load(message: bytes, fds: list[int], sets: dict) -> bytes:
    """Keep the case set the grader sent (C {json} with one memory file per case); the answer."""
    try:
        header = json.loads(message[1:])
        case_set = CaseSet(header, fds)
    except (ValueError, TypeError, KeyError) as error:
        for fd in fds:
            os.close(fd)
        return f"C error {' '.join(str(error).split())[:200]}\n".encode()
    for key in header.get("drop", []):
        old = sets.pop(str(key), None)
        if old is not None:
            old.close()
    old = sets.pop(case_set.key, None)
    if old is not None:
        old.close()
    sets[case_set.key] = case_set
    return b"C ok\n"


class Feed:
    """The runner's side of a child's case socket: each request gets the next case of the job (its
    description and its memory file), until there are none; then the socket is closed. Never waits
    on the child: a child that does not read its answers only loses its cases."""

    def __init__(self, sock: socket.socket, case_set: CaseSet | None, run: list[int], gate: int) -> None:
        self.sock = sock
        self.case_set = case_set
        self.run = run
        self.served = 0
        self.gate = gate  # cases served before the grader says G: the rest wait for its word
        self.pid = 0  # the child's, once it runs: its CPU time is read when each case is served
        self.born = time.monotonic()  # when it was forked
        self.marks: list[float] = []  # the child's CPU seconds when each case was served, in order

    def waiting(self) -> bool:
        """The next case is behind the gate: the child's request is left unread until G comes."""
        return self.gate <= self.served < len(self.run)

    def used(self, position: int) -> float:
        """The CPU seconds of the step the grader waits on: loading (-1), or the case at `position` of
        the run, counted from when it was served (a case asked for early does not move the mark of
        the one before it); from the last case served if it was not asked for yet."""
        now = child_cpu(self.pid)
        if position < 0:
            return now
        if position < len(self.marks):
            return max(0.0, now - self.marks[position])
        return max(0.0, now - (self.marks[-1] if self.marks else 0.0))

    def wanted(self) -> float:
        """The share of its life so far the child spent on a CPU or waiting for one (the kernel's
        schedstat: its run time and its time on a run queue), as against asleep by its own doing;
        -1 where the kernel does not say."""
        try:
            fd = proc_open(f"{self.pid}/schedstat")
            try:
                ran, waited = (int(n) for n in os.read(fd, 256).split()[:2])
            finally:
                os.close(fd)
        except (OSError, ValueError):
            return -1.0
        age = time.monotonic() - self.born
        return (ran + waited) / 1e9 / age if age > 0 else -1.0

    def asleep(self, position: int) -> bool:
        """The child holds what the step at `position` needs (loading needs nothing from here; a case
        must have been served) and sleeps by itself: interruptible sleep, in the kernel's word (a
        sleep, a wait on a lock or a pipe of its own), not a disk's wait nor stopped. Then nothing the
        grader or this runner does keeps it waiting."""
        if len(self.marks) <= position:  # its case not served yet (loading, at -1, needs none)
            return False
        try:
            fd = proc_open(f"{self.pid}/stat")
            try:
                stat = os.read(fd, 1024)
            finally:
                os.close(fd)
        except OSError:
            return False
        state = stat[stat.rfind(b")") + 1 :].split()[:1]
        return state == [b"S"]

    def answer(self) -> bool:
        """Serve one request; False once the feed is closed."""
        try:
            request = self.sock.recv(16)
            if request and self.case_set is not None and self.served < len(self.run):
                index = self.run[self.served]
                self.served += 1
                self.marks.append(child_cpu(self.pid))
                fd = self.case_set.opened(index)
                try:
                    rights = [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [fd]))]
                    self.sock.sendmsg([self.case_set.messages[index]], rights, socket.MSG_DONTWAIT)
                finally:
                    os.close(fd)
                return True
        except OSError:
            pass
        self.sock.close()
        return False


# -- running the submission -------------------------------------------------------------------------


def _send(fd: int, kind: bytes, header: dict, arrays=()) -> None:
    _frames.send(fd, kind, header, arrays)


def _traceback(error: BaseException, filename: str) -> str:
    frames = traceback.extract_tb(_own_frames(error.__traceback__, filename))
    lines = traceback.format_list(frames) + traceback.format_exception_only(type(error), error)
    return _short("".join(lines), MAX_TRACEBACK)


def _own_frames(tb, filename: str):
    """The traceback `tb` with the submission's frames only. Lines are looked up for these alone:
    numpy's or the runner's own source is never read in the child just to be left out (the first
    exception of a case in numpy's code read a module of thousands of lines)."""
    kept = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            kept.append(tb)
        tb = tb.tb_next
    own = None
    for entry in reversed(kept):
        own = types.TracebackType(own, entry.tb_frame, entry.tb_lasti, entry.tb_lineno)
    return own


def _text(value: object) -> str:
    """str(value), or a fixed placeholder when its __str__ raises or gives no text (what a submission
    raises is its own report, never a crash of this loop)."""
    try:
        text = str(value)
        return text if type(text) is str else "<unprintable>"
    except BaseException:  # noqa: BLE001 - whatever its __str__ raises
        return "<unprintable>"


_TYPE_NAME = type.__dict__["__name__"].__get__  # a class's own name, whatever its metaclass pretends


def _describe(error: BaseException, filename: str) -> dict:
    """What a submission raised, as plain fields. Its class's name, its text and its traceback are
    read without trusting anything the exception (or its metaclass) defines."""
    kind = type(error)  # the builtin type(): no __class__ property can answer instead
    try:
        name = _TYPE_NAME(kind)
        name = name if type(name) is str else "<unprintable>"
    except BaseException:  # noqa: BLE001
        name = "<unprintable>"
    try:
        trace = _traceback(error, filename)
    except BaseException:  # noqa: BLE001 - a traceback its own objects make unprintable
        trace = _short(f"{name}: <unprintable>", MAX_TRACEBACK)
    return {
        "type": name,
        "message": _short(_text(error)),
        "traceback": trace,
        "not_implemented": issubclass(kind, NotImplementedError),
        "memory": issubclass(kind, MemoryError),
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
        # A namedtuple is a tuple: the structure is one of the grader's words, never the class's name.
        structure = "tuple" if isinstance(value, tuple) else "list"
        if all(a is not None for a in arrays):
            return {"structure": structure, "types": types}, arrays
        return {"structure": structure, "types": types}, []
    return {"structure": "other", "types": [type(value).__name__]}, []


def run_job(job_fd: int, result_fd: int, capture_fd: int, feed_fd: int, jail: Jail) -> None:
    """The child: read the job, lock in, run the module, then each case as it arrives; report.
    Never returns."""
    try:
        _settle_fds((job_fd, result_fd, feed_fd), capture_fd, jail)
        sys.stdout, sys.stderr = jail.streams
        frame = _frames.read_frame(job_fd)
        if frame is None or frame[0] != _frames.JOB:
            os._exit(3)
        header, source, _ = _frames.unpack_job(frame[1])
        del frame
        header["calling"] = _calling(header)  # malformed settings: the job is refused (below)
        os.close(job_fd)
        _import_named(source)
        layers = jail.enter(header.get("limits", {}))
        _send(result_fd, _frames.HELLO, {"layers": layers, "pid": os.getpid()})
    except BaseException as error:  # a fault of the grader's side, before any student code ran
        try:
            _send(result_fd, _frames.ERROR, {"kind": "runner", "message": _short(repr(error))})
        finally:
            os._exit(4)
    # The harness's own trouble from here on (the grader hung up on a forged frame, a pipe the student
    # closed) ends the child without a word: the grader judges by what it got, and a traceback would
    # read as the student's output, with the grader's paths in it.
    try:
        _run_student(header, source, result_fd, socket.socket(fileno=feed_fd))
    except BaseException:  # noqa: BLE001
        os._exit(5)


def _syntax_error(error: Exception, source: bytes) -> dict:
    info = {
        "kind": "syntax",
        "type": type(error).__name__,
        "message": _short(str(getattr(error, "msg", error)) or type(error).__name__),
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


def _remember_source(filename: str, source: bytes) -> None:
    """Tracebacks and warnings show the student's lines without reading the file (it is not there)."""
    text = source.decode("utf-8", errors="replace")
    linecache.cache[filename] = (len(text), None, text.splitlines(True), filename)


def _run_student(header: dict, source: bytes, result_fd: int, feed: socket.socket) -> None:
    import builtins

    filename = header["filename"]
    try:
        code = compile(source, filename, "exec", dont_inherit=True)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:  # the last two: nested too deep
        _send(result_fd, _frames.ERROR, _syntax_error(error, source))
        os._exit(0)
    _remember_source(filename, source)
    namespace = {"__name__": "submission", "__file__": filename, "__builtins__": builtins}
    # Bound before the submission's code runs: it may change whatever it reaches (numpy, this module,
    # the builtins, the header), never these (see _checked_call and _guard).
    call, report, calling = _checked_call, _copies_written, header.get("calling")
    sys.addaudithook(_guard)
    try:
        exec(code, namespace)
    except SystemExit as error:
        _send(result_fd, _frames.ERROR, {"kind": "exit", "code": _short(_text(error.code))})
        os._exit(0)
    except BaseException as error:
        _send(result_fd, _frames.ERROR, dict(_describe(error, filename), kind="import"))
        os._exit(0)
    function = namespace.get(header["function"])
    if not callable(function):
        _send(result_fd, _frames.ERROR, {"kind": "missing", "function": header["function"]})
        os._exit(0)
    _send(result_fd, _frames.RESULT, {"case": None, "status": "imported", "t": time.monotonic()})
    while True:
        case = _next_case(feed, numbers=calling is None)  # asked for only now: no input exists before
        if case is None:
            break
        case_id, inputs, memory = case
        value, copies, error = call(function, inputs, calling, result_fd)
        del inputs, memory  # left mapped until the child ends: unmapping costs more than it saves
        if copies is not None and error is None and report(result_fd, case_id, value, copies):
            continue  # an in-place answer: its arrays are the copies the function was handed, nothing else
        _frames.write_all(result_fd, _answer(case_id, value, copies, error, filename))
    _frames.write_all(result_fd, _DONE)
    sys.stdout.flush()
    os._exit(0)


_DONE = _frames.frame(_frames.DONE, {})


_FD_SPACE = socket.CMSG_SPACE(array.array("i").itemsize)  # room for one descriptor


def _next_case(feed: socket.socket, numbers: bool = True):
    """(case id, its inputs, their mapping) from the runner, or None when there are no more. The
    inputs are views of a read-only shared mapping of a sealed file: no write can reach them. 0-d
    inputs are plain numbers, unless not `numbers` (then _arguments decides)."""
    feed.send(b"N")
    message, ancillary, _, _ = feed.recvmsg(1 << 16, _FD_SPACE)
    fds = array.array("i")
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
            fds.frombytes(data[: len(data) - len(data) % fds.itemsize])
    if not message or len(fds) != 1:
        for fd in fds:
            os.close(fd)
        return None
    try:
        described = json.loads(message)
        size = described["size"]
        memory = mmap.mmap(fds[0], size, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ) if size else b""
    finally:
        os.close(fds[0])
    inputs = tuple(_input(memory, *description, number=numbers) for description in described["arrays"])
    return str(described["id"]), inputs, memory


def _input(memory, dtype: str, shape: list, offset: int, number: bool = True):
    """One argument: a read-only array over `memory`; a 0-d one as a plain number (if `number`)."""
    dtype = np.dtype(dtype)
    count = 1
    for size in shape:
        count *= size
    if count == 0:  # no bytes to map
        array = np.empty(shape, dtype=dtype)
        array.flags.writeable = False
        return array
    array = np.frombuffer(memory, dtype=dtype, count=count, offset=offset).reshape(shape)
    return array.item() if array.ndim == 0 and number else array


MAX_ARGUMENTS = 8  # in a job's packing


def _calling(header: dict) -> tuple[tuple[str, ...], frozenset[int]] | None:
    """The job's "packing" ("list" or "array" per argument, one "list" at most) and "in_place" (the
    positions of arguments handed over as writable copies, whose arrays are reported after the call),
    checked: None when the job has neither (one read-only input per argument, the returned value
    reported). Raises ValueError for anything else."""
    if "packing" not in header and "in_place" not in header:
        return None
    packing, in_place = header.get("packing"), header.get("in_place")
    if (
        type(packing) is not list
        or not 1 <= len(packing) <= MAX_ARGUMENTS
        or not all(type(kind) is str and kind in ("list", "array") for kind in packing)
        or packing.count("list") > 1
    ):
        raise ValueError("a malformed packing")
    if (
        type(in_place) is not list
        or not all(type(i) is int and 0 <= i < len(packing) for i in in_place)
        or len(set(in_place)) != len(in_place)
    ):
        raise ValueError("a malformed in_place")
    return tuple(packing), frozenset(in_place)


def _arguments(inputs: tuple, calling: tuple, _len=len, _list=list, _tuple=tuple, _enumerate=enumerate,
               _copy=np.array, _error=ValueError) -> tuple[list, tuple | None]:  # fmt: skip
    """(the function's arguments, the writable copies to report or None) from a case's flat arrays:
    a list argument takes every array the others (one each) do not; in-place arguments are fresh
    writable copies, made here, after the case arrived; the rest stay read-only, 0-d as numbers.
    Called by _checked_call after the submission loaded: it names nothing the submission can replace."""
    kinds, in_place = calling
    spare = _len(inputs) - _len(kinds) + 1 if "list" in kinds else 1
    if spare < 0 or ("list" not in kinds and _len(inputs) != _len(kinds)):
        raise _error("the case's inputs do not fit the job's arguments")
    arguments, copies, at = [], [], 0
    for position, kind in _enumerate(kinds):
        take = spare if kind == "list" else 1
        group = _list(inputs[at : at + take])
        at += take
        if position in in_place:
            group = [_copy(item, copy=True) for item in group]
            copies += group
        elif kind == "array":
            group = [item.item() if item.ndim == 0 else item for item in group]
        arguments.append(group if kind == "list" else group[0])
    # a tuple: the copies reported are the ones handed over, whatever the code finds through gc
    return arguments, (_tuple(copies) if in_place else None)


def _arguments_after(value, copies: tuple) -> tuple[dict, list]:
    """In-place results: the copies as they are after the call (numbers still: a dtype changed by
    assignment to another kind raises), and the type of what the function returned (not graded)."""
    outputs = [_as_array(copy) for copy in copies]
    if any(output is None for output in outputs):
        raise TypeError("an argument's dtype was changed to one that holds no numbers")
    return {"structure": "arguments", "types": [type(value).__name__]}, outputs


def _run_case(function, case_id: str, inputs: tuple, filename: str, calling: tuple | None = None) -> bytes:
    """Call `function` on `inputs` (packed as `calling` says); the frame reporting what it returned,
    or with in-place arguments the arrays they hold after the call. The warm-up's way, on inputs of
    its own (a child calls through _checked_call)."""
    copies = None
    try:
        if calling is not None:
            inputs, copies = _arguments(inputs, calling)
        value = function(*inputs)
    except BaseException as error:  # SystemExit and KeyboardInterrupt lose this case only
        return _failed(error, filename, case_id)
    return _answer(case_id, value, copies, None, filename)


# -- the call of the submission's function -------------------------------------------------------------
# The submission's module runs in the child before any case, and may change anything it can reach:
# numpy's functions, this module's, the builtins, the job's header. The in-place rule must not rest on
# any of them: the function is called by _checked_call, on arguments it checks to be what the harness
# hands over (a plain number, or an array that nothing can write into through it: the case's memory is
# mapped read-only from a sealed file), and the in-place arguments' fresh copies. Every name it uses is
# bound as a default when the runner starts, before any submission ran in the process; the child holds
# it in a variable set before the module runs; and _guard, an audit hook no code can remove, refuses
# new code or defaults for it. This catches the mistake and any replaced piece, not a module that takes
# its whole process over (see ARCHITECTURE.md).

_ARRAY_BASE = np.ndarray.base.__get__  # numpy's own getters, whatever a subclass declares
_ARRAY_FLAGS = np.ndarray.flags.__get__
_ARRAY_SIZE = np.ndarray.size.__get__
INTERFERED_EXIT = 6  # a child that found its arguments replaced: the grader reads a broken frame, then this


def _fixed(value, known=None, _type=type, _ndarray=np.ndarray, _issubclass=issubclass, _base=_ARRAY_BASE,
           _flags=_ARRAY_FLAGS, _size=_ARRAY_SIZE, _range=range, _memoryview=memoryview,
           _viewed=memoryview.obj.__get__, _error=ValueError) -> tuple[bool, object]:  # fmt: skip
    """(fixed, the memory's owner): `value` is a plain number, or an array that cannot be written into
    through it nor made writable (the array that owns its memory refuses to become writable: the memory
    is a read-only mapping). `known`: an owner found so already (a case's arrays share one)."""
    kind = _type(value)
    if kind is float or kind is int or kind is bool or kind is complex:  # identity: no __eq__ asked
        return True, known
    if kind is not _ndarray:
        return False, known
    if _size(value) == 0:  # nothing to write into
        return True, known
    if _flags(value).writeable:
        return False, known
    root = value
    for _ in _range(64):
        base = _base(root)
        if not _issubclass(_type(base), _ndarray):
            break
        root = base
    else:
        return False, known
    owner = _viewed(base) if _type(base) is _memoryview else base  # numpy keeps a view of the mapping
    if known is not None and owner is known and not _flags(root).writeable:
        return True, known
    try:
        _flags(root).writeable = True
    except _error:
        return True, owner  # what the harness hands over: numpy refuses, the mapping is read-only
    return False, known


def _checked_call(function, inputs, calling, result_fd: int, _type=type, _tuple=tuple, _fixed=_fixed,
                  _arguments=_arguments, _error=BaseException, _write=os.write, _exit=os._exit,
                  _broken=b"\0" * 16, _interfered=INTERFERED_EXIT):  # fmt: skip
    """(value, copies, error) of `function` called on a case's `inputs` (packed as `calling` says).
    Inputs that are not what the harness hands over (the submission replaced part of it) end the
    child, with a frame the grader refuses: the submission interfered."""
    if _type(inputs) is not _tuple:
        _write(result_fd, _broken)
        _exit(_interfered)
    known = None
    for value in inputs:
        fixed, known = _fixed(value, known)
        if not fixed:
            _write(result_fd, _broken)
            _exit(_interfered)
    copies = None
    try:
        if calling is not None:
            inputs, copies = _arguments(inputs, calling)
        return function(*inputs), copies, None
    except _error as error:  # SystemExit and KeyboardInterrupt lose this case only
        return None, None, error


def _copies_written(fd: int, case_id, value, copies: tuple, _type=type, _str=str, _ndarray=np.ndarray,
                    _kinds=_frames.ALLOWED_KINDS, _list=list, _len=len, _memoryview=memoryview,
                    _name=_TYPE_NAME, _encoder=_frames._ENCODER, _join=str.join, _encode=str.encode,
                    _bytes_join=bytes.join, _length=_frames._LENGTH.pack, _head=_frames.HEADER.pack,
                    _magic=_frames.MAGIC, _kind=_frames.RESULT, _now=time.monotonic, _write=os.write,
                    _asarray=np.asarray, _exit=os._exit, _broken=b"\0" * 16, _interfered=INTERFERED_EXIT) -> bool:  # fmt: skip
    """Write the frame of an in-place answer: the copies the function was handed, as they are after the
    call, built and written from bound names only (what reports other answers may have been replaced;
    an answer the function returned is the grader's to judge, but which arrays an in-place answer is
    must not be the submission's to say). A copy whose dtype no longer holds numbers ends the child,
    "interfered". False, writing nothing, where this Python has no C encoder for the header."""
    if _encoder is None:
        return False
    described, raw = [], []
    for copy in copies:
        if _type(copy) is not _ndarray or copy.dtype.kind not in _kinds:  # its dtype made bytes, say
            _write(fd, _broken)
            _exit(_interfered)
        copy = _asarray(copy, order="C")  # order="C": a 0-d array keeps its shape
        described.append([copy.dtype.str, _list(copy.shape)])
        raw.append(_memoryview(copy).cast("B") if copy.size else b"")
    header = {
        "structure": "arguments",
        "types": [_name(_type(value))],
        "case": case_id if _type(case_id) is _str else "",
        "status": "ok",
        "outputs": _len(raw),
        "t": _now(),
        "blob": 0,
        "arrays": described,
    }
    head = _encode(_join("", _encoder(header, 0)), "utf-8")
    size = 4 + _len(head)
    for part in raw:
        size += _len(part)
    data = _bytes_join(b"", [_head(_magic, _kind, size), _length(_len(head)), head, *raw])
    written = _write(fd, data)
    view = _memoryview(data)
    while written < _len(data):
        written += _write(fd, view[written:])
    return True


_REFUSED_ATTRIBUTES = frozenset(("__code__", "__defaults__", "__kwdefaults__"))
_THIS_MODULE = globals()  # the functions defined here have it as their __globals__


def _guard(event: str, args: tuple, _attributes=_REFUSED_ATTRIBUTES, _getattr=getattr,
           _ours=_THIS_MODULE, _error=RuntimeError) -> None:  # fmt: skip
    """The child's audit hook, added before the submission's module runs (none can be removed): no new
    code or defaults for a function of this module, so that what _checked_call and _copies_written
    were bound to stays theirs. Nothing else is refused: a module that means to take its process over
    has other ways (see ARCHITECTURE.md), and honest code (doctest, a library an instructor allows)
    may trace, search the collector or call ctypes."""
    if (
        event == "object.__setattr__"
        and args[1] in _attributes
        and _getattr(args[0], "__globals__", None) is _ours
    ):
        raise _error(f"{event}: not allowed in a submission")


def _answer(case_id: str, value, copies, error, filename: str) -> bytes:
    """The frame reporting a case: what the function returned, the in-place arguments' arrays after the
    call, or what it raised."""
    if error is not None:
        return _failed(error, filename, case_id)
    try:
        if copies is None:
            header, outputs = _outputs(value)
        else:  # the copies themselves (the caller's arrays), whatever became of the list holding them
            header, outputs = _arguments_after(value, copies)
        header.update(case=case_id, status="ok", outputs=len(outputs))
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

    def ramp(*shape: int) -> np.ndarray:
        return np.sin(np.arange(np.prod(shape), dtype=np.float64)).reshape(shape)

    # Arrays of the kinds exercises take (a batch of rows, square and wide matrices, a vector, a
    # number), and the operations numpy code for recurrent networks is made of: matrix products,
    # blocks split off, elementwise activations and their derivatives, norms and clipping, sequences
    # walked forwards and backwards and stacked, sums over an axis. Nothing here is any one exercise.
    x, h, w, u, b = ramp(2, 3), ramp(2, 4), ramp(12, 3), ramp(12, 4), ramp(12)
    inputs = (x, h, w, u, b, np.asarray(2.0))
    single = tuple(a.astype(np.float32) for a in inputs)  # exercises test float32 inputs too

    def generic(x, h, w, u, b, t):
        z = x @ w.T + np.dot(h, u.T) + b
        halves, thirds, quarters = np.split(z, 2, axis=1), np.split(z, 3, axis=-1), np.hsplit(z, 4)
        gate = 1 / (1 + np.exp(-quarters[0])) * np.tanh(thirds[1][:, :4]) + 0.5 * (
            1.0 + np.tanh(0.5 * halves[1][:, :4])
        )
        slope = (1 - np.tanh(gate) ** 2) * gate * (1 - gate)
        steps = [np.tanh(x @ w[k : k + 3].T) for k in (0, 3)]
        walked = np.stack(steps[::-1], axis=0).sum(axis=0) + np.concatenate([gate, slope], axis=-1)[:, :3]
        outer = np.outer(b[:3], b[:3]).sum(axis=0, keepdims=True) + walked
        norm = max(np.linalg.norm(outer), np.sqrt(np.sum(np.square(outer))))
        clipped = outer * (t / norm) if norm > t else outer.copy()
        outer += np.exp(np.abs(b[1:2]) * 1000.0)[0] * 0  # an overflow: numpy's warning, printed the usual way
        return np.clip(clipped, -t, t), np.maximum(gate, 0.0) + np.where(slope > 0, slope, 0.0).reshape(2, 4)

    def failing(*args):
        raise NotImplementedError("warm-up")

    sink = os.open(os.devnull, os.O_WRONLY)
    try:
        for _ in range(12):  # past the interpreter's warm-up count, so the bytecode is specialised here
            for function, arguments in ((generic, inputs), (generic, single), (failing, inputs)):
                _frames.write_all(sink, _run_case(function, "warm-up", arguments, "warm-up.py") + _DONE)
    finally:
        os.close(sink)
    _frames.unpack_job(_frames.pack_job({"function": "f"}, b"x = 1\n"))
    if hasattr(os, "memfd_create"):  # the read-only inputs' path: a mapped file, arrays over it
        fd = os.memfd_create("warm-up", os.MFD_CLOEXEC)
        try:
            os.write(fd, x.tobytes())
            memory = mmap.mmap(fd, x.nbytes, flags=mmap.MAP_SHARED, prot=mmap.PROT_READ)
        finally:
            os.close(fd)
        viewed = _input(memory, x.dtype.str, list(x.shape), 0)
        _run_case(generic, "warm-up", (viewed, *inputs[1:]), "warm-up.py")
        _answer("warm-up", *_checked_call(lambda v, t: np.tanh(v) * t, (viewed, 2.0), None, -1), "warm-up.py")
        del viewed
        memory.close()
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


def child_cpu(pid: int) -> float:
    """The CPU seconds a living child of ours has used so far (its process CPU clock); 0.0 if it
    cannot be read (it has just ended, say)."""
    try:
        return time.clock_gettime(((~pid) << 3) | 2)  # Linux's CPUCLOCK_SCHED of the whole process
    except (OSError, AttributeError, OverflowError):
        return 0.0


# -- the zygote ---------------------------------------------------------------------------------------
# Children are forked from a process of their own, the zygote, and never from the runner: the runner
# reads what children send (their requests), how they end and what they cost, and a later child would
# start from a copy of its memory — its variables, and what it freed — holding what an earlier child,
# which had seen hidden inputs, chose to leave there. The zygote receives descriptors only, and learns
# how its child ended into a buffer that it passes on unread and wipes.

_LONG = ctypes.sizeof(ctypes.c_long)
RUSAGE_BYTES = 18 * _LONG  # struct rusage: two timevals and fourteen longs


def _zygote(link: socket.socket, jail: Jail) -> None:
    """The zygote's loop: for each F (with a job's four descriptors) fork a child, answer "P pid" with
    a pidfd of it, wait for it to end, and answer "E" with its raw wait status and rusage. Never
    returns; ends with the runner (its parent) or when the runner's word is not one it knows."""
    die_with_parent()
    if _PROC[0] >= 0:  # the runner's; a zygote reads nothing of /proc
        os.close(_PROC[0])
        _PROC[0] = -1
    jail.restrict_zygote()
    libc = _landlock._libc()
    libc.wait4.argtypes = [ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p]
    libc.wait4.restype = ctypes.c_int
    status = ctypes.create_string_buffer(ctypes.sizeof(ctypes.c_int))
    usage = ctypes.create_string_buffer(RUSAGE_BYTES)
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(link, 16, 4)
        except (OSError, ValueError):
            os._exit(0)
        if message != b"F" or len(fds) != 4:
            os._exit(0)
        pid = os.fork()
        if pid == 0:
            link.close()
            run_job(fds[0], fds[1], fds[2], fds[3], jail)  # closes the rest
        for fd in fds:
            os.close(fd)
        try:
            handle = [os.pidfd_open(pid)]
        except (AttributeError, OSError):
            handle = []
        socket.send_fds(link, [b"P %d" % pid], handle)
        for fd in handle:
            os.close(fd)
        while libc.wait4(pid, status, 0, usage) < 0:
            if ctypes.get_errno() != errno.EINTR:
                os._exit(0)  # no child to wait for: the runner sees this process gone
        link.sendmsg([b"E", status, usage])  # straight from the buffers: never a number here
        ctypes.memset(status, 0, len(status))
        ctypes.memset(usage, 0, len(usage))


def _ended(message: bytes) -> tuple[int, float]:
    """(wait status, CPU seconds) from the zygote's E message."""
    size = ctypes.sizeof(ctypes.c_int)
    status = int.from_bytes(message[1 : 1 + size], sys.byteorder, signed=True)
    times = [int.from_bytes(message[1 + size + i * _LONG : 1 + size + (i + 1) * _LONG], sys.byteorder, signed=True)
             for i in range(4)]  # fmt: skip
    return status, times[0] + times[1] / 1e6 + times[2] + times[3] / 1e6


def _kill(pid: int, handle: int | None) -> None:
    """SIGKILL the child: through its pidfd where there is one (its number may be another's by now)."""
    try:
        if handle is not None:
            signal.pidfd_send_signal(handle, signal.SIGKILL)
        else:
            os.kill(pid, signal.SIGKILL)
    except (OSError, AttributeError):
        pass


def _wait(control, zygote: socket.socket, pid: int, handle: int | None, feed: Feed) -> tuple[int, float]:
    """Serve the child's case requests and wait for it to end (the zygote says when); kill it when the
    grader says K (or is gone); on Q, answer "U seconds share asleep": the CPU time its current step
    has used so far, the share of its life it wanted a CPU, and 1 if it sleeps by itself holding what
    the step needs (else 0). Returns the wait status and the CPU seconds the child used (which tell an
    endless loop from a child that was kept waiting). Raises EOFError when the zygote is gone."""
    feed.pid = pid
    serving = True
    try:
        while True:
            feeding = serving and not feed.waiting()
            watched = [control, zygote] + ([feed.sock] if feeding else [])
            ready, _, _ = select.select(watched, [], [])
            if feeding and feed.sock in ready:
                serving = feed.answer()
            if zygote in ready:
                message = zygote.recv(RUSAGE_BYTES + 64)
                if not message.startswith(b"E") or len(message) < 1 + ctypes.sizeof(ctypes.c_int) + 4 * _LONG:
                    raise EOFError("the zygote is gone")
                return _ended(message)
            if control in ready:
                message = control.recv(64)
                if message.startswith(b"G"):  # the grader has every answer before the gate
                    feed.gate = len(feed.run)
                elif message.startswith(b"Q"):  # how much CPU a step has had (it may be starved)
                    try:
                        position = int(message[1:].split()[0])
                    except (ValueError, IndexError):
                        position = -1  # the whole child's
                    asleep = int(feed.asleep(position))
                    control.sendall(f"U {feed.used(position):.4f} {feed.wanted():.3f} {asleep}\n".encode())
                elif not message or message.startswith(b"K"):
                    _kill(pid, handle)
    finally:
        if serving:
            feed.sock.close()


# Not `random` (nor `statistics`, which imports it): once imported, it reseeds itself from the kernel
# in every forked child, which costs each child about 0.1 ms whether or not it draws a number.
PREIMPORTED = ("math", "cmath", "functools", "itertools", "operator", "collections", "dataclasses",
               "typing", "copy", "numbers", "string", "re", "enum", "abc", "warnings",
               "json", "fractions", "decimal", "heapq", "bisect", "socket", "encodings.idna",
               "encodings.ascii", "encodings.latin_1", "encodings.utf_16", "encodings.utf_32")  # fmt: skip
# Larger modules, imported in a child (before it gives up its user) only when its source names them:
# kept in the runner they would cost every child in copied memory.
ON_DEMAND = {
    b"random": ("random", "zlib", "numpy.random"),
    b"statistics": ("statistics",),
    b"fft": ("numpy.fft",),
    b"polynomial": ("numpy.polynomial",),
    b"testing": ("unittest", "numpy.testing"),
    b"unittest": ("unittest",),
    b"zlib": ("zlib",),
    # the standard library's modules a homework file may name that numpy does not load: without them a
    # child that runs as nobody could not import them where the interpreter lives in a private folder
    b"threading": ("threading",),
    b"glob": ("glob",),
    b"tempfile": ("tempfile",),
    b"logging": ("logging",),
    b"pprint": ("pprint",),
    b"timeit": ("timeit",),
    b"importlib": ("importlib.util", "importlib.abc"),
    b"pathlib": ("pathlib",),
    b"pdb": ("pdb",),
    b"csv": ("csv",),
    b"queue": ("queue",),
    b"hashlib": ("hashlib",),
    b"base64": ("base64",),
    b"shutil": ("shutil",),
    b"argparse": ("argparse",),
    b"locale": ("locale",),
}


def _preimport(names=PREIMPORTED) -> None:
    """Modules a student file commonly imports, loaded before it runs: a child that runs as another
    user may not be allowed to read the interpreter's files. Fixed names only, never the student's."""
    import importlib

    for name in names:
        try:
            importlib.import_module(name)
        except ImportError:
            pass


# Any other module of the standard library an import statement of the source names is imported the
# same way (where the interpreter's files are private to the grader's user, a child that runs as
# nobody could not read it). Only the standard library's own code runs, chosen from a fixed set; a few
# modules that act when imported are never loaded for a child, nor a package's __main__; the count is
# bounded, since this happens before the child's limits. The pattern of an import statement is
# compiled here, once, not in each child.
_IMPORTED = re.compile(rb"^[ \t]*(?:from[ \t]+([A-Za-z_][\w.]*)[ \t]+import\b|import[ \t]+([^\n#;]*))", re.M)
NOT_ON_DEMAND = frozenset(
    {
        "antigravity",
        "this",
        "idlelib",
        "turtledemo",
        "test",
        "tkinter",
        "turtle",
        "lib2to3",
        "readline",
        "site",
        "sitecustomize",
        "usercustomize",
    }  # fmt: skip
)
MAX_NAMED = 24


def _stdlib_named(source: bytes) -> list[str]:
    """The standard library's modules (dotted names) that the import statements of `source` name."""
    known = getattr(sys, "stdlib_module_names", frozenset())
    named: list[str] = []
    for match in _IMPORTED.finditer(source):
        clause = match.group(1) or match.group(2) or b""
        for part in clause.split(b","):
            words = part.split()
            if not words:
                continue
            try:
                name = words[0].decode("ascii")
            except UnicodeDecodeError:
                continue
            pieces = name.split(".")
            if (
                pieces[0] in known
                and pieces[0] not in NOT_ON_DEMAND
                and all(piece.isidentifier() and not piece.startswith("_") for piece in pieces)
                and name not in named
            ):
                named.append(name)
            if len(named) >= MAX_NAMED:
                return named
    return named


class _NotForAChild:
    """A finder first in line while a child's standard-library modules are imported: a module left out
    (NOT_ON_DEMAND, or a test package) is refused even when a module that was named imports it."""

    @staticmethod
    def find_spec(name: str, path=None, target=None):
        pieces = name.split(".")
        if pieces[0] in NOT_ON_DEMAND or "test" in pieces or "tests" in pieces:
            raise ImportError(f"{name} is not loaded for a submission")
        return None


def _stdlib_path() -> list[str]:
    """The standard library's own entries of sys.path (its folder, lib-dynload, its zip): where the
    on-demand imports look, never a folder of installed packages."""
    home = os.path.dirname(socket.__file__)
    return [
        entry
        for entry in sys.path
        if (_inside(entry, home) and "-packages" not in entry)
        or (entry.endswith(".zip") and os.path.dirname(entry) == os.path.dirname(home))
    ]


STDLIB_PATH = _stdlib_path()


def _import_named(source: bytes) -> None:
    """In a child, before it changes user: the larger modules its source names (see ON_DEMAND), and
    the standard library's modules its import statements name (found in the standard library's own
    folders only, and never one left out, whoever imports it)."""
    sys.dont_write_bytecode = True  # nothing of this user's is written for a child, not even bytecode
    for needle, names in ON_DEMAND.items():
        if needle in source:
            _preimport(names)
    named = _stdlib_named(source)
    if not named:
        return
    import importlib

    path = sys.path[:]
    sys.path[:] = STDLIB_PATH
    sys.meta_path.insert(0, _NotForAChild)
    try:
        for name in named:
            try:
                importlib.import_module(name)
            except (Exception, SystemExit):  # noqa: BLE001 - the file's own import then fails, as the file's
                pass
    finally:
        sys.meta_path.remove(_NotForAChild)
        sys.path[:] = path


def _job(message: bytes, sets: dict) -> tuple[CaseSet | None, list[int], int]:
    """F {"key": ..., "run": [...], "gate": n}: the case set, the positions of the job's cases in it,
    and how many of them are served before the grader's G."""
    order = json.loads(message[1:]) if len(message) > 1 else {}
    case_set = sets.get(str(order.get("key")))
    run = [int(i) for i in order.get("run", [])]
    gate = order.get("gate")
    gate = len(run) if gate is None else int(gate)
    if case_set is None and run:
        raise ValueError("a job for a case set the runner lacks")
    if case_set is not None and not all(0 <= i < len(case_set.fds) for i in run):
        raise ValueError("a job for cases the set lacks")
    return case_set, run, gate


def _first_to_go() -> None:
    """When memory runs out, the kernel ends this runner and its children (which inherit this) before
    the grader: a submission's memory costs its own file, never the class."""
    try:
        with open("/proc/self/oom_score_adj", "w") as handle:
            handle.write("1000")
    except OSError:
        pass


def serve(control_fd: int, workdir: str) -> None:
    """The fork server (its zygote forks the children). Control messages: C {json} with a memory file
    per case (keep the case set, answer "C ok"); F {json} with the job's three descriptors (fork a child for it, feed it its cases,
    answer "X pid status cpu-seconds" when it has ended); G (serve the cases behind the gate); Q n (answer
    "U seconds share asleep", the CPU time of the step at position n of the run, -1 for loading, the
    share of its life the child wanted a CPU, and whether it sleeps by itself); K (kill that child)."""
    die_with_parent()
    _first_to_go()
    workdir = os.path.realpath(workdir)  # the only path to it in the runner's own root
    control = socket.socket(fileno=control_fd)
    jail = Jail(workdir)  # built once: each child enters it with a few system calls (reads /proc/self/maps)
    # The instructor's --allow-import first: what those packages import from beside them will not be in
    # the runner's own root.
    _preimport(tuple(name for name, _ in ALLOWED))
    # A mount namespace of the runner's own, where it may be made, whose root holds only what a child
    # may read (the interpreter, numpy, their libraries, at their real paths and at those sys.path
    # gives) and the empty working folder, all read-only: nothing else on the machine can be looked
    # up, no child's read moves an access time another child can see, and no /proc, /sys or their
    # kind (whose inodes a first lookup stamps) is there. What the runner needs of /proc later it opens
    # through _PROC. Before the process turns non-dumpable, which gives its /proc files to root.
    _PROC[0] = os.open("/proc", os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    keep = _mounts.aliases([*jail.paths[0], *jail.paths[1]], [p for p in sys.path if p])
    # no root of its own without the list of what a child reads (it could not be made): covers instead
    read_only, hidden, only = _mounts.isolate(_PROC[0], keep if jail.paths[0] else None, workdir)
    _landlock._libc().prctl(4, 0, 0, 0, 0)  # PR_SET_DUMPABLE 0: no process of its user reads its memory
    jail.settle()
    hello = {
        "pid": os.getpid(),
        "python": sys.version.split()[0],
        "numpy": np.__version__,
        "blas_threads": {name: os.environ.get(name) for name in BLAS_VARIABLES},
        "landlock_abi": _landlock.abi_version(),
        "landlock": jail.ruleset
        >= 0,  # built here, so every child enters it (the kernel may have it, yet refuse)
        "seccomp": jail.seccomp is not None,
        "read_only_mounts": read_only,
        "kernel_files_hidden": hidden,
        "only_needed_files": only,
        "read_paths": jail.paths,
    }
    control.sendall(json.dumps(hello).encode() + b"\n")
    _preimport()
    _keep_freed_memory()
    _warm_up(jail)
    sets: dict[str, CaseSet] = {}
    _freeze(jail)
    zygote, link = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    if os.fork() == 0:  # before any case set or child: its memory is the runner's as it is now
        zygote.close()
        control.close()
        _zygote(link, jail)
    link.close()
    while True:
        try:
            message, fds, _, _ = socket.recv_fds(control, 1 << 16, 253)
        except (OSError, ValueError):
            return
        if message[:1] in (b"K", b"G", b"Q") and not fds:
            continue  # for a child that had already ended: a kill, its gate, a question of its time
        if message.startswith(b"C"):
            control.sendall(_load(message, fds, sets))
            continue
        if not message.startswith(b"F") or len(fds) != 3:
            for fd in fds:
                os.close(fd)
            return
        try:
            case_set, run, gate = _job(message, sets)
        except (ValueError, TypeError, AttributeError):
            for fd in fds:
                os.close(fd)
            return  # the grader's own mistake: it starts a new runner
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        try:
            socket.send_fds(zygote, [b"F"], [*fds, theirs.fileno()])
            message, handles, _, _ = socket.recv_fds(zygote, 32, 1)
            pid = int(message.split()[1]) if message.startswith(b"P ") else 0
        except (OSError, ValueError, IndexError):
            pid = 0
        theirs.close()
        for fd in fds:
            os.close(fd)
        if pid <= 0:
            return  # no zygote: the grader starts a new runner
        handle = handles[0] if handles else None
        try:
            status, cpu = _wait(control, zygote, pid, handle, Feed(ours, case_set, run, gate))
        except EOFError:
            return
        finally:
            if handle is not None:
                os.close(handle)
        control.sendall(f"X {pid} {status} {cpu:.4f}\n".encode())


def main(argv: list[str]) -> None:
    if argv[:1] == ["serve"]:
        serve(int(argv[1]), argv[2])
    else:
        sys.stderr.write(__doc__ or "")
        sys.exit(2)


if __name__ == "__main__":
    main(sys.argv[1:])
