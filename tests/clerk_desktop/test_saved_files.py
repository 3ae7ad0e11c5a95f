"""An export is saved whole or not at all: a reader never sees it half written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clerk_desktop import saved_files
from clerk_desktop.saved_files import save_whole


def test_the_export_appears_whole_and_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "zoe.json"
    assert save_whole(str(target), b'{"bookings": []}') == str(target)
    assert target.read_bytes() == b'{"bookings": []}'
    assert [p.name for p in tmp_path.iterdir()] == ["zoe.json"]


def test_a_failed_save_keeps_the_earlier_file_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "stats.csv"
    target.write_bytes(b"old")

    def no_rename(_src: object, _dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        save_whole(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["stats.csv"]


@pytest.mark.parametrize("umask", [0o022, 0o002, 0o077])
def test_a_new_file_gets_the_mode_a_plain_write_would(tmp_path: Path, umask: int) -> None:
    previous = os.umask(umask)
    try:
        plain, saved = tmp_path / "plain", tmp_path / "saved"
        plain.write_bytes(b"x")
        save_whole(saved, b"x")
    finally:
        os.umask(previous)
    assert saved.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777 == 0o666 & ~umask


def test_a_replaced_file_keeps_its_mode_and_a_link_keeps_pointing_at_it(tmp_path: Path) -> None:
    real = tmp_path / "kept" / "export.json"
    real.parent.mkdir()
    real.write_bytes(b"old")
    real.chmod(0o600)  # the officer keeps the export private
    link = tmp_path / "export.json"
    link.symlink_to(real)

    save_whole(link, b"new")

    assert link.is_symlink() and real.read_bytes() == b"new"
    assert real.stat().st_mode & 0o777 == 0o600


def test_a_folder_that_takes_no_new_file_is_written_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "stats.csv"
    target.write_bytes(b"old")
    real_open = os.open

    def no_new_files(name: object, flags: int, *args: object) -> int:
        if str(name).endswith(".part"):
            raise PermissionError(13, "Permission denied", str(name))
        return real_open(name, flags, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(saved_files.os, "open", no_new_files)
    save_whole(target, b"new")
    assert target.read_bytes() == b"new"


def test_a_refusal_names_the_users_file_and_a_long_name_still_saves(tmp_path: Path) -> None:
    gone = tmp_path / "gone" / "stats.csv"
    with pytest.raises(FileNotFoundError) as refused:
        save_whole(gone, b"x")
    assert refused.value.filename == str(gone)
    long_name = tmp_path / ("δ" * 120 + ".csv")  # 244 bytes: the part-file's name must not exceed 255
    save_whole(long_name, b"x")
    assert long_name.read_bytes() == b"x"
