"""Import resolution, offline: where each imported module comes from.

- :mod:`.collect`: every import of a file, and the guards that make one optional
- :mod:`.resolve`: standard library, the project's own modules, installed, declared, known, or nowhere
- :mod:`.manifests` (with ``_pyproject`` and ``_setup``) and :mod:`.script`: what the project declares
- :mod:`.installed`: what the running interpreter and the project's virtualenv provide
- :mod:`.aliases`: import names whose distribution is named otherwise (``yaml`` → PyYAML)
- :mod:`.known`: the shipped lists of popular and of known-hallucinated names
- :mod:`.names`: normalisation and edit distance
"""
