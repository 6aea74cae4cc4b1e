"""Code actions for a flagged span, each a ``WorkspaceEdit`` computed here.

* apply a suggestion (replace the span);
* suppress the rule on this line / in this file (an inline directive, written by
  :mod:`replylint.suppressions` in the document's comment form);
* for ``internal-jargon``: add the term to the project's ``allow`` list.

Markdown and HTML-like documents take invisible HTML comments; everything else takes ``#``
lines, which is what the editor language id (or, without one, the file suffix) decides.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types
from pygls.uris import from_fs_path

import replylint
from replylint.positions import LineIndex, from_lsp_position, to_lsp_position
from replylint.suppressions import Edit, suppress_file, suppress_line

from .allowlist import add_allowed_term
from .diagnostics import CheckResult

ADD_TO_ALLOW_COMMAND = "replylint.addToAllowList"
JARGON_RULE = "internal-jargon"

HTML_LANGUAGES = {"markdown", "html", "xml", "mdx", "vue", "svelte", "handlebars", "liquid", "erb", "jinja",
                  "jinja-html", "django-html", "razor", "php"}
HTML_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm", ".xml", ".liquid", ".hbs")


def uses_html_comments(language_id: str | None, uri: str) -> bool:
    """Whether directives in this document are written as HTML comments (else ``#`` lines)."""
    if language_id:
        return language_id.lower() in HTML_LANGUAGES
    return uri.lower().endswith(HTML_SUFFIXES)


@dataclass(frozen=True)
class EditContext:
    """What the actions need to know about the client and the document."""

    uri: str
    html_comments: bool
    encoding: str
    document_changes: bool  # client applies TextDocumentEdit lists
    can_create_files: bool  # client applies CreateFile
    allow_target: tuple[Path, str | None] | None  # config file and its table


def _range(index: LineIndex, change: Edit, encoding: str) -> types.Range:
    sl, sc = to_lsp_position(index, change.start, encoding)
    el, ec = to_lsp_position(index, change.end, encoding)
    return types.Range(types.Position(sl, sc), types.Position(el, ec))


def _edit(ctx: EditContext, uri: str, version: int | None, index: LineIndex,
          change: Edit) -> types.WorkspaceEdit:
    edit = types.TextEdit(range=_range(index, change, ctx.encoding), new_text=change.new_text)
    if ctx.document_changes:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=version),
            edits=[edit])])
    return types.WorkspaceEdit(changes={uri: [edit]})


def _allow_action(ctx: EditContext, term: str, diagnostic: types.Diagnostic) -> types.CodeAction | None:
    if ctx.allow_target is None or not term.strip():
        return None
    path, table = ctx.allow_target
    title = f"Add “{term}” to the allow list in {path.name}"
    config_uri = from_fs_path(str(path))
    if path.is_file():
        try:
            text = path.read_text(encoding="utf-8")
            change = add_allowed_term(text, term, table)
        except (OSError, UnicodeDecodeError, ValueError):
            return None
        if change is None:
            return None
        edit = _edit(ctx, config_uri, None, LineIndex(text), change)
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                diagnostics=[diagnostic], edit=edit)
    change = add_allowed_term("", term, table)
    if change is None:
        return None
    if ctx.document_changes and ctx.can_create_files:
        edit = types.WorkspaceEdit(document_changes=[
            types.CreateFile(uri=config_uri, options=types.CreateFileOptions(ignore_if_exists=True)),
            types.TextDocumentEdit(
                text_document=types.OptionalVersionedTextDocumentIdentifier(uri=config_uri, version=None),
                edits=[types.TextEdit(range=types.Range(types.Position(0, 0), types.Position(0, 0)),
                                      new_text=change.new_text)]),
        ])
        return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix,
                                diagnostics=[diagnostic], edit=edit)
    # The client cannot create files: the server writes it when the command runs.
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                            command=types.Command(title=title, command=ADD_TO_ALLOW_COMMAND,
                                                  arguments=[str(path), term, table]))


def actions_for(d: replylint.Diagnostic, result: CheckResult, ctx: EditContext) -> list[types.CodeAction]:
    lsp_diag = result.to_lsp(d, ctx.encoding)
    actions = []
    for i, suggestion in enumerate(d.suggestions):
        change = Edit(d.start, d.end, suggestion)
        actions.append(types.CodeAction(
            title=f"Replace with “{suggestion}”", kind=types.CodeActionKind.QuickFix,
            diagnostics=[lsp_diag], is_preferred=i == 0,
            edit=_edit(ctx, result.uri, result.version, result.index, change)))
    line_change = suppress_line(result.text, d.start, d.rule, html=ctx.html_comments)
    if line_change is not None:
        actions.append(types.CodeAction(
            title=f"Suppress {d.rule} on this line", kind=types.CodeActionKind.QuickFix,
            diagnostics=[lsp_diag], edit=_edit(ctx, result.uri, result.version, result.index, line_change)))
    file_change = suppress_file(result.text, d.rule, html=ctx.html_comments)
    if file_change is not None:
        actions.append(types.CodeAction(
            title=f"Suppress {d.rule} in this file", kind=types.CodeActionKind.QuickFix,
            diagnostics=[lsp_diag], edit=_edit(ctx, result.uri, result.version, result.index, file_change)))
    if d.rule == JARGON_RULE:
        action = _allow_action(ctx, result.text[d.start:d.end], lsp_diag)
        if action is not None:
            actions.append(action)
    return actions


def code_actions(result: CheckResult, params: types.CodeActionParams, ctx: EditContext) -> list[types.CodeAction]:
    only = params.context.only
    if only and not any(types.CodeActionKind.QuickFix.value.startswith(k) for k in only):
        return []
    start = from_lsp_position(result.index, params.range.start.line, params.range.start.character, ctx.encoding)
    end = from_lsp_position(result.index, params.range.end.line, params.range.end.character, ctx.encoding)
    actions: list[types.CodeAction] = []
    for d in result.diagnostics:
        if d.start <= end and start <= d.end:
            actions.extend(actions_for(d, result, ctx))
    return actions
