"""An export is saved whole or not at all: a reader never sees it half written."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from clerk_desktop.saved_files import save_whole


def test_the_export_appears_whole_and_leaves_no_partial_file(tmp_path: Path) -> None:
    target = tmp_path / "zoe.json"
    save_whole(str(target), b'{"bookings": []}')
    assert target.read_bytes() == b'{"bookings": []}'
    assert [p.name for p in tmp_path.iterdir()] == ["zoe.json"]


def test_a_failed_save_keeps_the_earlier_file_and_cleans_up(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "stats.csv"
    target.write_bytes(b"old")

    def no_rename(_src: str, _dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", no_rename)
    with pytest.raises(OSError):
        save_whole(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["stats.csv"]


def test_the_saved_file_is_readable_like_a_plain_write(tmp_path: Path) -> None:
    plain, saved = tmp_path / "plain", tmp_path / "saved"
    plain.write_bytes(b"x")
    save_whole(saved, b"x")
    assert saved.stat().st_mode & 0o777 == plain.stat().st_mode & 0o777
