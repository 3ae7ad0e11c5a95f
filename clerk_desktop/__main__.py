"""``python -m clerk_desktop``, and the entry point of the PyInstaller bundle."""

import sys

from clerk_desktop.app import main

sys.exit(main())
