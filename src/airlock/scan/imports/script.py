"""PEP 723 inline script metadata: a single-file script that declares its own dependencies.

```python
# /// script
# dependencies = ["httpx>=0.27", "rich"]
# ///
```

Tools such as ``uv run`` and ``pipx run`` install exactly these for the script, whatever the
surrounding project declares, so for such a file this block is the manifest.
"""

from __future__ import annotations

import re
import tomllib

from airlock.scan.imports.manifests import DeclaredRequirement, ManifestReport, requirement_name
from airlock.scan.imports.names import normalise

__all__ = ["script_metadata"]

# The reference regular expression of PEP 723.
_BLOCK = re.compile(r"(?m)^# /// (?P<type>[a-zA-Z0-9-]+)$\s(?P<content>(^#(| .*)$\s)+)^# ///$")


def script_metadata(path: str, text: str) -> ManifestReport | None:
    """The script's declared dependencies, or ``None`` when the file has no ``script`` block."""
    if "# /// script" not in text:
        return None
    for match in _BLOCK.finditer(text):
        if match.group("type") != "script":
            continue
        first = text.count("\n", 0, match.start()) + 2  # the line after the opening marker
        lines = match.group("content").splitlines()
        body = "\n".join(line[2:] if line.startswith("# ") else line[1:] for line in lines)
        try:
            data = tomllib.loads(body)
        except tomllib.TOMLDecodeError as exc:
            return ManifestReport(declaring=True, dynamic=f"the `# /// script` block is not valid TOML: {exc}")
        items = data.get("dependencies", [])
        found = []
        for item in items if isinstance(items, list) else []:
            name = requirement_name(item) if isinstance(item, str) else None
            if name:
                offset = next((i for i, line in enumerate(lines) if item in line), 0)
                found.append(DeclaredRequirement(name, normalise(name), path, first + offset, "# /// script"))
        return ManifestReport(requirements=tuple(found), declaring=True)
    return None
