"""Code actions for findings, each a ``WorkspaceEdit`` or a server command computed here.

* **Replace with “…”**: apply a suggestion (replace the span);
* **Fix all replylint problems in this file** (``source.fixAll.replylint``): every finding's
  first safe suggestion, in one edit (an unsafe one — ``fix: unsafe`` — is offered only as its
  own quick fix, never preferred); its edit is computed on ``codeAction/resolve`` when the
  client supports that;
* **Suppress on this line / in this file**: an inline directive (the file's one computed on
  ``codeAction/resolve`` too), written by
  :mod:`replylint.suppressions` — only where it stays out of the text a customer reads:
  invisible HTML comments in Markdown and HTML. A ``#`` line in plain text would be pasted to
  the customer, and a directive inside a YAML or JSON reply string is part of the reply, so
  those documents get none;
* **Disable RULE in <config>** and, for ``internal-jargon``, **Add “TERM” to the allow list**:
  server commands (:data:`DISABLE_COMMAND`, :data:`ADD_TO_ALLOW_COMMAND`) whose only argument is
  the document and the rule or term; the server chooses and changes the configuration file
  itself (:mod:`replylint.lsp.config_edits`).

A select-all on a document with thousands of findings asks for the actions of all of them;
per-finding actions are offered for at most :data:`MAX_FINDINGS_WITH_ACTIONS` of them (the
ones the client named first), each costing one pass over its own line, not the document.
"""
from __future__ import annotations

from dataclasses import dataclass

from lsprotocol import types

from replylint.positions import LineIndex, from_lsp_position, to_lsp_position
from replylint.suppressions import Edit, suppress_file, suppress_line

from .diagnostics import CheckResult
from .files import Placed

ADD_TO_ALLOW_COMMAND = "replylint.addToAllowList"
DISABLE_COMMAND = "replylint.disableInConfig"
JARGON_RULE = "internal-jargon"
FIX_ALL_KIND = "source.fixAll.replylint"
MAX_FINDINGS_WITH_ACTIONS = 25
FIX_ALL_ACTION = "fixAll"  # data["action"] of the actions whose edit is filled in on resolve
SUPPRESS_FILE_ACTION = "suppressFile"

HTML_LANGUAGES = {"markdown", "html", "xml", "mdx", "vue", "svelte", "handlebars", "liquid", "erb", "jinja",
                  "jinja-html", "django-html", "razor", "php"}
HTML_SUFFIXES = (".md", ".markdown", ".mdx", ".html", ".htm", ".xml", ".liquid", ".hbs")


def uses_html_comments(language_id: str | None, uri: str) -> bool:
    """Whether directives in this document can be invisible HTML comments."""
    if language_id and language_id.lower() in HTML_LANGUAGES:
        return True
    return uri.lower().endswith(HTML_SUFFIXES)


@dataclass(frozen=True)
class EditContext:
    """What the actions need to know about the client and the document."""

    uri: str
    html_comments: bool  # invisible inline directives are possible
    structured: bool  # replies taken out of a YAML/JSON/CSV file
    encoding: str
    document_changes: bool  # client applies TextDocumentEdit lists
    config_name: str | None  # the configuration file the config actions would change (None: none may be)
    resolve_edits: bool = False  # client resolves a code action's edit lazily


def _range(index: LineIndex, change: Edit, encoding: str) -> types.Range:
    sl, sc = to_lsp_position(index, change.start, encoding)
    el, ec = to_lsp_position(index, change.end, encoding)
    return types.Range(types.Position(sl, sc), types.Position(el, ec))


def workspace_edit(ctx: EditContext, result: CheckResult, changes: list[Edit]) -> types.WorkspaceEdit:
    edits = [types.TextEdit(range=_range(result.index, c, ctx.encoding), new_text=c.new_text) for c in changes]
    if ctx.document_changes:
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(
            text_document=types.OptionalVersionedTextDocumentIdentifier(uri=result.uri, version=result.version),
            edits=list(edits))])
    return types.WorkspaceEdit(changes={result.uri: edits})


def _line_window(text: str, start: int) -> tuple[int, int]:
    """The line holding ``start`` (offsets), so a directive is computed on it alone."""
    a = text.rfind("\n", 0, start) + 1
    b = text.find("\n", start)
    return a, (len(text) if b < 0 else b + 1)


def _suggestion_edit(p: Placed, result: CheckResult, suggestion: str) -> Edit | None:
    """Replacing the span, when the span is the reply's text as written (not escaped)."""
    d = p.diagnostic
    if not p.whole_text:
        written = result.text[p.start:p.end]
        if p.end - p.start != d.end - d.start or any(ch in suggestion for ch in "\"'\\\n\r\t:#"):
            return None
        if not written.strip():
            return None
    return Edit(p.start, p.end, suggestion)


def fix_all_edits(result: CheckResult) -> list[Edit]:
    """The first suggestion of every finding, skipping ones that overlap an earlier fix and
    the unsafe ones (``fix: unsafe``: they may change what the reply says; offered one by one)."""
    edits: list[Edit] = []
    last_end = -1
    for p in sorted(result.placed, key=lambda q: (q.start, q.end)):
        if not p.diagnostic.suggestions or not p.diagnostic.fix_safe or p.start < last_end:
            continue
        change = _suggestion_edit(p, result, p.diagnostic.suggestions[0])
        if change is not None:
            edits.append(change)
            last_end = p.end
    return edits


def _command_action(title: str, command: str, arguments: list, diagnostic: types.Diagnostic) -> types.CodeAction:
    return types.CodeAction(title=title, kind=types.CodeActionKind.QuickFix, diagnostics=[diagnostic],
                            command=types.Command(title=title, command=command, arguments=arguments))


def actions_for(p: Placed, result: CheckResult, ctx: EditContext) -> list[types.CodeAction]:
    d = p.diagnostic
    lsp_diag = result.to_lsp(p, ctx.encoding)
    actions = []
    for i, suggestion in enumerate(d.suggestions):
        change = _suggestion_edit(p, result, suggestion)
        if change is not None:
            actions.append(types.CodeAction(
                title=f"Replace with “{suggestion}”", kind=types.CodeActionKind.QuickFix,
                diagnostics=[lsp_diag], is_preferred=i == 0 and d.fix_safe,  # never prefer an unsafe fix
                edit=workspace_edit(ctx, result, [change])))
    if ctx.html_comments and not ctx.structured:
        a, b = _line_window(result.text, p.start)
        local = suppress_line(result.text[a:b], p.start - a, d.rule, html=True)
        if local is not None:
            line_change = Edit(local.start + a, local.end + a, local.new_text)
            actions.append(types.CodeAction(
                title=f"Suppress {d.rule} on this line", kind=types.CodeActionKind.QuickFix,
                diagnostics=[lsp_diag], edit=workspace_edit(ctx, result, [line_change])))
    if ctx.config_name is not None:
        actions.append(_command_action(f"Disable {d.rule} in {ctx.config_name}", DISABLE_COMMAND,
                                       [result.uri, d.rule], lsp_diag))
        if d.rule == JARGON_RULE:
            term = result.text[p.start:p.end] if p.whole_text else result.text[p.start:p.end]
            if term.strip() and "\n" not in term:
                actions.append(_command_action(f"Add “{term.strip()}” to the allow list in {ctx.config_name}",
                                               ADD_TO_ALLOW_COMMAND, [result.uri, term.strip()], lsp_diag))
    return actions


def file_actions(result: CheckResult, ctx: EditContext, rules: list[str], lazy: bool) -> list[types.CodeAction]:
    """Actions for the whole document: fix all, suppress a rule in the file."""
    actions = []
    if any(p.diagnostic.suggestions and p.diagnostic.fix_safe for p in result.placed):
        action = types.CodeAction(title="Fix all replylint problems in this file",
                                  kind=FIX_ALL_KIND, data={"uri": result.uri, "version": result.version,
                                                           "action": FIX_ALL_ACTION})
        if not lazy:
            resolve_fix_all(action, result, ctx)
        actions.append(action)
    if ctx.html_comments and not ctx.structured:
        for rule in rules:
            # The directive goes at the top of the file: computed on resolve when the client can.
            action = types.CodeAction(title=f"Suppress {rule} in this file", kind=types.CodeActionKind.QuickFix,
                                      data={"uri": result.uri, "version": result.version,
                                            "action": SUPPRESS_FILE_ACTION, "rule": rule})
            if lazy or resolve_suppress_file(action, result, ctx).edit is not None:
                actions.append(action)
    return actions


def resolve_fix_all(action: types.CodeAction, result: CheckResult, ctx: EditContext) -> types.CodeAction:
    edits = fix_all_edits(result)
    action.edit = workspace_edit(ctx, result, edits)
    return action


def resolve_suppress_file(action: types.CodeAction, result: CheckResult, ctx: EditContext) -> types.CodeAction:
    rule = action.data.get("rule") if isinstance(action.data, dict) else None
    change = suppress_file(result.text, rule, html=True) if isinstance(rule, str) else None
    action.edit = workspace_edit(ctx, result, [change]) if change is not None else None
    return action


def resolve(action: types.CodeAction, result: CheckResult, ctx: EditContext) -> types.CodeAction:
    """Fill in the edit of an action sent without one (``codeAction/resolve``)."""
    kind = action.data.get("action") if isinstance(action.data, dict) else None
    if kind == FIX_ALL_ACTION:
        return resolve_fix_all(action, result, ctx)
    if kind == SUPPRESS_FILE_ACTION and ctx.html_comments and not ctx.structured:
        return resolve_suppress_file(action, result, ctx)
    return action


def _wants(only: list[str] | None, kind: str) -> bool:
    return not only or any(kind == k or kind.startswith(k + ".") for k in only)


def code_actions(result: CheckResult, params: types.CodeActionParams, ctx: EditContext) -> list[types.CodeAction]:
    only = [str(getattr(k, "value", k)) for k in (params.context.only or [])] or None
    actions: list[types.CodeAction] = []
    if only and not _wants(only, types.CodeActionKind.QuickFix.value):
        if _wants(only, FIX_ALL_KIND):
            actions.extend(a for a in file_actions(result, ctx, [], ctx.resolve_edits) if a.kind == FIX_ALL_KIND)
        return actions
    start = from_lsp_position(result.index, params.range.start.line, params.range.start.character, ctx.encoding)
    end = from_lsp_position(result.index, params.range.end.line, params.range.end.character, ctx.encoding)
    hits = [p for p in result.placed if p.start <= end and start <= p.end]
    named = {(d.range.start.line, d.range.start.character, str(d.code)) for d in params.context.diagnostics or []}
    if named:
        def first_named(p: Placed) -> int:
            line, col = to_lsp_position(result.index, p.start, ctx.encoding)
            return 0 if (line, col, p.diagnostic.rule) in named else 1
        hits.sort(key=first_named)
    for p in hits[:MAX_FINDINGS_WITH_ACTIONS]:
        actions.extend(actions_for(p, result, ctx))
    rules = list(dict.fromkeys(p.diagnostic.rule for p in hits))
    actions.extend(file_actions(result, ctx, rules, ctx.resolve_edits))
    return actions
