"""Matching a file against a list of globs: ``exclude``, ``--exclude`` and ``per-file-lang``.

Globs are written relative to something the user knows: the configuration file's folder,
the current folder, or just a file name. So a path is tried under several names and matches
if any of them does (``fnmatch``: ``*`` also crosses ``/``):

* its path relative to ``base`` (the folder the globs are written for), when it lies inside;
  otherwise the path as given stands in for it;
* the path as given (a ``str`` exactly as given, a ``Path`` in ``/`` form), also when it lies
  inside ``base`` if ``also_as_given`` (``per-file-lang`` accepts both);
* its file name;
* with ``folders``, everything under a folder a glob names: ``drafts`` and ``drafts/`` match
  ``drafts/a.txt``, and a glob without ``/`` names a folder at any depth (``drafts`` also
  matches ``team/drafts/a.txt``, as in ruff and ``.gitignore``) (``exclude`` in the
  configuration file and ``--exclude``).

Each caller chooses the options that reproduce its documented behaviour; the matching
itself lives only here.
"""
from __future__ import annotations

from collections.abc import Collection
from fnmatch import fnmatch
from pathlib import Path

__all__ = ["matching_glob"]


def matching_glob(path: str | Path, globs: Collection[str], base: Path | None = None, *,
                  also_as_given: bool = False, folders: bool = False) -> str | None:
    """The first of ``globs`` that ``path`` matches (see the module docstring), else None."""
    if not globs:
        return None
    given = path if isinstance(path, str) else path.as_posix()
    rel = _relative(Path(path), base) if base is not None else None
    names = [given if rel is None else rel, Path(path).name]
    if also_as_given and rel is not None:
        names.append(given)
    for glob in globs:
        if any(fnmatch(name, glob) for name in names):
            return glob
        if folders and fnmatch(names[0], glob.rstrip("/") + "/*"):
            return glob
        if folders and "/" not in glob.rstrip("/") and any(
                fnmatch(part, glob.rstrip("/")) for part in names[0].split("/")[:-1]):
            return glob  # a folder name: wherever that folder is
    return None


def _relative(path: Path, base: Path) -> str | None:
    """``path`` relative to ``base`` in ``/`` form (both resolved), or None when outside it."""
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return None
