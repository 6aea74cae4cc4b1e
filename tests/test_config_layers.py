"""Configuration layering: file < command line < editor, with each surface's semantics kept."""
from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from replylint.config import Config, from_mapping
from replylint.config_layers import KEEP, ConfigOverrides, layer
from replylint.lsp.settings import merge, parse_settings
from replylint.runner import CheckOptions, LinterPool

PROJECT = Config(select=("excuse", "dead-end"), ignore=("blame-customer", "excuse"), levels={"excuse": "error"},
                 lang="ru", pattern_dirs=(Path("/p/a"),), allow=("SLA",), lists={"en": {"colleague": ["Bob"]}},
                 per_file_lang={"*.bg.txt": "bg"}, exclude=("drafts/",), max_file_size=100,
                 source=Path("/p/.replylint.toml"))


def test_no_overrides_keeps_the_base():
    assert layer(PROJECT) is PROJECT
    assert layer(PROJECT, ConfigOverrides()) == PROJECT


@pytest.mark.parametrize("select,expected", [
    (KEEP, ("excuse", "dead-end")),
    (None, None),
    (("blame-customer",), ("blame-customer",)),
    ((), ()),
])
def test_select_replaces(select, expected):
    assert layer(PROJECT, ConfigOverrides(select=select)).select == expected


def test_lists_extend_without_repeats_and_tables_merge():
    got = layer(PROJECT, ConfigOverrides(
        ignore=("excuse", "dead-end"), levels={"excuse": "info", "blame-customer": "warning"}, lang="en",
        pattern_dirs=(Path("/p/a"), Path("/p/b")), allow=("RMA", "SLA"),
        lists={"en": {"colleague": ["Ann"], "team": ["Ops"]}, "ru": {"colleague": ["Иван"]}}))
    assert got.ignore == ("blame-customer", "excuse", "dead-end")
    assert got.levels == {"excuse": "info", "blame-customer": "warning"}
    assert got.lang == "en"
    assert got.pattern_dirs == (Path("/p/a"), Path("/p/b"))
    assert got.allow == ("SLA", "RMA")
    assert got.lists == {"en": {"colleague": ["Bob", "Ann"], "team": ["Ops"]}, "ru": {"colleague": ["Иван"]}}
    # what no surface overrides comes from the file
    assert (got.per_file_lang, got.exclude, got.max_file_size, got.source) == \
           (PROJECT.per_file_lang, PROJECT.exclude, PROJECT.max_file_size, PROJECT.source)
    assert PROJECT.lists == {"en": {"colleague": ["Bob"]}}  # the base is not modified


def test_later_layers_win():
    cli = ConfigOverrides(select=("excuse",), ignore=("blame-customer",))
    editor = ConfigOverrides(select=("dead-end",), ignore=("excuse",), lang="bg")
    got = layer(Config(lang="ru"), cli, editor)
    assert (got.select, got.ignore, got.lang) == (("dead-end",), ("blame-customer", "excuse"), "bg")


# -------------------------------------------------- each surface as it was before the shared layer


def _old_editor_merge(project: Config, ed: Config, given: frozenset[str]) -> Config:
    lists: dict[str, dict[str, list[str]]] = {}
    for source in (project.lists, ed.lists):
        for lang, table in source.items():
            for name, words in table.items():
                lists.setdefault(lang, {}).setdefault(name, []).extend(words)
    return replace(project, select=ed.select if "select" in given or "extend-select" in given else project.select,
                   ignore=tuple(dict.fromkeys(project.ignore + ed.ignore)), levels={**project.levels, **ed.levels},
                   lang=ed.lang or project.lang,
                   pattern_dirs=tuple(dict.fromkeys(project.pattern_dirs + ed.pattern_dirs)),
                   allow=tuple(dict.fromkeys(project.allow + ed.allow)), lists=lists)


@pytest.mark.parametrize("raw", [
    {},
    {"select": ["blame-customer"]},
    {"select": ["blame-customer"], "extend-select": ["excuse"]},
    {"extend-select": ["excuse"]},  # without select: every rule
    {"ignore": ["excuse", "x"], "allow": ["SLA", "TPS"], "lang": "zh"},
    {"levels": {"dead-end": "info"}, "jargon": {"en": ["Zorg"]}, "lists": {"en": {"colleague": ["Ann"]}}},
])
@pytest.mark.parametrize("project", [Config(), PROJECT], ids=["defaults", "project"])
def test_editor_merge_is_unchanged(raw, project):
    editor = parse_settings(raw, None)
    assert merge(project, editor) == _old_editor_merge(project, editor.config, editor.given)


@pytest.mark.parametrize("select,ignore", [(None, None), (("excuse",), None), (None, ("dead-end", "blame-customer")),
                                          ((), ("excuse",))])
def test_command_line_overrides_are_unchanged(select, ignore):
    base = from_mapping({"select": ["excuse", "blame-customer"], "ignore": ["blame-customer"],
                         "levels": {"excuse": "error"}})
    pool = LinterPool(CheckOptions(select=select, ignore=ignore))
    got = pool._with_cli_overrides(base).config
    old = base.with_overrides(select=select, ignore=tuple(base.ignore) + tuple(ignore or ()))
    assert replace(got, ignore=()) == replace(old, ignore=())
    assert set(got.ignore) == set(old.ignore)  # extended (repeats dropped)
    assert [got.rule_enabled(r) for r in ("excuse", "blame-customer", "dead-end")] == \
           [old.rule_enabled(r) for r in ("excuse", "blame-customer", "dead-end")]
