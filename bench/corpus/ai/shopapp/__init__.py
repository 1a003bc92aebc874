"""A small shop service, written the way an assistant writes one (see README.md)."""

from .settings import Settings, get_settings  # ok: hallucinated-package, undeclared-dependency

__all__ = ["Settings", "get_settings"]
