"""Changes the server makes to the workspace's configuration file: where, and how safely.

The allow-list and "disable in config" actions change a configuration file. The file is
chosen **here**, never taken from the client: the configuration the document uses, when it
sits inside a workspace folder, else ``.replylint.toml`` at the root of the workspace folder
holding the document. Refused: anything outside the workspace folders (a config found by
walking up past the root is not the team's to edit from here), symbolic links (a planted
``.replylint.toml -> ~/.bashrc``), and documents with no workspace folder.

When the server writes the file itself it encodes the whole new text first (a term with a
lone surrogate fails before the file is touched), keeps the file's line endings and byte
order mark, writes a temporary file next to it and renames it over the original, so a
crash leaves either the old or the new file — never a truncated one.
"""
from __future__ import annotations

import os
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from replylint.config import CONFIG_FILES

from .allowlist import add_allowed_term

NEW_CONFIG = ".replylint.toml"


class ConfigEditError(ValueError):
    """The change cannot be made; the message says why (shown to the user)."""


@dataclass(frozen=True)
class ConfigTarget:
    path: Path
    table: str | None  # "tool.replylint" for pyproject.toml

    @property
    def exists(self) -> bool:
        return self.path.is_file()


def _inside(path: Path, folders: list[Path]) -> Path | None:
    """The workspace folder holding ``path`` (both resolved), or None."""
    resolved = path.resolve()
    best = None
    for folder in folders:
        try:
            resolved.relative_to(folder.resolve())
        except ValueError:
            continue
        if best is None or len(folder.parts) > len(best.parts):
            best = folder
    return best


def _has_symlink(path: Path, folder: Path) -> bool:
    """Whether ``path`` or a folder between it and the workspace folder is a symbolic link."""
    current = path
    while True:
        if current.is_symlink():
            return True
        if current == folder or current.parent == current:
            return False
        current = current.parent


def choose_target(doc_path: Path | None, config_in_use: Path | None, folders: list[Path]) -> ConfigTarget:
    """The configuration file to change for a document; raises ConfigEditError when there is none."""
    if not folders:
        raise ConfigEditError("no workspace folder is open: replylint changes configuration files only inside one")
    if config_in_use is not None:
        folder = _inside(config_in_use.parent, folders)
        if folder is None:
            raise ConfigEditError(f"the configuration in use ({config_in_use}) is outside the workspace; "
                                  "replylint does not change it from the editor")
        if _has_symlink(config_in_use, folder):
            raise ConfigEditError(f"{config_in_use} is a symbolic link (or inside one); replylint does not write "
                                  "through links")
        return ConfigTarget(config_in_use, "tool.replylint" if config_in_use.name == "pyproject.toml" else None)
    folder = _inside(doc_path, folders) if doc_path is not None else folders[0]
    if folder is None:
        raise ConfigEditError(f"{doc_path} is outside the workspace folders: no configuration file to change")
    path = folder / NEW_CONFIG
    if path.is_symlink() or _has_symlink(folder, folder):
        raise ConfigEditError(f"{path} is a symbolic link; replylint does not write through links")
    return ConfigTarget(path, None)


def check_value(value: str, what: str) -> str:
    """A list item that can go into a TOML file: printable text, valid Unicode."""
    value = value.strip()
    if not value:
        raise ConfigEditError(f"an empty {what} cannot be added")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ConfigEditError(f"the {what} is not valid Unicode text (a lone surrogate)") from None
    if any(unicodedata.category(ch) in ("Cc", "Cs") for ch in value):
        raise ConfigEditError(f"the {what} contains control characters")
    return value


def read_config_text(path: Path) -> tuple[str, bool]:
    """The file's text exactly (line endings kept) and whether it starts with a BOM."""
    if not path.exists():
        return "", False
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigEditError(f"{path} is not UTF-8 text (byte {exc.start})") from None
    bom = text.startswith("\ufeff")
    return (text[1:] if bom else text), bom


def updated_text(text: str, target: ConfigTarget, key: str, value: str) -> str | None:
    """``text`` with ``value`` added to ``key``; None when it is already there."""
    try:
        change = add_allowed_term(text, value, target.table, key)
    except ValueError as exc:
        raise ConfigEditError(f"{target.path.name}: {exc}") from None
    if change is None:
        return None
    return text[:change.start] + change.new_text + text[change.end:]


def write_atomically(path: Path, text: str, bom: bool = False) -> None:
    """Replace ``path`` with ``text`` (UTF-8) through a temporary file and a rename."""
    data = (("\ufeff" if bom else "") + text).encode("utf-8")  # fails before anything is written
    if path.is_symlink():
        raise ConfigEditError(f"{path} is a symbolic link; replylint does not write through links")
    mode = path.stat().st_mode & 0o777 if path.exists() else None
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        raise


__all__ = ["CONFIG_FILES", "ConfigEditError", "ConfigTarget", "check_value", "choose_target", "read_config_text",
           "updated_text", "write_atomically"]
