"""The ai family's package rules: imports the project does not declare, and packages that do not exist.

- ``undeclared-import`` (``undeclared-dependency``): a real third-party package is imported,
  and no manifest declares it.
- ``unknown-import`` (``hallucinated-package``): an import that resolves nowhere offline.
- ``unknown-requirement`` and ``suspicious-requirement`` (``hallucinated-package``): project
  rules of the ``--online`` check (:mod:`airlock.scan.pypi`), which reports on manifests,
  not Python files; they are registered for their documentation and configuration.

Resolution lives in :mod:`airlock.scan.imports`; these rules only turn its answers into hits.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import ClassVar

from airlock.model import Confidence, Severity
from airlock.scan.context import FileContext
from airlock.scan.imports.collect import ImportRef, collect_imports, optional_reason
from airlock.scan.imports.manifests import declare_hint
from airlock.scan.imports.resolve import Kind, Resolution, Resolver, resolver_for
from airlock.scan.imports.runtime import RuntimeModules
from airlock.scan.imports.script import script_metadata
from airlock.scan.rules.base import Hit, Rule, RuleMeta, RuleStatus

__all__ = [
    "ONLINE_RULE_IDS",
    "PROJECT_RULES",
    "RULES",
    "SuspiciousRequirement",
    "UndeclaredImport",
    "UnknownImport",
    "UnknownRequirement",
    "imported_module",
]

UNVERIFIED = "unverified: not found locally; run with --online to ask the package index"


def _third_party(ctx: FileContext) -> Iterator[tuple[ImportRef, Resolution, Resolver]]:
    """Each non-optional third-party import of the file, the first per top-level module."""
    resolver = resolver_for(ctx.project)
    script = script_metadata(ctx.path, ctx.text)
    if script is not None:
        resolver = resolver.for_script(script)
    seen: set[str] = set()
    for ref in collect_imports(ctx):
        if ref.relative or not ref.module or ref.top in seen:
            continue
        found = resolver.resolve(ref.paths)
        if found.kind is Kind.THIRD_PARTY and not optional_reason(ctx, ref.node):
            seen.add(ref.top)
            yield ref, found, resolver


def imported_module(message: str) -> str | None:
    """The module a package finding is about: the rules write it first, in back quotes."""
    if not message.startswith("`"):
        return None
    end = message.find("`", 1)
    return message[1:end] if end > 1 else None


class UndeclaredImport(Rule):
    """An import of a real third-party package that no manifest of the project declares.

    ## What it does
    Resolves every import: the standard library, the project's own modules (src layouts
    and relative imports included), distributions installed in the running interpreter or
    in the project's `.venv`, and the requirements its manifests declare (`pyproject.toml`
    in its PEP 621, PEP 735, Poetry, PDM, uv and Hatch forms, requirements files with `-r`
    includes, `setup.cfg`, literal `setup.py`, `Pipfile`, and a script's PEP 723 `# ///
    script` block). Reports a third-party import that exists (installed, or a known
    package) but is declared nowhere, naming the distribution to add: `import yaml` needs
    `PyYAML`, `import cv2` needs `opencv-python`.

    ## Why is this bad?
    The code runs on the machine where the package happens to be installed (often pulled
    in by another tool) and fails with `ModuleNotFoundError` in a clean build, a new
    container or a colleague's checkout, or after an upgrade of the package that brought it
    in. An undeclared package is neither pinned nor audited. AI assistants add the import
    and never the manifest change: the prompt shows one file.

    ## Example
    ```python
    # pyproject.toml: dependencies = ["fastapi"]
    import yaml

    def settings(path):
        with open(path) as handle:
            return yaml.safe_load(handle)
    ```

    ## Use instead
    ```python
    # pyproject.toml: dependencies = ["fastapi", "PyYAML>=6"]
    import yaml

    def settings(path):
        with open(path) as handle:
            return yaml.safe_load(handle)
    ```

    ## Known problems
    Nothing is reported for a project without any manifest that declares dependencies (a
    folder of scripts), nor when a manifest computes its dependencies (`setup.py` reading
    a file, `dynamic = ["dependencies"]` without a readable source): airlock cannot know
    what is declared. All manifests of a scan count together, so in a monorepo a package
    declared by a sibling project counts as declared. Imports under `try/except
    ImportError`, `if TYPE_CHECKING:` and platform or version guards are optional and
    never reported. An import whose distribution has an unusual name and is not
    installed is matched to requirements by name similarity (`corsheaders` ↔
    `django-cors-headers`).

    ## References
    - [PEP 621: dependencies](https://peps.python.org/pep-0621/#dependencies-optional-dependencies)
    - [PEP 735: dependency groups](https://peps.python.org/pep-0735/)
    - [PEP 723: inline script metadata](https://peps.python.org/pep-0723/)
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="undeclared-import",
        category="undeclared-dependency",
        summary="A third-party package is imported but no manifest of the project declares it.",
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        for ref, found, resolver in _third_party(ctx):
            if found.declared or found.known_by is None or found.hallucinated or not resolver.manifests.complete:
                continue
            where = declare_hint(resolver.manifests, ctx.path)
            dist = found.distribution
            how = "" if found.known_by == "installed" else " (it is not installed here either)"
            yield Hit(
                ref.node,
                f"`{ref.module}` comes from {dist}, which no manifest declares{how}: add it to {where}",
                remedy=f"Declare `{dist}` with a version range in {where}, then update the lock file.",
                confidence=Confidence.MEDIUM if ref.dynamic else None,
            )


class UnknownImport(Rule):
    """An import that resolves nowhere: possibly a package the model made up.

    ## What it does
    Reports an import that is not the standard library, not a module of the project, not
    installed (in the running interpreter or the project's `.venv`), not declared by any
    manifest, and not a known package (the alias table and the shipped list of popular
    names on the index). Offline the finding is unverified (low confidence); a name on the
    shipped list of names AI assistants are documented to invent is reported with high
    confidence. `airlock scan --online` asks the package index and says whether the name
    exists and how risky it looks.

    ## Why is this bad?
    The import fails on every machine. Worse, a name a model invents once it tends to
    invent again, and attackers register such names on the index ("slopsquatting"): the
    next `pip install` of the suggested name runs their code on a developer laptop or a
    build server that holds credentials.

    ## Example
    ```python
    from fastapi_csv_export import rows_to_csv
    ```

    ## Use instead
    ```python
    import csv
    import io

    def rows_to_csv(rows):
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
        return out.getvalue()
    ```

    ## Known problems
    A real package that is neither installed, declared, on the popular list nor in the
    alias table is reported as unverified until an `--online` run clears it. Modules
    provided by packages installed elsewhere (a system `site-packages`, a `PYTHONPATH`
    entry, a conda environment) are not seen. Imports under `try/except ImportError`,
    `if TYPE_CHECKING:` and platform guards are optional and never reported.

    ## References
    - [Spracklen et al., package hallucinations by code-generating LLMs](https://arxiv.org/abs/2406.10279)
    - [PyPA: secure installs](https://pip.pypa.io/en/stable/topics/secure-installs/)
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="unknown-import",
        category="hallucinated-package",
        summary="An import that resolves to nothing installed, declared or known: possibly a hallucinated package.",
        confidence=Confidence.LOW,
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        runtime: RuntimeModules | None = None
        for ref, found, resolver in _third_party(ctx):
            if found.hallucinated:
                yield Hit(
                    ref.node,
                    f"`{ref.module}` is a package name AI assistants are known to invent ({found.hallucinated})",
                    remedy="Find the real library for this job, and check its name on the package index.",
                    confidence=Confidence.HIGH,
                )
                continue
            if found.declared or found.known_by is not None:
                continue
            if runtime is None:
                runtime = RuntimeModules(ctx)
            if runtime.reason(ref.node, ref.top):
                continue
            near = resolver.suggestions(ref.module)
            hint = f"; did you mean {', '.join(f'`{n}`' for n in near)}?" if near else ""
            yield Hit(
                ref.node,
                f"`{ref.module}` is not the standard library, the project, installed or declared{hint} — {UNVERIFIED}",
                remedy=(
                    "Check the name on the package index (`airlock scan --online`). If the package is real, declare "
                    "and install it; if not, use the real library or the standard library instead."
                ),
            )


class UnknownRequirement(Rule):
    """A declared requirement that does not exist on the package index (checked with `--online`).

    ## What it does
    With `airlock scan --online` (or `online = true` in `[tool.airlock]`), asks the package
    index's JSON API about every requirement the manifests declare and reports, on the
    manifest's line, each name the index does not know. It is a project rule: it reads
    manifests, not Python files, and runs only online.

    ## Why is this bad?
    A clean install fails, or, once someone registers the name, installs their code
    instead. AI assistants write requirements from the names they remember, which are
    sometimes import names (`sklearn`), command names (`huggingface-cli`) or inventions.

    ## Example
    ```text
    # requirements.txt
    fastapi-csv-export==1.2
    ```

    ## Use instead
    ```text
    # requirements.txt: only names checked on the index
    fastapi==0.115.0
    ```

    ## Known problems
    A package served by a private index is unknown to the public one: set
    `index-url` in `[tool.airlock]` (or `AIRLOCK_INDEX_URL`) to the index the project
    installs from. Answers are cached for 24 hours (a missing name for one hour).

    ## References
    - [PyPI JSON API](https://docs.pypi.org/api/json/)
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="unknown-requirement",
        category="hallucinated-package",
        summary="A declared requirement that the package index does not know (--online).",
        severity=Severity.HIGH,
        status=RuleStatus.PREVIEW,
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        """Not a file rule: :func:`airlock.scan.pypi.check_project` reports it on manifests."""
        return iter(())


class SuspiciousRequirement(Rule):
    """A declared requirement that exists on the index but looks like a squat (checked with `--online`).

    ## What it does
    With `--online`, scores every declared requirement from what the index says about it:
    first release very recent, very few releases, an empty or placeholder description, a
    name one or two edits from a popular project or glued together from popular names, a
    name AI assistants are known to invent. A score of 50 or more out of 100 is reported on
    the manifest's line, with every reason and the score in the finding's evidence.

    ## Why is this bad?
    Typosquats and slopsquats are real packages: they install, and their code runs with
    the developer's or the build server's rights. They are young, thin and named after
    something popular; established packages rarely are.

    ## Example
    ```text
    # requirements.txt
    reqeusts==2.31.0
    ```

    ## Use instead
    ```text
    # requirements.txt
    requests==2.32.3
    ```

    ## Known problems
    A genuinely new, small project scores high on age and release count alone; suppress
    the finding with a reason once the project is vetted. A private index's metadata may
    lack release dates.

    ## References
    - [PyPI JSON API](https://docs.pypi.org/api/json/)
    - [Typosquatting on package indexes](https://pypi.org/security/)
    """

    meta: ClassVar[RuleMeta] = RuleMeta(
        id="suspicious-requirement",
        category="hallucinated-package",
        summary="A declared requirement whose index metadata looks like a squat (--online).",
        severity=Severity.HIGH,
        confidence=Confidence.MEDIUM,
        status=RuleStatus.PREVIEW,
    )

    def check(self, ctx: FileContext) -> Iterator[Hit]:
        """Not a file rule: :func:`airlock.scan.pypi.check_project` reports it on manifests."""
        return iter(())


RULES: tuple[Rule, ...] = (UndeclaredImport(), UnknownImport())
"""File rules: run on every Python file."""

PROJECT_RULES: tuple[Rule, ...] = (UnknownRequirement(), SuspiciousRequirement())
"""Rules of the ``--online`` project check; registered for ``explain`` and configuration only."""

ONLINE_RULE_IDS = frozenset({"unknown-import", "undeclared-import", "unknown-requirement", "suspicious-requirement"})
"""Findings the online check may confirm, revise or add."""
