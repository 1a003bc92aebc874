"""The explain-back rule: a reviewer must say, in their own words, what each file does and
why it is safe in production. An explanation is refused when it is too short, mostly
repeats the code or the commit message, or is the same text as for another file.

The checks are deliberately simple and explainable: word counts and overlapping word
sequences (shingles), so a refusal can always say what it matched.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["ExplanationProblem", "check_explanations"]

_WORD = re.compile(r"[A-Za-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SHINGLE = 3
_MAX_CODE_OVERLAP = 0.5
_MAX_MESSAGE_OVERLAP = 0.6
_MAX_SIBLING_SIMILARITY = 0.8


@dataclass(frozen=True, slots=True)
class ExplanationProblem:
    """Why one file's explanation was refused."""

    path: str
    reason: str


def _words(text: str) -> list[str]:
    """Lower-case words, with identifiers split (``get_user_by_id`` → get user by id)."""
    words: list[str] = []
    for token in _WORD.findall(_CAMEL.sub(" ", text.replace("_", " "))):
        words.append(token.lower())
    return words


def _shingles(words: list[str]) -> set[tuple[str, ...]]:
    if len(words) < _SHINGLE:
        return {tuple(words)} if words else set()
    return {tuple(words[i : i + _SHINGLE]) for i in range(len(words) - _SHINGLE + 1)}


def _overlap(explanation: set[tuple[str, ...]], source: set[tuple[str, ...]]) -> float:
    """Share of the explanation's shingles that also occur in ``source``."""
    if not explanation:
        return 0.0
    return len(explanation & source) / len(explanation)


def _similarity(a: set[tuple[str, ...]], b: set[tuple[str, ...]]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def check_explanations(
    explanations: Mapping[str, str],
    code: Mapping[str, str],
    *,
    commit_message: str = "",
    min_words: int = 12,
) -> list[ExplanationProblem]:
    """Problems with the explanations of each changed file (empty: all accepted).

    ``code`` maps each changed path to the text of its change (the diff's lines); a path
    in ``code`` without an explanation is a problem too.
    """
    problems: list[ExplanationProblem] = []
    message_shingles = _shingles(_words(commit_message))
    seen: dict[str, set[tuple[str, ...]]] = {}
    for path in sorted(code):
        text = explanations.get(path, "").strip()
        if not text:
            problems.append(ExplanationProblem(path, "no explanation: say what this file does and why it is safe"))
            continue
        words = _words(text)
        if len(words) < min_words:
            problems.append(
                ExplanationProblem(path, f"too short ({len(words)} words, at least {min_words}): explain what and why")
            )
            continue
        shingles = _shingles(words)
        from_code = _overlap(shingles, _shingles(_words(code[path])))
        if from_code > _MAX_CODE_OVERLAP:
            problems.append(
                ExplanationProblem(
                    path, f"mostly repeats the code ({from_code:.0%} of it is copied): explain, don't quote"
                )
            )
            continue
        if message_shingles and _overlap(shingles, message_shingles) > _MAX_MESSAGE_OVERLAP:
            problems.append(ExplanationProblem(path, "mostly repeats the commit message: say what you understood"))
            continue
        twin = next((other for other, s in seen.items() if _similarity(shingles, s) > _MAX_SIBLING_SIMILARITY), None)
        if twin is not None:
            problems.append(ExplanationProblem(path, f"the same explanation as for {twin}: each file needs its own"))
            continue
        seen[path] = shingles
    for path in sorted(set(explanations) - set(code)):
        problems.append(ExplanationProblem(path, "not a file of this change"))
    return problems
