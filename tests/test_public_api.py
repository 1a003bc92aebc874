"""The public surface of ``airlock`` is pinned: it grows only on purpose."""

import airlock


def test_public_names() -> None:
    assert sorted(airlock.__all__) == sorted(
        ["Config", "Finding", "ScanRequest", "ScanResult", "Severity", "__version__", "load_config", "run_scan"]
    )
    for name in airlock.__all__:
        assert hasattr(airlock, name)
