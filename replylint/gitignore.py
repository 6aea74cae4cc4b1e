"""Which files git ignores, so that walking a folder leaves them out (like ruff and ripgrep).

Inside a git work tree, every ``.gitignore`` from the repository root down to a file's folder
applies, and ``.git/info/exclude`` at the root; a deeper file's match (or ``!`` negation)
overrides a shallower one, and a file inside an ignored folder is ignored. The patterns are
read with pathspec's :class:`GitIgnoreSpec`, which implements git's own rules (negation,
anchoring, ``**``, trailing ``/`` for folders). Outside a git work tree nothing is ignored,
as git itself would have it.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pathspec import GitIgnoreSpec

__all__ = ["GitIgnore"]


class GitIgnore:
    """Answers "does git ignore this path?"; reads each ignore file once."""

    def __init__(self) -> None:
        self._specs: dict[Path, GitIgnoreSpec | None] = {}
        self._roots: dict[Path, Path | None] = {}
        self._decided: dict[tuple[Path, bool], bool] = {}

    def _root(self, folder: Path) -> Path | None:
        """The work tree holding ``folder`` (the nearest ancestor with ``.git``), or None."""
        if folder not in self._roots:
            self._roots[folder] = next((d for d in (folder, *folder.parents) if (d / ".git").exists()), None)
        return self._roots[folder]

    def _spec(self, folder: Path, root: Path) -> GitIgnoreSpec | None:
        if folder not in self._specs:
            lines: list[str] = []
            sources = [folder / ".gitignore"] + ([root / ".git" / "info" / "exclude"] if folder == root else [])
            for source in sources:
                try:
                    lines += source.read_text(encoding="utf-8", errors="replace").splitlines()
                except OSError:
                    continue
            from pathspec import GitIgnoreSpec  # on first use: checking one file needs no ignore rules

            self._specs[folder] = GitIgnoreSpec.from_lines(lines) if lines else None
        return self._specs[folder]

    def ignored(self, path: Path, is_dir: bool = False) -> bool:
        """Whether git ignores ``path`` or a folder it is in."""
        target = path.absolute()
        root = self._root(target if is_dir else target.parent)
        if root is None or target == root:
            return False
        parts = target.relative_to(root).parts
        return any(self._decide(root, parts[:i], is_dir or i < len(parts)) for i in range(1, len(parts) + 1))

    def _decide(self, root: Path, parts: tuple[str, ...], is_dir: bool) -> bool:
        key = (root.joinpath(*parts), is_dir)
        if key not in self._decided:
            decision: bool | None = None
            for depth in range(len(parts)):  # the folders holding the path, root first
                spec = self._spec(root.joinpath(*parts[:depth]), root)
                if spec is None:
                    continue
                relative = "/".join(parts[depth:]) + ("/" if is_dir else "")
                result = spec.check_file(relative).include
                if result is not None:
                    decision = result
            self._decided[key] = bool(decision)
        return self._decided[key]
