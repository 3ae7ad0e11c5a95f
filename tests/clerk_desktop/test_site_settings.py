"""Settings IT pushes to every clerk PC (issue 16): they fill in, and with enforce=true they win."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from clerk_desktop import site_settings


def _pushed(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "clerk-desktop.ini"
    path.write_text(text)
    return {"DIMOS_DESKTOP_CONFIG": str(path)}


def _user(tmp_path: Path, **values: str) -> QSettings:
    settings = QSettings(str(tmp_path / "user.ini"), QSettings.Format.IniFormat)
    for key, value in values.items():
        settings.setValue(key, value)
    return settings


def test_pushed_values_fill_in_what_the_clerk_has_not_chosen(tmp_path: Path) -> None:
    env = _pushed(tmp_path, "[General]\nserver=https://rantevou.larissa.gr\nlanguage=en\n")
    user = _user(tmp_path, language="el")
    assert site_settings.apply(user, env) == {"server": "https://rantevou.larissa.gr"}
    assert user.value("server") == "https://rantevou.larissa.gr"
    assert user.value("language") == "el"  # the clerk's own choice stays


def test_enforced_values_replace_the_clerks_own(tmp_path: Path) -> None:
    env = _pushed(tmp_path, "[General]\nserver=https://new.example.gr\nenforce=true\n")
    user = _user(tmp_path, server="https://old.example.gr")
    site_settings.apply(user, env)
    assert user.value("server") == "https://new.example.gr"


def test_a_pushed_language_that_is_no_language_changes_nothing(tmp_path: Path) -> None:
    env = _pushed(tmp_path, "[General]\nlanguage=greek\nenforce=true\n")
    user = _user(tmp_path, language="el")
    assert site_settings.apply(user, env) == {}
    assert user.value("language") == "el"
