"""Running the examples that every pattern file carries (LanguageTool-style).

A rule file's ``flag`` examples must produce that rule and its ``pass`` examples must
not; a signal file's ``flag`` examples must contain the signal and ``pass`` ones must
not. A failure names the file and the example's line, so a pattern that stops
matching its own examples breaks the build instead of going quiet.
"""
from __future__ import annotations

from dataclasses import dataclass

from .document import Document
from .engine import Linter


@dataclass
class ExampleFailure:
    path: str
    line: int | None
    owner: str
    expected: bool
    example: str

    def __str__(self) -> str:
        verb = "should flag" if self.expected else "should pass"
        return f"{self.path}:{self.line}: {self.owner} {verb}: {self.example!r}"


def check_examples(linter: Linter, lang: str) -> list[ExampleFailure]:
    failures = []
    for pf in linter.pack(lang).files:
        for expected, examples in ((True, pf.flag_examples), (False, pf.pass_examples)):
            for example in examples:
                if example_fires(linter, lang, pf.rule, pf.signal, example) != expected:
                    failures.append(ExampleFailure(str(pf.path), getattr(example, "line", None),
                                                   pf.owner, expected, str(example)))
    return failures


def example_fires(linter: Linter, lang: str, rule: str | None, signal: str | None, text: str) -> bool:
    if rule is not None:
        doc = Document.from_text(text)
        return any(d.rule == rule for d in linter.lint_document(doc, lang=lang))
    analysis = linter.analyze(Document.from_text(text), lang=lang)
    return bool(analysis.signal(signal))
