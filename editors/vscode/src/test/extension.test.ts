import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';

import { FakeLanguageClient, commands, configListeners, errors, reset, settings } from './mocks';
// Imported after the mocks are installed.
import * as extension from '../extension';
import { SERVER_KEYS, documentSelector, serverSettings } from '../settings';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const context = () => ({ subscriptions: [] as Array<{ dispose(): void }> }) as never;

beforeEach(async () => {
  await extension.deactivate();
  reset();
});

test('every server setting and the restart command are declared in package.json', () => {
  const properties = manifest.contributes.configuration.properties;
  for (const key of SERVER_KEYS) {
    assert.ok(`replylint.${key}` in properties, `replylint.${key} missing from contributes.configuration`);
  }
  assert.ok('replylint.server.path' in properties);
  assert.deepEqual(manifest.contributes.commands.map((c: { command: string }) => c.command), ['replylint.restart']);
  assert.deepEqual(manifest.activationEvents, ['onLanguage:plaintext', 'onLanguage:markdown']);
  assert.equal(properties['replylint.debounce'].default, 200);
});

test('settings sent to the server leave out unset values and an empty select', () => {
  Object.assign(settings, {
    'replylint.lang': null,
    'replylint.select': [],
    'replylint.ignore': ['excuse'],
    'replylint.levels': { 'dead-end': 'warning' },
    'replylint.debounce': 300,
    'replylint.server.path': '/opt/replylint-lsp',
  });
  const config = { get: <T>(key: string) => settings[`replylint.${key}`] as T };
  assert.deepEqual(serverSettings(config), {
    ignore: ['excuse'],
    levels: { 'dead-end': 'warning' },
    debounce: 300,
  });
});

test('activate starts replylint-lsp for plain text and markdown, saved or not', async () => {
  await extension.activate(context());
  assert.equal(FakeLanguageClient.instances.length, 1);
  const client = FakeLanguageClient.instances[0];
  assert.equal(client.started, 1);
  assert.deepEqual(client.serverOptions.command, 'replylint-lsp');
  assert.deepEqual(client.clientOptions.documentSelector, [
    { scheme: 'file', language: 'plaintext' },
    { scheme: 'untitled', language: 'plaintext' },
    { scheme: 'file', language: 'markdown' },
    { scheme: 'untitled', language: 'markdown' },
  ]);
  assert.equal(client.clientOptions.synchronize.configurationSection, 'replylint');
});

test('settings reach the server as initializationOptions, with a custom server path', async () => {
  Object.assign(settings, {
    'replylint.server.path': '/venv/bin/replylint-lsp',
    'replylint.server.args': ['--log-level', 'INFO'],
    'replylint.lang': 'bg',
    'replylint.languages': ['plaintext', 'markdown', 'html'],
  });
  await extension.activate(context());
  const client = FakeLanguageClient.instances[0];
  assert.equal(client.serverOptions.command, '/venv/bin/replylint-lsp');
  assert.deepEqual(client.serverOptions.args, ['--log-level', 'INFO']);
  assert.equal(client.clientOptions.initializationOptions.lang, 'bg');
  assert.deepEqual(client.clientOptions.documentSelector.map((f) => f.language),
    ['plaintext', 'plaintext', 'markdown', 'markdown', 'html', 'html']);
});

test('the restart command stops the server and starts a new one', async () => {
  await extension.activate(context());
  const restart = commands.get('replylint.restart');
  assert.ok(restart, 'replylint.restart is registered');
  await restart!();
  const [first, second] = FakeLanguageClient.instances;
  assert.equal(first.stopped, 1);
  assert.equal(second.started, 1);
  assert.equal(extension.currentClient(), second as never);
});

test('changing the server path restarts; other settings are sent live', async () => {
  await extension.activate(context());
  const changed = (prefix: string) => ({ affectsConfiguration: (s: string) => prefix.startsWith(s) });
  configListeners[0](changed('replylint.ignore'));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(FakeLanguageClient.instances.length, 1);
  configListeners[0](changed('replylint.server.path'));
  await new Promise((resolve) => setTimeout(resolve, 10));
  assert.equal(FakeLanguageClient.instances.length, 2);
});

test('a missing server is reported to the user, not thrown', async () => {
  settings['replylint.server.path'] = 'missing-server';
  await extension.activate(context());
  assert.equal(errors.length, 1);
  assert.match(errors[0], /could not start the language server "missing-server"/);
});

test('documentSelector falls back to plain text and markdown', () => {
  assert.deepEqual(documentSelector([]).map((f) => f.language), ['plaintext', 'plaintext', 'markdown', 'markdown']);
});
