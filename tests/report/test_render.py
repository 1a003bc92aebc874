"""``render`` maps every ``Format`` to its reporter."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import airlock.report
from airlock.model import ScanResult
from airlock.report import Format, render
from airlock.report.json_report import render_json
from airlock.report.junit import render_junit
from airlock.report.sarif import render_sarif
from airlock.report.text import render_text

REPORTERS: dict[Format, Callable[[ScanResult], str]] = {
    Format.TEXT: render_text,
    Format.JSON: render_json,
    Format.SARIF: render_sarif,
    Format.JUNIT: render_junit,
}


def test_every_format_has_a_reporter() -> None:
    assert set(REPORTERS) == set(Format)
    assert [f.value for f in Format] == ["text", "json", "sarif", "junit"]


@pytest.mark.parametrize("fmt", list(Format))
def test_render_dispatches(fmt: Format, sample_result: ScanResult, empty_result: ScanResult) -> None:
    for result in (sample_result, empty_result):
        assert render(result, fmt) == REPORTERS[fmt](result)


def test_format_parses_from_the_cli_value() -> None:
    assert Format("sarif") is Format.SARIF
    with pytest.raises(ValueError, match="html"):
        Format("html")


def test_color_and_width_only_change_text(sample_result: ScanResult) -> None:
    assert "\x1b[" in render(sample_result, Format.TEXT, color=True)
    assert render(sample_result, Format.TEXT, width=60) == render_text(sample_result, width=60)
    for fmt in (Format.JSON, Format.SARIF, Format.JUNIT):
        assert render(sample_result, fmt, color=True, width=40) == render(sample_result, fmt)


def test_public_names() -> None:
    assert sorted(airlock.report.__all__) == ["Format", "render"]
