"""Export spaCy's tokenizer settings for :mod:`replylint.languages.affix_tokenizer`.

    python -m replylint.languages.export_spacy_tables

rewrites ``replylint/languages/data/tokenizer-<code>.json`` from the installed spaCy (run it
after changing the spaCy pin; tests/test_affix_tokenizer.py checks the tables against spaCy).
spaCy is needed only here and in that test, never when linting.
"""
from __future__ import annotations

import json
import re
from typing import Any

from .affix_tokenizer import DATA_DIR


def export_tables(code: str) -> dict:
    """The tokenizer settings of spaCy's blank ``code`` pipeline, as this module reads them."""
    import spacy
    from spacy.attrs import NORM, ORTH

    nlp: Any = spacy.blank(code)  # spaCy's compiled Tokenizer and Vocab have no stubs
    tokenizer = nlp.tokenizer
    if tokenizer.token_match is not None:
        raise ValueError(f"spaCy's {code} tokenizer has a token_match, which this module does not run")

    def spec(fn: object) -> list | None:
        pattern = getattr(fn, "__self__", None)
        return [pattern.pattern, pattern.flags] if isinstance(pattern, re.Pattern) else None

    specials = {key: [[piece[ORTH], piece.get(NORM)] for piece in pieces] for key, pieces in tokenizer.rules.items()}
    getter = nlp.vocab.lex_attr_getters[NORM]  # functools.partial(lookup-else-default, default, tables)
    default, tables = getter.args
    if default.__module__ != "spacy.lang.lex_attrs" or default.__name__ != "lower":
        raise ValueError(f"spaCy's {code} NORM is not a lookup over lowercasing: {getter!r}")
    norms: dict[str, str] = {}
    for table in reversed(tables):
        norms.update(table)
    return {"spacy": spacy.__version__, "prefix": spec(tokenizer.prefix_search), "norms": norms,
            "suffix": spec(tokenizer.suffix_search), "infix": spec(tokenizer.infix_finditer),
            "url": spec(tokenizer.url_match), "specials": specials}


def main() -> None:
    """Rewrite ``data/tokenizer-<code>.json`` from the installed spaCy."""
    DATA_DIR.mkdir(exist_ok=True)
    for code in ("ru", "bg", "en"):
        path = DATA_DIR / f"tokenizer-{code}.json"
        path.write_text(json.dumps(export_tables(code), ensure_ascii=False, sort_keys=True, indent=0) + "\n",
                        encoding="utf-8")
        print(path)


if __name__ == "__main__":
    main()
