"""Editor settings and project configuration, merged into one ``replylint.Config``.

Editor settings arrive in ``initializationOptions`` and ``workspace/didChangeConfiguration``
(either bare or wrapped as ``{"replylint": {...}}``). They use the configuration file's keys
(``lang``, ``select``, ``ignore``, ``levels``, ``allow``, ``patterns`` …) plus three that only
the editor has:

``debounce``   milliseconds of quiet typing before a check (default 200)
``languages``  the editor language ids to check (default plaintext, text, markdown, mail,
               gitcommit, yaml, json, csv; see :mod:`replylint.lsp.selection`)
``enable``     false switches the checks off
``reportUnusedSuppressions``  true reports directives that silence nothing, as
               ``replylint check --report-unused-suppressions`` does (default false)

Editor settings win over the project's configuration file (see :mod:`replylint.config_layers`):
``select``/``lang`` replace it, ``ignore``/``allow``/``patterns`` extend it, ``levels`` and word
lists are merged. A broken
configuration file never stops the server: the last good version of that file is kept and
the error is handed back for the server to report.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from replylint.config import Config, ConfigError, find_config_file, from_mapping, load_config
from replylint.config_layers import KEEP, ConfigOverrides, layer

from .selection import DEFAULT_LANGUAGES

DEFAULT_DEBOUNCE_MS = 200
EDITOR_ONLY_KEYS = ("debounce", "languages", "enable", "reportUnusedSuppressions")
# Editor-side settings some clients send along with ours (VS Code: replylint.server.*, trace).
CLIENT_KEYS = ("server", "trace")


@dataclass(frozen=True)
class EditorSettings:
    """Validated editor settings: the config part and the editor-only part."""

    config: Config = field(default_factory=Config)
    given: frozenset[str] = frozenset()  # config keys the editor actually set
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    languages: tuple[str, ...] = DEFAULT_LANGUAGES
    enable: bool = True
    report_unused_suppressions: bool = False


def unwrap(raw: Any) -> dict | None:
    """The replylint part of a settings payload, or None when there is none."""
    if not isinstance(raw, dict):
        return None
    inner = raw.get("replylint")
    if isinstance(inner, dict):
        return inner
    return raw


def parse_settings(raw: Any, root: Path | None) -> EditorSettings:
    """Validate editor settings; raises ``ConfigError`` naming the bad key."""
    data = unwrap(raw)
    if data is None:
        return EditorSettings()
    # Editors send null for "not set" and an empty list for an untouched list setting.
    data = {k: v for k, v in data.items() if v is not None and k not in CLIENT_KEYS}
    if data.get("select") == []:
        del data["select"]
    for key in ("levels", "jargon", "departments", "lists"):
        if data.get(key) == {}:
            del data[key]
    debounce = data.pop("debounce", DEFAULT_DEBOUNCE_MS)
    if isinstance(debounce, bool) or not isinstance(debounce, (int, float)) or not 0 <= debounce <= 60000:
        raise ConfigError("replylint settings: 'debounce' must be a number of milliseconds (0-60000)")
    languages = data.pop("languages", list(DEFAULT_LANGUAGES))
    if isinstance(languages, str):
        languages = [languages]
    if not isinstance(languages, list) or not all(isinstance(x, str) for x in languages):
        raise ConfigError("replylint settings: 'languages' must be a list of editor language ids")
    enable = data.pop("enable", True)
    if not isinstance(enable, bool):
        raise ConfigError("replylint settings: 'enable' must be true or false")
    report_unused = data.pop("reportUnusedSuppressions", False)
    if not isinstance(report_unused, bool):
        raise ConfigError("replylint settings: 'reportUnusedSuppressions' must be true or false")
    patterns = data.get("patterns")
    if isinstance(patterns, list) and root is not None:
        data["patterns"] = [str((root / p).resolve()) if isinstance(p, str) else p for p in patterns]
    try:
        config = from_mapping(data, None, "")
    except ConfigError as exc:
        raise ConfigError(f"replylint settings: {str(exc).removeprefix('configuration: ')}") from None
    return EditorSettings(config=config, given=frozenset(data), debounce_ms=int(debounce),
                          languages=tuple(languages), enable=enable, report_unused_suppressions=report_unused)


def merge(project: Config, editor: EditorSettings) -> Config:
    """Editor settings over the project's configuration (layered by :mod:`replylint.config_layers`).

    ``select`` replaces the project's only when the editor set it (or ``extend-select``, which
    without ``select`` of its own selects every rule); the other layered keys always apply,
    so the project's lists come back without repeats.
    """
    ed, given = editor.config, editor.given
    return layer(project, ConfigOverrides(
        select=ed.select if "select" in given or "extend-select" in given else KEEP,
        ignore=ed.ignore, levels=ed.levels, lang=ed.lang, pattern_dirs=ed.pattern_dirs, allow=ed.allow,
        lists=ed.lists))


def config_key(config: Config) -> str:
    """A hashable identity of a configuration (for caching linters)."""
    return repr(replace(config, source=None))


_LINE = re.compile(r":(\d+): |at line (\d+)")


def error_line(message: str) -> int:
    """0-based line named in a ``ConfigError`` message (0 when it names none)."""
    m = _LINE.search(message)
    if not m:
        return 0
    return max(int(m.group(1) or m.group(2)) - 1, 0)


@dataclass
class _Entry:
    signature: tuple | None
    config: Config | None  # last good
    error: ConfigError | None


def load_config_text(path: Path, text: str) -> Config:
    """A configuration file's unsaved text from the editor, read as :func:`load_config` reads the file."""
    try:
        data = tomllib.loads(text.removeprefix("\ufeff"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from None
    except RecursionError:
        raise ConfigError(f"{path}: invalid TOML: nested too deeply") from None
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("replylint", {})
    return from_mapping(data, path, text)


class ProjectConfigs:
    """Configuration files by path, re-read when they change, last good one kept.

    A configuration file open in the editor is read from its buffer (``overlays``), so an
    allow-list entry added there counts before the file is saved."""

    def __init__(self) -> None:
        self._entries: dict[Path, _Entry] = {}
        self.overlays: dict[Path, str] = {}

    def forget(self) -> None:
        """Re-read every file on next use (a watched-file event said something changed);
        the last good version of each is still kept for when the new one is broken."""
        for entry in self._entries.values():
            entry.signature = ("stale",)

    @staticmethod
    def find(start: Path | None) -> Path | None:
        if start is None:
            return None
        try:
            return find_config_file(start)
        except OSError:
            return None

    def load(self, path: Path | None) -> tuple[Config, ConfigError | None, bool]:
        """(config to use, current error, whether the file changed since last call)."""
        if path is None:
            return Config(), None, False
        overlay = self.overlays.get(path)
        signature: tuple | None
        if overlay is not None:
            signature = ("buffer", overlay)
        else:
            try:
                st = path.stat()
                signature = (st.st_mtime_ns, st.st_size)
            except OSError:
                signature = None
        entry = self._entries.get(path)
        if entry is not None and entry.signature == signature:
            return entry.config or Config(), entry.error, False
        config: Config | None
        try:
            config = load_config_text(path, overlay) if overlay is not None else load_config(path)
            error = None
        except ConfigError as exc:
            config, error = (entry.config if entry else None), exc
        self._entries[path] = _Entry(signature, config, error)
        return config or Config(), error, True

    def errors(self) -> dict[Path, ConfigError | None]:
        return {p: e.error for p, e in self._entries.items()}
