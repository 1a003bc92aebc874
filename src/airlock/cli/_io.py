"""Output helpers shared by the commands: stdout for results, stderr for messages."""

from __future__ import annotations

import json
import sys
from typing import Any

EXIT_OK, EXIT_BLOCKING, EXIT_ERROR = 0, 1, 2


def out(text: str) -> None:
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def out_json(data: Any) -> None:
    out(json.dumps(data, indent=2, sort_keys=False, default=str))
