"""Writing reports: only regular files are replaced, and the formats of one build land together."""

from __future__ import annotations

import os
import resource
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SAMPLE
from reportgen import output
from reportgen.problems import InvalidInput

REPORTGEN = Path(sys.executable).with_name("reportgen")


def build(*args: str, cwd: Path, limit: int | None = None) -> subprocess.CompletedProcess:
    def limit_file_size():  # RLIMIT_FSIZE: the disk is "full" after `limit` bytes per file
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run([str(REPORTGEN), "build", str(SAMPLE), *args], cwd=cwd, capture_output=True,
                          text=True, timeout=300, preexec_fn=limit_file_size if limit else None,
                          env={**os.environ, "REPORTGEN_LANG": "en"})


# Never the real /dev/null or /dev/full: on a version without the check (as root) the test would
# replace the machine's device nodes. A device node of our own, or a link to /dev/null, shows the same.
@pytest.mark.parametrize("target", ["device.pdf", "fifo.pdf", "link-to-device.pdf", "folder/", "dangling.pdf"])
def test_a_target_that_is_not_a_regular_file_is_refused_and_left_alone(tmp_path, target):
    if target == "device.pdf":
        try:
            os.mknod(tmp_path / "device.pdf", 0o666 | stat.S_IFCHR, os.makedev(1, 7))  # like /dev/full
        except PermissionError:
            pytest.skip("creating a device node needs root")
    os.mkfifo(tmp_path / "fifo.pdf")
    (tmp_path / "link-to-device.pdf").symlink_to("/dev/null")
    (tmp_path / "folder" / "alingsas-2023.pdf").mkdir(parents=True)  # -o folder/ names this
    (tmp_path / "dangling.pdf").symlink_to(tmp_path / "nowhere.pdf")
    place = tmp_path / target
    place = place / "alingsas-2023.pdf" if target.endswith("/") else place
    before = os.lstat(place)
    result = build("-o", target, cwd=tmp_path)
    assert result.returncode == 1, result.stdout
    assert "only replaces regular files" in result.stderr and "Traceback" not in result.stderr
    assert "Wrote" not in result.stdout
    after = os.lstat(place)
    assert (after.st_mode, after.st_ino, after.st_rdev) == (before.st_mode, before.st_ino, before.st_rdev)
    assert not list(tmp_path.glob(".*.part")) and not (tmp_path / "nowhere.pdf").exists()


def test_a_link_to_a_regular_file_updates_the_file_and_keeps_the_link(tmp_path):
    (tmp_path / "archive").mkdir()
    (tmp_path / "archive" / "real.pdf").write_bytes(b"old")
    (tmp_path / "report.pdf").symlink_to(tmp_path / "archive" / "real.pdf")
    assert build("-o", "report.pdf", cwd=tmp_path).returncode == 0
    assert (tmp_path / "report.pdf").is_symlink()
    assert (tmp_path / "archive" / "real.pdf").read_bytes().startswith(b"%PDF")


def test_disk_full_on_the_second_format_leaves_both_old_files(tmp_path):
    """`ulimit -f`: the first format fits, the second does not; neither old file may change."""
    (tmp_path / "r.docx").write_bytes(b"old docx")
    (tmp_path / "r.pdf").write_bytes(b"old pdf")
    assert build("-f", "docx,pdf", "-o", "sizes/r.docx", cwd=tmp_path).returncode == 0
    sizes = {fmt: (tmp_path / "sizes" / f"r.{fmt}").stat().st_size for fmt in ("docx", "pdf")}
    first, second = sorted(sizes, key=sizes.get)  # the smaller is written first and fits; the larger does not
    result = build("-f", f"{first},{second}", "-o", f"r.{first}", cwd=tmp_path,
                   limit=(sizes[first] + sizes[second]) // 2)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (tmp_path / "r.docx").read_bytes() == b"old docx"
    assert (tmp_path / "r.pdf").read_bytes() == b"old pdf"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.docx", "r.pdf", "sizes"]


def test_a_failing_rename_rolls_back_the_files_already_renamed(tmp_path, monkeypatch):
    old, new = tmp_path / "old.pdf", tmp_path / "new.docx"
    old.write_bytes(b"previous")
    real_replace, calls = os.replace, []

    def second_rename_fails(source, target):
        calls.append(target)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_replace(source, target)

    monkeypatch.setattr(output.os, "replace", second_rename_fails)
    with pytest.raises(OSError):
        output.write_together({old: lambda s: s.write(b"next"), new: lambda s: s.write(b"next")})
    monkeypatch.undo()
    assert old.read_bytes() == b"previous" and not new.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["old.pdf"]  # no temporary file, no backup left


def test_writable_target_names_the_kind_of_file(tmp_path):
    with pytest.raises(InvalidInput) as raised:
        output.writable_target(tmp_path)
    (problem,) = raised.value.problems
    assert problem.file == str(tmp_path) and problem.expected
