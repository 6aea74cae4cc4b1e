"""replylint's language server: live warnings while an agent types a reply.

Start it with ``replylint-lsp`` (stdio) or ``replylint-lsp --tcp 127.0.0.1:2087``.
Modules, one job each:

``server``        LSP wiring: open documents, settings, configuration files
``settings``      editor settings merged over the project's configuration file
``diagnostics``   debounced checks in a worker thread; results to LSP diagnostics
``hover``         the rule's rationale and a better phrasing for a flagged span
``code_actions``  fixes as WorkspaceEdits: suggestions, suppressions (``replylint.suppressions``
                  writes the directives), allow list
``allowlist``     adding a term to ``allow = [...]`` without disturbing the file
"""
__version__ = "0.1.0"
