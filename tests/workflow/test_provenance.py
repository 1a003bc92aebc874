"""AI signals in commits: every row of the identity table, the confidence ladder, real git log."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from airlock.workflow import git
from airlock.workflow.git import Commit
from airlock.workflow.provenance import (
    KNOWN_IDENTITIES,
    best_tool,
    detect_signals,
    merge_signals,
    signals_in_text,
)
from airlock.workflow.records import Signal
from gitutil import GIT_ENV
from gitutil import git as sh


def commit(
    message: str = "Add a feature",
    *,
    trailers: tuple[tuple[str, str], ...] = (),
    author: tuple[str, str] = ("Pat Human", "pat@example.com"),
    committer: tuple[str, str] | None = None,
    sha: str = "c1",
) -> Commit:
    cn, ce = committer or author
    full = message + ("\n\n" + "\n".join(f"{k}: {v}" for k, v in trailers) if trailers else "")
    return Commit(sha, author[0], author[1], cn, ce, full, trailers)


def only(signals: tuple[Signal, ...]) -> Signal:
    assert len(signals) == 1, signals
    return signals[0]


def gh(user: str) -> str:
    """GitHub's no-reply address for an account, the form bots and the web editor use."""
    return f"12345+{user}@users.noreply.github.com"


# One row per table entry: (tool, a co-author trailer with its real identity, an author identity).
TABLE_ROWS = [
    ("claude", "Claude <noreply@anthropic.com>", ("claude[bot]", gh("claude[bot]"))),
    ("copilot", f"Copilot <{gh('Copilot')}>", ("Copilot", gh("Copilot"))),
    ("cursor", "Cursor Agent <cursoragent@cursor.com>", ("Cursor Agent", "cursoragent@cursor.com")),
    (
        "devin",
        f"devin-ai-integration[bot] <{gh('devin-ai-integration[bot]')}>",
        ("devin-ai-integration[bot]", "d@x.io"),
    ),
    ("codex", f"chatgpt-codex-connector[bot] <{gh('chatgpt-codex-connector[bot]')}>", ("Codex", "codex@openai.com")),
    ("chatgpt", "ChatGPT <chatgpt@openai.com>", ("ChatGPT", "noreply@openai.com")),
    ("aider", "aider (gpt-4o) <noreply@aider.chat>", ("Pat Human (aider)", "pat@example.com")),
    ("gemini", f"gemini-code-assist[bot] <{gh('gemini-code-assist[bot]')}>", ("Gemini", "gemini@example.com")),
    ("jules", f"google-labs-jules[bot] <{gh('google-labs-jules[bot]')}>", ("google-labs-jules[bot]", "x@example.com")),
    ("amazon-q", f"amazon-q-developer[bot] <{gh('amazon-q-developer[bot]')}>", ("Amazon Q Developer", "q@example.com")),
    ("tabnine", "Tabnine <support@tabnine.com>", ("tabnine[bot]", "bot@example.com")),
    ("sweep", f"sweep-ai[bot] <{gh('sweep-ai[bot]')}>", ("Sweep AI", "team@sweep.dev")),
    ("windsurf", "Windsurf <noreply@windsurf.com>", ("Codeium", "bot@codeium.com")),
    ("cody", "Sourcegraph Cody <x@example.com>", ("cody[bot]", "cody@example.com")),
]


def test_every_ai_row_of_the_table_is_tested() -> None:
    tested = {row[0] for row in TABLE_ROWS} | {row[0] for row in BOT_ROWS}
    assert tested == {k.tool for k in KNOWN_IDENTITIES}


@pytest.mark.parametrize(("tool", "coauthor", "author"), TABLE_ROWS, ids=[r[0] for r in TABLE_ROWS])
def test_known_ai_identities(tool: str, coauthor: str, author: tuple[str, str]) -> None:
    trailer = only(detect_signals([commit(trailers=(("Co-authored-by", coauthor),))]))
    assert trailer.kind == "trailer"
    assert trailer.tool == tool
    assert trailer.confidence >= 0.7
    assert trailer.value == f"Co-authored-by: {coauthor}"
    assert trailer.commit == "c1"
    by_author = only(detect_signals([commit(author=author, committer=("Pat Human", "pat@example.com"))]))
    assert (by_author.kind, by_author.tool, by_author.confidence) == ("author", tool, 0.9)
    assert by_author.value == f"{author[0]} <{author[1]}>"


BOT_ROWS = [
    ("dependabot", ("dependabot[bot]", gh("dependabot[bot]"))),
    ("renovate", ("renovate[bot]", gh("renovate[bot]"))),
    ("github-actions", ("github-actions[bot]", gh("github-actions[bot]"))),
    ("pre-commit-ci", ("pre-commit-ci[bot]", gh("pre-commit-ci[bot]"))),
]


@pytest.mark.parametrize(("tool", "author"), BOT_ROWS, ids=[r[0] for r in BOT_ROWS])
def test_non_ai_bots_are_authors_with_low_confidence(tool: str, author: tuple[str, str]) -> None:
    signal = only(detect_signals([commit(author=author)]))
    assert (signal.kind, signal.tool, signal.confidence) == ("author", tool, 0.2)
    assert best_tool([signal]) is None


def test_the_two_trailers_of_the_brief() -> None:
    signals = detect_signals(
        [commit(trailers=(("Co-authored-by", "Claude <noreply@anthropic.com>"), ("Assisted-by", "GitHub Copilot")))]
    )
    assert {(s.kind, s.tool, s.confidence) for s in signals} == {
        ("trailer", "claude", 0.95),
        ("trailer", "copilot", 0.95),
    }


@pytest.mark.parametrize(
    ("key", "value", "tool", "confidence"),
    [
        ("Assisted-by", "Claude Code", "claude", 0.95),
        ("Generated-by", "OpenAI Codex", "codex", 0.95),
        ("X-AI-Tool", "cursor", "cursor", 0.95),
        ("AI-Assisted", "yes (copilot)", "copilot", 0.95),
        ("AI-Assisted", "true", None, 0.7),
        ("Generated-by", "Zed Assistant", "zed assistant", 0.7),
        ("co-authored-by", "CLAUDE <noreply@anthropic.com>", "claude", 0.95),
        ("Co-authored-by", "Claude Dupont <claude.dupont@example.fr>", None, None),
        ("Co-authored-by", "Claude <claude@example.fr>", "claude", 0.7),
        ("Co-authored-by", "helper-thing[bot] <1+helper-thing[bot]@users.noreply.github.com>", None, 0.6),
    ],
)
def test_trailer_confidence_ladder(key: str, value: str, tool: str | None, confidence: float | None) -> None:
    signals = detect_signals([commit(trailers=((key, value),))])
    if confidence is None:
        assert signals == ()
        return
    signal = only(signals)
    assert (signal.tool, signal.confidence) == (tool, confidence)


@pytest.mark.parametrize("value", ["no", "false", "None"])
def test_negative_ai_assisted_is_no_signal(value: str) -> None:
    assert detect_signals([commit(trailers=(("AI-Assisted", value),))]) == ()


def test_people_and_ordinary_trailers_are_no_signal() -> None:
    signals = detect_signals(
        [
            commit(
                "Fix the cursor leak in the DB layer",
                trailers=(
                    ("Co-authored-by", "Sam Person <sam@example.com>"),
                    ("Signed-off-by", "Pat <pat@example.com>"),
                ),
                committer=("GitHub", "noreply@github.com"),
            )
        ]
    )
    assert signals == ()


def test_unknown_bot_author() -> None:
    signal = only(detect_signals([commit(author=("helper[bot]", "1+helper[bot]@users.noreply.github.com"))]))
    assert (signal.kind, signal.tool, signal.confidence) == ("author", None, 0.6)


def test_message_markers_and_phrases() -> None:
    footer = commit("Add caching\n\n🤖 Generated with [Claude Code](https://claude.com/claude-code)")
    signal = only(detect_signals([footer]))
    assert (signal.kind, signal.tool, signal.confidence) == ("message", "claude", 0.8)
    assert signal.value.startswith("🤖 Generated with")
    aider = only(detect_signals([commit("aider: add retries to the client")]))
    assert (aider.tool, aider.confidence) == ("aider", 0.8)
    phrase = only(detect_signals([commit("Refactor models\n\nThis was generated by ChatGPT and then tidied.")]))
    assert (phrase.kind, phrase.tool, phrase.confidence) == ("message", "chatgpt", 0.5)
    assert detect_signals([commit("Mention aider: in the docs")]) == ()  # the marker is a subject prefix


def test_trailer_lines_are_not_read_again_as_message_text() -> None:
    signals = detect_signals([commit(trailers=(("Assisted-by", "GitHub Copilot"),))])
    assert [s.kind for s in signals] == ["trailer"]


def test_repeats_collapse_and_order_is_strongest_first() -> None:
    trailer = ("Co-authored-by", "Claude <noreply@anthropic.com>")
    commits = [
        commit("one", trailers=(trailer,), sha="c1"),
        commit("two", trailers=(trailer,), sha="c2"),
        commit("three: generated with copilot", sha="c3"),
    ]
    signals = detect_signals(commits)
    assert [(s.tool, s.commit) for s in signals] == [("claude", "c1"), ("copilot", "c3")]
    assert best_tool(signals) == "claude"


def test_merge_signals_keeps_the_strongest() -> None:
    weak = Signal("message", "x", "c1", 0.5, "claude")
    strong = Signal("message", "X", "c2", 0.8, "claude")
    assert merge_signals([weak, strong]) == (strong,)


def test_signals_in_text_of_a_patch_preamble() -> None:
    text = "Patch written by Devin for ticket 12\n\n--- a/x.py\n+++ b/x.py\n"
    signal = only(signals_in_text(text))
    assert (signal.tool, signal.commit, signal.confidence) == ("devin", None, 0.5)


def test_real_git_log_trailers_and_identities(git_repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    (git_repo / "a.py").write_text("a = 1\n", encoding="utf-8")
    sh(git_repo, "add", "a.py")
    sh(git_repo, "commit", "-q", "-m", "base")
    (git_repo / "a.py").write_text("a = 2\n", encoding="utf-8")
    sh(git_repo, "add", "a.py")
    message = (
        "Change a\n\nBody line with: a colon.\n\n"
        "Co-authored-by: Claude <noreply@anthropic.com>\nAssisted-by: GitHub\n  Copilot\n"
    )
    sh(
        git_repo,
        "commit",
        "-q",
        "-m",
        message,
        "--author=copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>",
    )
    commits = git.commits(git_repo, "HEAD~1..HEAD")
    assert len(commits) == 1
    found = commits[0]
    assert found.author_name == "copilot-swe-agent[bot]"
    assert found.committer_email == "test@example.invalid"
    assert found.trailers == (("Co-authored-by", "Claude <noreply@anthropic.com>"), ("Assisted-by", "GitHub Copilot"))
    assert found.message.startswith("Change a\n\nBody line with: a colon.")
    signals = detect_signals(commits)
    assert {(s.kind, s.tool) for s in signals} == {("trailer", "claude"), ("trailer", "copilot"), ("author", "copilot")}
    assert all(s.commit == found.sha for s in signals)
