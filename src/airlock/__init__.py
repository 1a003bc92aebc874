"""airlock: quarantine for AI-written code.

The public API is small on purpose; everything else is internal and may change.
"""

from airlock._version import __version__
from airlock.config import Config, load_config
from airlock.model import Finding, ScanResult, Severity
from airlock.scan.engine import ScanRequest, run_scan

__all__ = ["Config", "Finding", "ScanRequest", "ScanResult", "Severity", "__version__", "load_config", "run_scan"]
