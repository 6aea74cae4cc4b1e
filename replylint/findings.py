"""Turning filtered hits into diagnostics: phrase rules report their hits, document rules
judge the whole reply (a problem without an apology, a promise without a concrete time);
then the allow-list, the rule selection and inline suppressions have their say."""
from __future__ import annotations

import regex

from .analysis import Hit, ReplyAnalysis
from .catalogue import Rule
from .diagnostic import Diagnostic
from .languages import get_language, normalize
from .ruleset import RuleSet

MAX_SHOWN = 60  # characters of the matched text quoted in a message
MAX_TRIGGERS = 5  # spans of what made a document rule apply, kept on its diagnostic


_WORD = regex.compile(r"\w")


class AllowList:
    """Terms never flagged (the configuration's ``allow``), matched as whole words.

    Terms are kept in sets by length, and a matched text is tried at each word boundary
    for each length: the same as ``(?<!\\w)(?:a|b|…)(?!\\w)`` but without compiling one
    regex of every term (100,000 terms took 27 s to compile) — building is linear in the
    terms and a look-up costs (characters of the matched text) × (distinct term lengths).
    """

    def __init__(self, terms: tuple[str, ...]):
        by_length: dict[int, set[str]] = {}
        for term in terms:
            norm = normalize(term)
            if norm:
                by_length.setdefault(len(norm), set()).add(norm)
        self._by_length = sorted(by_length.items(), reverse=True)

    def allows(self, text: str) -> bool:
        if not self._by_length:
            return False
        norm = normalize(text)
        word = [False] * (len(norm) + 1)  # word[i]: norm[i] is a word character; the end is not
        for m in _WORD.finditer(norm):
            word[m.start()] = True
        for start in range(len(norm)):
            if start and word[start - 1]:
                continue
            for length, allowed in self._by_length:
                end = start + length
                if end <= len(norm) and not word[end] and norm[start:end] in allowed:
                    return True
        return False


def phrase_diagnostics(analysis: ReplyAnalysis, rules: RuleSet, allow: AllowList) -> list[Diagnostic]:
    out = []
    text = analysis.document.text
    for rule in rules.values():
        if rule.kind != "phrase":
            continue
        for h in analysis.rule_hits(rule.id):
            matched = text[h.mark_start:h.mark_end]
            if allow.allows(matched):
                continue
            entry = h.pattern.entry
            starts = sentence_initial(text, analysis.sentences[h.sentence].start, h.mark_start)
            out.append(Diagnostic(rule.id, rules.level(rule.id), _format(entry.message or rule.message, matched),
                                  h.mark_start, h.mark_end, analysis.lang_at(h.start),
                                  [fit_case(s, starts) for s in entry.suggest], h.pattern.id,
                                  fix_safe=entry.fix_safe))
    return out


def sentence_initial(text: str, sentence_start: int, start: int) -> bool:
    """Whether the underlined text opens its sentence with a capital letter: only punctuation,
    bullets or spaces before it in the sentence ("Тикет завели", "- L2 will call")."""
    return text[start:start + 1].isupper() and not any(c.isalnum() for c in text[sentence_start:start])


def fit_case(suggestion: str, sentence_initial: bool) -> str:
    """A suggestion as it must read in place. Suggestions are written as they read inside a
    sentence ("обращение", "our technical specialists"); one that replaces a sentence's
    capitalised first word starts with a capital (as LanguageTool and Harper adapt the case of a
    replacement), so "Тикет закрыт" becomes "Запрос закрыт", not "запрос закрыт"."""
    return suggestion[:1].upper() + suggestion[1:] if sentence_initial else suggestion


def document_diagnostics(analysis: ReplyAnalysis, rules: RuleSet) -> list[Diagnostic]:
    out = []
    for rule in rules.values():
        if rule.kind != "document":
            continue
        triggers = document_triggers(analysis, rule)
        if not triggers or any(analysis.signal(s) for s in rule.satisfied_by):
            continue
        first = min(triggers, key=lambda h: (h.start, h.pattern.order))
        sentence = analysis.sentences[first.sentence]
        out.append(Diagnostic(rule.id, rules.level(rule.id), _format(rule.message, ""),
                              sentence.start, sentence.end, analysis.lang_at(first.start), [], first.pattern.id,
                              triggers=_trigger_spans(triggers)))
    return out


def _trigger_spans(triggers: list[Hit]) -> tuple[tuple[int, int], ...]:
    """The distinct spans that made a document rule apply, in reading order (at most
    :data:`MAX_TRIGGERS`: an editor lists them under the finding)."""
    spans = sorted({(h.mark_start, h.mark_end) for h in triggers})
    return tuple(spans[:MAX_TRIGGERS])


def document_triggers(analysis: ReplyAnalysis, rule: Rule) -> list[Hit]:
    """What makes a document rule apply: its signals' hits (``when``), the hits of phrase rules
    that are themselves a problem or a promise (``when_rules``: a dead end or blame is a
    problem, a vague promise is a promise), and disclaimers (``when_negated``). This is the
    detector the sentence-level signal sets measure for ``problem`` and ``promise``."""
    triggers: list[Hit] = [h for s in rule.when for h in analysis.signal(s)]
    triggers += [h for r in rule.when_rules for h in analysis.rule_hits(r)]
    triggers += [h for r in rule.when_negated for h in analysis.rule_hits(r) if _negates(analysis, h)]
    return triggers


def _negates(analysis: ReplyAnalysis, hit: Hit) -> bool:
    """Whether the sentence of a hit negates or restricts ("not my department", "ask the
    airline, we only sell the tickets"), in the language of its paragraph: a disclaimer, not a
    polite referral ("the store can help you with this")."""
    sentence = analysis.sentences[hit.sentence]
    text = analysis.document.text[sentence.start:sentence.end]
    return get_language(analysis.lang_at(hit.start)).disclaims(text)


def reported(analysis: ReplyAnalysis, diagnostics: list[Diagnostic], rules: RuleSet) -> list[Diagnostic]:
    """The diagnostics of enabled rules that no inline directive silences, by position."""
    doc = analysis.document
    out: list[Diagnostic] = []
    for d in diagnostics:
        if rules.enabled(d.rule):
            (analysis.silenced if doc.suppressions.silences(d.rule, doc.line_of(d.start)) else out).append(d)
    out.sort(key=Diagnostic.sort_key)
    return out


def _format(template: str, matched: str) -> str:
    shown = " ".join(matched.split())
    if len(shown) > MAX_SHOWN:
        shown = shown[:MAX_SHOWN - 3] + "…"
    return template.replace("{match}", shown)
