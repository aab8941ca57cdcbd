"""checker.files.write_new_file: atomic, the umask's mode, never a temporary left, with and without
unnamed files (O_TMPFILE)."""

from __future__ import annotations

import os
import stat
import sys

import pytest

import checker.files as files
from checker.files import write_new_file

NAMED_ONLY = pytest.param(True, id="named temporary files only")
EITHER = [pytest.param(False, id="unnamed files where the system has them"), NAMED_ONLY]


@pytest.fixture(params=EITHER)
def named_only(request, monkeypatch):
    if request.param:
        monkeypatch.delattr(os, "O_TMPFILE", raising=False)
    return request.param


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask_022():
    old = os.umask(0o022)
    yield
    os.umask(old)


def test_a_new_file_has_its_bytes_the_umask_mode_and_no_temporary_beside_it(tmp_path, named_only, umask_022):
    target = tmp_path / "report.md"
    write_new_file(target, b"# report\n", sync=False)
    assert target.read_bytes() == b"# report\n"
    if sys.platform != "win32":
        assert mode(target) == 0o644
    assert os.listdir(tmp_path) == ["report.md"]


def test_a_private_file_is_readable_by_its_owner_only(tmp_path, named_only, umask_022):
    target = tmp_path / "secret.txt"
    write_new_file(target, b"s3cret\n", private=True)
    if sys.platform != "win32":
        assert mode(target) == 0o600


def test_a_tighter_umask_is_obeyed(tmp_path, named_only):
    old = os.umask(0o077)
    try:
        write_new_file(tmp_path / "a.csv", b"x", sync=False)
    finally:
        os.umask(old)
    if sys.platform != "win32":
        assert mode(tmp_path / "a.csv") == 0o600


def test_an_existing_file_is_refused_unless_overwriting_and_then_replaced_whole(tmp_path, named_only):
    target = tmp_path / "gradebook.csv"
    write_new_file(target, b"old\n")
    with pytest.raises(FileExistsError):
        write_new_file(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    write_new_file(target, b"new\n", overwrite=True)
    assert target.read_bytes() == b"new\n"
    assert os.listdir(tmp_path) == ["gradebook.csv"]


def test_a_missing_folder_is_file_not_found(tmp_path, named_only):
    with pytest.raises(FileNotFoundError):
        write_new_file(tmp_path / "nowhere" / "a.txt", b"x")
    assert os.listdir(tmp_path) == []


def test_a_failed_write_leaves_nothing_behind(tmp_path, named_only, monkeypatch):
    def broken(handle, data, sync):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files, "_write", broken)
    with pytest.raises(OSError):
        write_new_file(tmp_path / "results.json", b"{}", overwrite=True)
    assert os.listdir(tmp_path) == []


@pytest.mark.skipif(not hasattr(os, "O_TMPFILE"), reason="no unnamed files on this system")
def test_unnamed_files_are_used_where_the_file_system_has_them(tmp_path, monkeypatch):
    named = []
    real = files.temporary_beside
    monkeypatch.setattr(files, "temporary_beside", lambda *a, **k: named.append(a) or real(*a, **k))
    for n in range(3):
        write_new_file(tmp_path / f"f{n}.html", b"<p>", overwrite=True)
    write_new_file(tmp_path / "f0.html", b"<p>again", overwrite=True)
    if files._write_unnamed(tmp_path / "probe", b"", False, False, False):  # this file system has them
        assert named == []
    assert (tmp_path / "f0.html").read_bytes() == b"<p>again"


def test_overwriting_never_replaces_a_device_or_a_pipe(tmp_path, named_only):
    """`-o /dev/null --force` (a check that builds and throws away) must leave /dev/null a device."""
    from checker.files import NotAFile

    pipe = tmp_path / "out.zip"
    os.mkfifo(pipe)
    with pytest.raises(NotAFile):
        write_new_file(pipe, b"data", overwrite=True)
    assert stat.S_ISFIFO(os.lstat(pipe).st_mode)
    assert [p.name for p in tmp_path.iterdir()] == ["out.zip"]  # no temporary left beside it
