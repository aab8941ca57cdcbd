"""Without bubblewrap, a runner that may make a mount namespace gives its children a private view in
which every mount is read-only: no read of theirs, and no symbolic link they follow, moves an access
time that a later child could read back, and the machine keeps its own mounts as they were."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from exams import exam, policy

from checker.codecheck import PASS, check_source
from checker.sandbox import _mounts

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="mount namespaces are Linux's")

MOUNTINFO = """\
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 254:0 / / ro,relatime - ext4 /dev/vda rw
25 24 0:23 / /dev/shm rw,relatime - tmpfs tmpfs rw
30 25 0:27 / /dev/shm ro,relatime - tmpfs tmpfs rw
40 27 0:40 / /mnt/with\\040space ro,nosuid - tmpfs tmpfs rw
"""
DAYS = 86400


def test_mountinfo_is_read_with_its_escapes_and_a_hidden_mount_is_not_counted():
    seen = _mounts.mounts(MOUNTINFO)
    assert [point for point, _, _ in seen] == ["/proc", "/", "/dev/shm", "/dev/shm", "/mnt/with space"]
    assert seen[-1][1:] == ({"ro", "nosuid"}, "tmpfs")
    assert not _mounts.all_read_only(MOUNTINFO)  # /proc is writable
    # /dev/shm's first mount lies under the second, read-only one: nothing can reach it
    assert _mounts.all_read_only(MOUNTINFO.replace("/proc rw,", "/proc ro,"))
    assert not _mounts.all_read_only("")


def _may_make_namespaces() -> None:
    if not _mounts.possible():
        pytest.skip("this user may not make a mount namespace (bubblewrap's read-only root is the layer)")


def test_a_private_namespace_is_read_only_hides_proc_and_sys_and_leaves_the_machine_its_mounts(tmp_path):
    _may_make_namespaces()
    inside = textwrap.dedent(
        f"""
        import sys
        sys.path.insert(0, {str(Path(_mounts.__file__).parent)!r})
        import _mounts
        import os
        proc = os.open("/proc", os.O_RDONLY | os.O_DIRECTORY)
        assert _mounts.isolate(proc)[:2] == (True, True)
        assert os.listdir("/proc") == [] and os.listdir("/sys") == []
        try:
            open({str(tmp_path / "inside")!r}, "w")
        except OSError as error:
            print(error.errno)
        """
    )
    done = subprocess.run(
        [sys.executable, "-I", "-S", "-c", inside], capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "30"  # EROFS: the folder is read-only in there
    (tmp_path / "outside").write_text("still writable")  # and not out here
    assert not (tmp_path / "inside").exists()
    assert os.listdir("/proc") and os.listdir("/sys")  # the machine's, as they were


def _aged(path: Path) -> int:
    """Give `path` (not following a link) an access time three days old; that time, in ns. Skips
    where this user may not set it."""
    stat = os.lstat(path)
    old = stat.st_atime_ns - (stat.st_atime_ns % 10**9) - 3 * DAYS * 10**9
    old = min(old, time.time_ns() - 3 * DAYS * 10**9)
    try:
        os.utime(path, ns=(old, stat.st_mtime_ns), follow_symlinks=False)
    except (PermissionError, NotImplementedError):
        pytest.skip(f"this user may not set the access time of {path}")
    if os.lstat(path).st_atime_ns != old:
        pytest.skip(f"{path}'s file system keeps no access time")
    return old


def _others_may_read(path: Path) -> bool:
    """Can a user who is neither its owner nor in its group (a root grader's children) read `path`?"""
    mode = os.stat(path).st_mode
    parents = [p for p in path.parents]
    return bool(mode & 0o004) and all(os.stat(p).st_mode & 0o001 for p in parents)


@pytest.fixture
def link_in_tmp():
    """A symbolic link to / in /tmp, which every user may pass through: a link a child can follow."""
    if not os.path.isdir("/tmp") or not os.stat("/tmp").st_mode & 0o001:
        pytest.skip("no /tmp every user may pass through")
    link = Path(f"/tmp/lstm-quiz-link-{os.getpid()}-{time.monotonic_ns()}")
    link.symlink_to("/")
    yield link
    link.unlink()


def test_a_submission_without_bubblewrap_moves_no_access_time(monkeypatch, link_in_tmp):
    """A hidden case could follow chosen links or read chosen files to move their access times, and a
    later file's public case read them back with os.stat: in a read-only view no time moves."""
    _may_make_namespaces()
    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", "1")
    aged = {link_in_tmp: _aged(link_in_tmp)}
    typed = Path(np.__file__).parent / "py.typed"  # in every child's read paths; read at run time by nothing
    if typed.is_file() and _others_may_read(typed):
        aged[typed] = _aged(typed)
    source = textwrap.dedent(
        f"""
        import os
        import numpy as np

        try:
            os.stat({str(link_in_tmp)!r} + "/.")  # follows the link, where it can be reached
        except OSError:
            pass
        if {str(typed)!r} in {[str(p) for p in aged]!r}:
            with open({str(typed)!r}, "rb") as handle:
                handle.read()

        def gradient_clipping(grad, threshold):
            norm = np.sqrt(np.sum(np.square(grad, dtype=np.float64)))
            return grad * (threshold / norm) if norm > threshold else grad.copy()
        """
    ).encode()
    result = check_source(source, "exercise1.py", exam(1), policy=policy())
    assert result.status == PASS, result.error
    assert result.isolation.get("read_only_mounts") is True
    assert {path: os.lstat(path).st_atime_ns for path in aged} == aged


def test_under_bubblewrap_its_own_dev_moves_no_access_time(tmp_path, monkeypatch):
    """bubblewrap's /dev is a new file system of each runner's, shared by its children, and its links
    (/dev/fd, /dev/stdin) start with an access time a first follow moves: a bit one child leaves and a
    later one reads, were it writable. bubblewrap makes it read-only itself (its /proc the runner
    covers for its children)."""
    from checker.sandbox.client import _bubblewrap, bubblewrap_available

    monkeypatch.delenv("LSTM_QUIZ_NO_BWRAP", raising=False)
    if not bubblewrap_available():
        pytest.skip("bubblewrap cannot run here")
    probe = textwrap.dedent(
        """
        import os, time
        time.sleep(0.05)  # past the links' creation, on the coarsest clock a file system keeps
        moved = []
        for link in ("/dev/fd", "/dev/stdin", "/dev/stdout", "/dev/stderr"):
            if os.path.islink(link):
                before = os.lstat(link).st_atime_ns
                try:
                    os.stat(link)  # follows it
                except OSError:
                    pass
                if os.lstat(link).st_atime_ns != before:
                    moved.append(link)
        print(moved)
        """
    )
    done = subprocess.run(
        [*_bubblewrap(tmp_path), sys.executable, "-I", "-S", "-c", probe],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"


KERNEL_MOUNTINFO = """\
20 1 254:0 / / rw,relatime - ext4 /dev/vda rw
21 20 0:21 / /proc rw,relatime - proc proc rw
22 21 0:40 / /proc/sys/fs/binfmt_misc rw,relatime - binfmt_misc binfmt_misc rw
23 20 0:22 / /sys rw,relatime - sysfs sysfs rw
24 23 0:29 / /sys/fs/cgroup rw,relatime - cgroup2 cgroup2 rw
25 20 0:41 / /srv/auto rw,relatime - autofs systemd-1 rw
26 20 0:42 / /dev/shm rw,relatime - tmpfs tmpfs rw
"""
COVERED = (
    KERNEL_MOUNTINFO
    + """\
30 21 0:50 / /proc ro,nosuid,nodev,noexec - tmpfs tmpfs ro
31 23 0:51 / /sys ro,nosuid,nodev,noexec - tmpfs tmpfs ro
32 25 0:52 / /srv/auto ro,nosuid,nodev,noexec - tmpfs tmpfs ro
"""
)


def test_the_kernel_file_systems_are_found_and_a_cover_is_checked():
    """Every mount of a kernel file system is covered, at its highest point; one left out, or a
    writable cover, is not hidden."""
    assert _mounts.kernel_mounts(KERNEL_MOUNTINFO) == ["/proc", "/sys", "/srv/auto"]
    assert not _mounts.kernel_files_hidden(KERNEL_MOUNTINFO)
    assert _mounts.kernel_files_hidden(COVERED)
    assert not _mounts.kernel_files_hidden(COVERED.replace("/srv/auto ro,", "/srv/auto rw,"))
    assert not _mounts.kernel_files_hidden(
        COVERED.replace("32 25 0:52 / /srv/auto", "32 25 0:52 / /srv/other")
    )


LOOKS = """
import os
import numpy as np

seen = {}
for path in ("/proc/self", "/proc/self/fd", "/proc/1", "/proc/sys/kernel", "/sys/kernel", "/sys/devices",
             "/sys/fs/cgroup"):
    try:
        os.stat(path)  # a first lookup under sysfs or procfs stamps a new inode with the time
        seen[path] = "there"
    except OSError as error:
        seen[path] = type(error).__name__
print("seen:", sorted(p for p, v in seen.items() if v == "there"))

def gradient_clipping(grad, threshold):
    norm = np.sqrt(np.sum(np.square(grad, dtype=np.float64)))
    return grad * (threshold / norm) if norm > threshold else grad.copy()
"""


@pytest.mark.parametrize("bwrap", ["", "1"], ids=["bubblewrap", "without bubblewrap"])
def test_no_kernel_file_system_is_in_a_submissions_reach(bwrap, monkeypatch):
    """A bare stat of a /sys or /proc file nobody has looked up yet makes its inode with that moment's
    times, which any later stat reads: a mark from a child in its hidden cases to a later one, with
    or without bubblewrap. /proc also shows other processes and reopens a child's own descriptors
    without the flags the runner gave them. None of it is in a submission's reach."""
    _may_make_namespaces()
    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", bwrap)
    monkeypatch.setattr("checker.sandbox.client._BWRAP_FAILED", [])
    result = check_source(LOOKS.encode(), "exercise1.py", exam(1), policy=policy())
    assert result.status == PASS, result.error
    assert "seen: []" in result.stdout, result.stdout
    assert result.isolation.get("kernel_files_hidden") is True


@pytest.mark.parametrize("bwrap", ["", "1"], ids=["bubblewrap", "without bubblewrap"])
def test_nothing_but_what_a_submission_needs_can_be_looked_up(bwrap, monkeypatch, tmp_path):
    """Landlock keeps a child from reading other files, not from looking them up: their sizes and times
    (the grader's journal growing, a classmate's file) would still be in view. The runner's own root
    holds only the interpreter, numpy, their libraries and the child's empty folder."""
    _may_make_namespaces()
    monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", bwrap)
    monkeypatch.setattr("checker.sandbox.client._BWRAP_FAILED", [])
    outside = tmp_path / "journal.jsonl"
    outside.write_text("{}\n")
    source = f"""
import os
import numpy as np

seen = [p for p in ({str(outside)!r}, {str(tmp_path)!r}, "/etc/passwd", "/home", "/var", "/usr/bin")
        if os.path.exists(p)]
print("seen:", seen, "here:", os.listdir("."))

def gradient_clipping(grad, threshold):
    norm = np.sqrt(np.sum(np.square(grad, dtype=np.float64)))
    return grad * (threshold / norm) if norm > threshold else grad.copy()
"""
    result = check_source(source.encode(), "exercise1.py", exam(1), policy=policy())
    assert result.status == PASS, result.error
    assert "seen: [] here: []" in result.stdout, result.stdout
    assert result.isolation.get("only_needed_files") is True


def test_a_root_holds_what_imports_look_for_where_sys_path_says():
    """An interpreter or a virtual environment reached through a symbolic link gives sys.path folders
    that are not real paths: the new root holds each needed path there too, and nothing beside it."""
    real = ["/opt/py/lib/python3.11", "/opt/venv/lib/python3.11/site-packages/numpy", "/dev/null"]
    given = ["/usr/lib64/python3.11", "/home/t/venv/lib/python3.11/site-packages", "/opt/py/lib/python3.11"]
    links = {"/usr/lib64/python3.11": "/opt/py/lib/python3.11", "/home/t/venv": "/opt/venv"}

    def realpath(path):
        for link, target in links.items():
            if path == link or path.startswith(link + "/"):
                return target + path[len(link) :]
        return path

    import unittest.mock

    with unittest.mock.patch.object(_mounts.os.path, "realpath", realpath):
        keep = _mounts.aliases(real, given)
    assert keep == {
        **{path: path for path in real},
        "/usr/lib64/python3.11": "/opt/py/lib/python3.11",
        "/home/t/venv/lib/python3.11/site-packages/numpy": "/opt/venv/lib/python3.11/site-packages/numpy",
    }  # the site-packages folder itself is not there: only what a child may read in it


def test_numpy_reached_through_a_link_still_imports_its_parts(tmp_path, monkeypatch):
    """numpy found through a symbolic link (a virtual environment in a linked folder): its submodules
    import in the children as they do without the link."""
    _may_make_namespaces()
    from checker.sandbox import client

    home = client._numpy_home()
    link = tmp_path / "linked-site-packages"
    link.symlink_to(home)
    monkeypatch.setattr(client, "_numpy_home", lambda: str(link))
    source = """
import numpy as np
import numpy.random, numpy.fft, numpy.linalg
import dataclasses, decimal, statistics, random

def gradient_clipping(grad, threshold):
    norm = np.linalg.norm(np.asarray(grad, dtype=np.float64).ravel())
    return grad * (threshold / norm) if norm > threshold else grad.copy()
"""
    for bwrap in ("", "1"):
        monkeypatch.setenv("LSTM_QUIZ_NO_BWRAP", bwrap)
        result = check_source(source.encode(), "exercise1.py", exam(1), policy=policy())
        assert result.status == PASS, (bwrap, result.error)
        assert result.isolation.get("only_needed_files") is True


def test_a_fresh_runner_per_file_is_recorded_as_what_it_was(monkeypatch):
    """In spawn mode the runner stops after each file: what it said of its isolation still reaches the
    result."""
    _may_make_namespaces()
    from checker.codecheck import check_source as check

    source = LOOKS.replace("/proc/1", "/proc/2")
    result = check(source.encode(), "exercise1.py", exam(1), policy=policy(), mode="spawn")
    assert result.status == PASS, result.error
    assert (
        result.isolation.get("only_needed_files") is True
        and result.isolation.get("kernel_files_hidden") is True
    )


def test_the_probe_says_no_rather_than_fail_without_a_temporary_folder(monkeypatch):
    """grade asks at its end whether a runner could isolate itself: a temporary folder that cannot be
    made is a no, never a traceback after the class was graded."""
    import tempfile

    def full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(tempfile, "mkdtemp", full)
    assert _mounts.possible() is False
