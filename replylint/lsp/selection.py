"""Which open documents the server checks, and as which file format.

Editors name a document's type differently (VS Code ``plaintext``, Neovim ``text`` or ``""``
without a filetype, Helix ``text``, Markdown as ``markdown`` or ``Markdown``) and some send
none at all. A document is checked when its language id (case-insensitive) is in the
``languages`` setting, **or**, when its language id is missing or one replylint does not
know (``""``, ``helm``), when its file name ends in a suffix ``replylint check`` reads
(``.txt``, ``.md``, ``.yaml``, ``.json``, ``.csv`` … — :func:`replylint.readers.supported_suffixes`).
A known text type left out of ``languages`` stays out, so narrowing the setting works.
A document with neither a language id nor a suffix (an untitled buffer, ``NOTES``) is read
as plain text. The decision comes with a reason, which the server logs once when it skips
a document.

The format decides the reader: the file's own suffix when the CLI knows it, else the
suffix the language id implies (``yaml`` → ``.yaml``), else plain text — so an editor
buffer goes through exactly the reader ``replylint check`` would use for the saved file.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import unquote, urlparse

from replylint.readers import supported_suffixes

DEFAULT_LANGUAGES = ("plaintext", "text", "markdown", "mail", "gitcommit", "yaml", "json", "csv")

# Language ids whose documents are files of a format the readers know.
LANGUAGE_SUFFIX = {"plaintext": ".txt", "text": ".txt", "mail": ".txt", "gitcommit": ".txt", "markdown": ".md",
                   "yaml": ".yaml", "json": ".json", "jsonc": ".json", "csv": ".csv", "tsv": ".tsv",
                   "html": ".html"}


@dataclass(frozen=True)
class Selection:
    checked: bool
    suffix: str  # the reader's suffix (".txt" for plain text)
    reason: str  # why (for the log when skipped)


def uri_suffix(uri: str) -> str:
    """The lowercased suffix of the URI's file name ("" when it has none)."""
    path = unquote(urlparse(uri).path or uri)
    return PurePosixPath(path).suffix.lower()


def select(uri: str, language_id: str | None, languages: tuple[str, ...]) -> Selection:
    lang = (language_id or "").strip().lower()
    wanted = {x.lower() for x in languages}
    suffix = uri_suffix(uri)
    known = set(supported_suffixes())
    reader_suffix = suffix if suffix in known else LANGUAGE_SUFFIX.get(lang, ".txt")
    if reader_suffix not in known:
        reader_suffix = ".txt"
    if lang and lang in wanted:
        return Selection(True, reader_suffix, f"language id {language_id!r}")
    if lang in LANGUAGE_SUFFIX:  # a type replylint knows, left out of 'languages' on purpose
        return Selection(False, reader_suffix,
                         f"language id {language_id!r} is not in the 'languages' setting ({', '.join(languages)})")
    if suffix in known:
        return Selection(True, reader_suffix, f"file suffix {suffix!r}")
    if not lang and not suffix:
        return Selection(True, ".txt", "no language id and no file suffix: plain text")
    what = f"language id {language_id!r}" if lang else "no language id"
    return Selection(False, reader_suffix,
                     f"{what} is not in the 'languages' setting ({', '.join(languages) or 'empty'}) and the "
                     f"file suffix {suffix or '(none)'!r} is not one replylint reads")
