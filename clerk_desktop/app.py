"""Start the clerk desktop: ``clerk-desktop [--server URL] [--lang el|en]``."""

from __future__ import annotations

import argparse
import os
import sys

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from clerk_desktop import fonts, platform_check, site_settings
from clerk_desktop.i18n import language, set_language
from clerk_desktop.qt_words import use_language


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="clerk-desktop", description="Municipal appointments — clerk desktop"
    )
    parser.add_argument("--server", help="service address, e.g. http://127.0.0.1:5000")
    parser.add_argument("--lang", choices=["el", "en"], help="interface language (default: Greek)")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the main window without a server, print the version, exit",
    )
    args = parser.parse_args(argv)
    problem = platform_check.advice(os.environ, platform_check.missing_packages(os.environ))
    if problem is not None:
        print(problem, file=sys.stderr)
        return 1
    app = QApplication(sys.argv[:1])
    app.setApplicationName("clerk-desktop")
    app.setOrganizationName("dimos")
    fonts.ensure_greek(app)
    from clerk_desktop.views.style import STYLESHEET

    app.setStyleSheet(STYLESHEET)
    settings = QSettings()
    site_settings.apply(settings)  # what IT pushed to every desk (server, language)
    set_language(args.lang or str(settings.value("language", "el")))
    if args.lang:
        settings.setValue("language", args.lang)
    use_language(language())  # Qt's own buttons, dialogs, month and day names in the same language
    if args.self_test:
        from clerk_desktop import self_test

        return self_test.run(app)
    from clerk_desktop.desktop import Desktop

    desktop = Desktop(settings, server_override=args.server)
    if not desktop.start():
        return 0
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
