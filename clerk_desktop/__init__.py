"""The clerks' desktop application (PySide6); talks to service_api only over HTTP."""
