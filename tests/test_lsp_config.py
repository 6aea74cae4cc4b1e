"""Settings from the editor and the project's config file; a broken file is reported, not fatal."""
from __future__ import annotations

import pytest
from lsprotocol import types

from tests.test_lsp_support import codes, session  # noqa: F401  (fixture)

pytestmark = [pytest.mark.asyncio, pytest.mark.slow]  # a server process per test

REPLY = "See ZORGTICKET-12 now. NOPEWAY.\n"


async def test_initialization_options_select_rules_and_levels(session):
    await session.initialize(options={"replylint": {"ignore": ["internal-jargon"],
                                                    "levels": {"dead-end": "info"}}})
    uri = session.open("reply.md", REPLY)
    found = await session.diagnostics(uri)
    assert codes(found) == ["dead-end"]
    assert found[0].severity == types.DiagnosticSeverity.Information


async def test_did_change_configuration_rechecks_open_documents(session):
    await session.initialize()
    uri = session.open("reply.md", REPLY)
    await session.diagnostics(uri, lambda d: len(d) == 2)
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"replylint": {"select": ["internal-jargon"], "debounce": 50,
                                # what VS Code sends along: its own keys, nulls, empty tables
                                "server": {"path": "replylint-lsp", "args": []}, "trace": {"server": "off"},
                                "lang": None, "levels": {}, "allow": [], "ignore": []}}))
    assert codes(await session.diagnostics(uri, lambda d: len(d) == 1)) == ["internal-jargon"]
    # Pull model: null settings make the server ask workspace/configuration.
    session.client.set_configuration({"ignore": ["internal-jargon"]}, section="replylint")
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(settings=None))
    assert codes(await session.diagnostics(uri, lambda d: codes(d) == ["dead-end"])) == ["dead-end"]


async def test_invalid_settings_are_reported_and_the_previous_ones_kept(session):
    await session.initialize(options={"ignore": ["dead-end"]})
    uri = session.open("reply.md", REPLY)
    await session.diagnostics(uri, lambda d: codes(d) == ["internal-jargon"])
    session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
        settings={"replylint": {"debounce": "soon", "lang": "xx"}}))
    hits = await session.messages(lambda m: "debounce" in m.message)
    assert hits[0].type == types.MessageType.Error
    session.change(uri, 2, (0, 0), (0, 0), "Hello. ")
    assert codes(await session.diagnostics(uri, lambda d: d[0].range.start.character == 11)) == ["internal-jargon"]


async def test_project_config_file_is_merged_under_editor_settings(session):
    (session.root / ".replylint.toml").write_text('ignore = ["dead-end"]\nallow = []\n', encoding="utf-8")
    await session.initialize(options={"levels": {"internal-jargon": "error"}})
    uri = session.open("reply.md", REPLY)
    found = await session.diagnostics(uri)
    assert codes(found) == ["internal-jargon"]
    assert found[0].severity == types.DiagnosticSeverity.Error


async def test_broken_config_file_is_reported_and_last_good_settings_kept(session):
    config = session.root / ".replylint.toml"
    config.write_text('ignore = ["dead-end"]\n', encoding="utf-8")
    await session.initialize()
    uri = session.open("reply.md", REPLY)
    await session.diagnostics(uri, lambda d: codes(d) == ["internal-jargon"])

    config.write_text('# team settings\nignore = ["dead-end"]\nlevels = "loud"\n', encoding="utf-8")
    shown = await session.messages(lambda m: "broken configuration" in m.message)
    assert shown[0].type == types.MessageType.Error and "levels" in shown[0].message
    config_uri = session.uri(".replylint.toml")
    problem = (await session.diagnostics(config_uri, lambda d: len(d) == 1))[0]
    assert problem.severity == types.DiagnosticSeverity.Error
    assert problem.range.start.line == 2  # the line of `levels`
    # Still checking, with the last good settings (dead-end still ignored).
    session.change(uri, 2, (0, 0), (0, 0), "Hello. ")
    assert codes(await session.diagnostics(uri, lambda d: d and d[0].range.start.character == 11)) == [
        "internal-jargon"]

    config.write_text('ignore = ["dead-end"\n', encoding="utf-8")  # not even TOML
    await session.messages(lambda m: "invalid TOML" in m.message)

    config.write_text('ignore = ["internal-jargon"]\n', encoding="utf-8")  # fixed
    await session.diagnostics(config_uri, lambda d: d == [])
    assert codes(await session.diagnostics(uri, lambda d: codes(d) == ["dead-end"])) == ["dead-end"]


async def test_a_problem_is_shown_again_when_it_comes_back(session):
    # Issue 11, defect 6: a problem was shown once per session, then never again.
    await session.initialize()
    uri = session.open("reply.md", REPLY)
    await session.diagnostics(uri, lambda d: len(d) >= 1)

    def settings(**values):
        session.client.workspace_did_change_configuration(types.DidChangeConfigurationParams(
            settings={"replylint": values}))

    def shown() -> list[str]:
        return [m.message for m in session.client.messages if "'debounce'" in m.message]

    settings(debounce="soon")
    await session.messages(lambda m: "'debounce'" in m.message)
    settings(debounce="soon")  # the same problem while it lasts: not shown again
    settings(debounce=100)  # solved
    settings(ignore=["dead-end"])  # a later valid change, so the fix has certainly been read
    await session.diagnostics(uri, lambda d: "dead-end" not in codes(d))
    assert len(shown()) == 1
    settings(debounce="soon")  # back: shown again
    await session.messages(lambda m: len(shown()) == 2)
