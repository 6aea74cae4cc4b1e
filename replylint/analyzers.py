"""Compatibility names for code written before :mod:`replylint.languages` (tests, user scripts).

``get_analyzer(lang)`` is :func:`replylint.languages.get_language`.
"""
from __future__ import annotations

from .languages import Language as Analyzer
from .languages import Token, normalize
from .languages import get_language as get_analyzer
from .languages.en import english_stems
from .languages.tokens import PUNCT_EXTRA, SENTENCE_END

__all__ = ["Analyzer", "PUNCT_EXTRA", "SENTENCE_END", "Token", "english_stems", "get_analyzer", "normalize"]
