"""Files quiz writes: whole or not at all, and readable as the user's umask says."""

from __future__ import annotations

import os
import stat

import pytest
from testdata import run_quiz

from quiz.files import write_atomic


@pytest.fixture
def umask():
    def set_mask(mask: int) -> None:
        os.umask(mask)

    old = os.umask(0o022)
    yield set_mask
    os.umask(old)


def mode(path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_a_new_file_follows_the_umask(tmp_path, umask, mask, expected):
    umask(mask)
    write_atomic(tmp_path / "results.csv", "a,b\n")
    assert mode(tmp_path / "results.csv") == expected
    assert (tmp_path / "results.csv").read_text() == "a,b\n"


def test_a_file_written_again_keeps_its_mode(tmp_path, umask):
    umask(0o077)
    path = tmp_path / "bank.yaml"
    path.write_text("old")
    path.chmod(0o640)
    write_atomic(path, "new")
    assert mode(path) == 0o640 and path.read_text() == "new"
    assert [p.name for p in tmp_path.iterdir()] == ["bank.yaml"]  # no temporary file left


def test_an_export_in_a_shared_folder_is_readable_by_others(tmp_path, umask):
    umask(0o022)  # the child inherits it
    out = tmp_path / "banks.json"
    assert run_quiz("export", "--format", "json", "-o", str(out)).returncode == 0
    assert mode(out) == 0o644
