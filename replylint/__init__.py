"""replylint: a linter for customer-support replies (ru, bg, zh, en).

    >>> import replylint
    >>> [d.rule for d in replylint.lint("Это бухгалтерия напутала.")]
    ['blame-department', ...]

Importing is cheap: spaCy, pymorphy3 and jieba load when a language is first needed.
"""
from __future__ import annotations

import threading

from .config import Config, ConfigError
from .diagnostic import Diagnostic
from .engine import Linter
from .langdetect import LANGUAGES
from .pattern_files import PatternFileError
from .regex_budget import SlowPatternError
from .ruleset import RuleSet

__version__ = "0.1.0"
__all__ = ["lint", "Linter", "RuleSet", "Diagnostic", "Config", "ConfigError", "PatternFileError",
           "SlowPatternError", "LANGUAGES", "__version__"]

_default: Linter | None = None
_default_lock = threading.Lock()


def _default_linter() -> Linter:
    global _default
    if _default is None:
        with _default_lock:
            if _default is None:
                _default = Linter()
    return _default


def lint(text: str, *, lang: str | None = None) -> list[Diagnostic]:
    """Check one reply with the default configuration; see :meth:`Linter.lint`."""
    return _default_linter().lint(text, lang=lang)
