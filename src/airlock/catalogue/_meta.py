"""Meta family: airlock's own findings about its input, not failure modes of the code."""

from __future__ import annotations

from airlock.catalogue._category import Category, Family
from airlock.model import Severity

META: tuple[Category, ...] = (
    Category(
        id="unanalysable",
        family=Family.META,
        title="File airlock could not analyse",
        summary="A file airlock could not analyse: syntax error, undecodable bytes, or too large.",
        why_ai=(
            "Assistants return truncated answers, unbalanced brackets, Markdown fences pasted "
            "into `.py` files, or syntax newer than the project's Python version. Code that "
            "does not parse is also code no rule has checked, so airlock reports it instead of "
            "skipping it."
        ),
        in_production=(
            "A module that does not parse fails at import: the service or job that loads it "
            "does not start, or fails on the first request that imports it lazily. If airlock "
            "skipped such files silently, a green gate would say nothing about them."
        ),
        fix=(
            "Make the file parse under the project's target Python version (check with "
            "`python -m py_compile FILE`) and save it as UTF-8; exclude generated or vendored "
            "files from the scan instead of letting them fail."
        ),
        example="""\
# services/pricing.py as generated; the answer was cut off, so the file does not parse:
# def total(items: list[Item]) -> Decimal:
#     return sum((item.price for item in items), Decimal(0)
""",
        use_instead="""\
def total(items: list[Item]) -> Decimal:
    return sum((item.price for item in items), Decimal(0))
""",
        default_severity=Severity.HIGH,
        references=(
            "https://docs.python.org/3/library/py_compile.html",
            "https://peps.python.org/pep-0263/",
        ),
    ),
    Category(
        id="suppression",
        family=Family.META,
        title="Suppression without a reason, or one that suppresses nothing",
        summary="An `# airlock: ignore[...]` comment gives no reason, or suppresses no finding.",
        why_ai=(
            "Assistants asked to make a check pass tend to add an ignore comment rather than "
            "fix the code, and copy ignores along with the lines they sit on. An unexplained "
            "ignore cannot be told apart from one that hides a real defect."
        ),
        in_production=(
            "A suppression without a reason hides its finding from every later review, so a "
            "missing timeout or an injection ships with a green gate. A stale suppression that "
            "matches nothing will hide the next finding that appears on its line."
        ),
        fix=(
            "Write the reason after the bracket, e.g. `# airlock: ignore[no-timeout] "
            "long-poll, closed by the proxy after 60 s`, name specific categories or rules, "
            "and delete suppressions that no longer match a finding."
        ),
        example="""\
resp = requests.get(url)  # airlock: ignore[no-timeout]
data = json.loads(raw)  # airlock: ignore[injection]
""",
        use_instead="""\
resp = requests.get(url, timeout=(3.05, 10))  # fixed instead of suppressed
events = poll(FEED_URL)  # airlock: ignore[no-timeout] long-poll, closed by the proxy after 60 s
data = json.loads(raw)  # json.loads is safe: the stale ignore is deleted
""",
        default_severity=Severity.MEDIUM,
        references=(
            "https://docs.astral.sh/ruff/linter/#error-suppression",
            "https://docs.astral.sh/ruff/rules/unused-noqa/",
        ),
    ),
)
