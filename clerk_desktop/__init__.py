"""The clerks' desktop application (PySide6); talks to service_api only over HTTP."""

__version__ = "0.1.0"  # the same as pyproject.toml's (a test keeps them equal)
