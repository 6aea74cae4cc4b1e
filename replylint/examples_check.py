"""Running the examples that every pattern file carries (LanguageTool-style).

A rule file's ``flag`` examples must produce that rule and its ``pass`` examples must
not; a signal file's ``flag`` examples must contain the signal and ``pass`` ones must
not. An example may also state the span the finding underlines, the text after its first
suggestion is applied (Harper's ``test "in" "out"``) and the id of the pattern that must
fire. A failure names the file, the example's line and the pattern ids involved, so a
pattern that stops matching its own examples breaks the build instead of going quiet.
"""
from __future__ import annotations

from dataclasses import dataclass

from .document import Document
from .engine import Linter


@dataclass
class Found:
    """One finding (or signal hit) an example produced: where, and which pattern."""

    start: int
    end: int
    pattern: str | None
    suggestions: list[str]


@dataclass
class ExampleFailure:
    path: str
    line: int | None
    owner: str
    expected: bool
    example: str
    problem: str = ""  # what went wrong, when more than "did (not) fire"

    def __str__(self) -> str:
        verb = "should flag" if self.expected else "should pass"
        detail = f" ({self.problem})" if self.problem else ""
        return f"{self.path}:{self.line}: {self.owner} {verb}: {self.example!r}{detail}"


def check_examples(linter: Linter, lang: str) -> list[ExampleFailure]:
    failures = []
    for pf in linter.pack(lang).files:
        for expected, examples in ((True, pf.flag_examples), (False, pf.pass_examples)):
            for example in examples:
                problem = example_problem(linter, lang, pf.rule, pf.signal, example, expected)
                if problem is not None:
                    failures.append(ExampleFailure(str(pf.path), getattr(example, "line", None),
                                                   pf.owner, expected, str(example), problem))
    return failures


def findings(linter: Linter, lang: str, rule: str | None, signal: str | None, text: str) -> list[Found]:
    """What the example text produces for the file's rule (diagnostics) or signal (hits)."""
    doc = Document.from_text(text)
    if rule is not None:
        return [Found(d.start, d.end, d.pattern, d.suggestions)
                for d in linter.check(doc, lang=lang).diagnostics if d.rule == rule]
    return [Found(h.mark_start, h.mark_end, h.pattern.id, list(h.pattern.entry.suggest))
            for h in linter.analyze(doc, lang=lang).signal(signal or "")]


def example_problem(linter: Linter, lang: str, rule: str | None, signal: str | None,
                    example: str, expected: bool) -> str | None:
    """None when one example holds, else what is wrong: the whole check (fires or not, and
    the pattern id, span and fix it names), the same for ``test-patterns`` and the suite."""
    return _problem(example, findings(linter, lang, rule, signal, str(example)), expected)


def _problem(example: str, found: list[Found], expected: bool) -> str | None:
    """None when the example holds, else what is wrong (empty: the plain "did (not) fire")."""
    if not expected:
        if not found:
            return None
        return "fired: " + ", ".join(sorted({f.pattern or "?" for f in found}))
    if not found:
        return ""
    text = str(example)
    wanted_pattern = getattr(example, "pattern", None)
    if wanted_pattern and not any((f.pattern or "").endswith("#" + wanted_pattern) for f in found):
        return f"expected pattern {wanted_pattern!r}, fired: " + ", ".join(sorted({f.pattern or "?" for f in found}))
    span = getattr(example, "span", None)
    if span and not any(text[f.start:f.end] == span for f in found):
        shown = ", ".join(repr(text[f.start:f.end]) for f in found)
        return f"expected span {span!r}, underlined {shown}"
    fixed = getattr(example, "fixed", None)
    if fixed is not None:
        results = [text[:f.start] + f.suggestions[0] + text[f.end:] for f in found if f.suggestions]
        if fixed not in results:
            return f"expected fix {fixed!r}, got {results[0]!r}" if results else "expected a fix, no suggestion"
    return None
