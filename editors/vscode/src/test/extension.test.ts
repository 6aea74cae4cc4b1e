import { strict as assert } from 'node:assert';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, test } from 'node:test';

import {
  FakeLanguageClient, answers, commands, configListeners, documents, editor, errors, executed, fileDoc, folders,
  openListeners, output, progressTitles, pythonExtension, reset, settings, statusItem, warnings,
} from './mocks';
// Imported after the mocks are installed.
import { Probes, findServer, venvServer } from '../discovery';
import * as extension from '../extension';
import { defaultSpec } from '../install';
import { DEFAULT_LANGUAGES, SERVER_KEYS, documentSelector, serverSettings } from '../settings';
import { present } from '../status';

const manifest = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const STORAGE = '/home/u/.vscode/globalStorage/replylint.replylint';
const OWN_SERVER = `${STORAGE}/venv/bin/replylint-lsp`;
const context = () => ({
  subscriptions: [] as Array<{ dispose(): void }>,
  globalStorageUri: { fsPath: STORAGE },
  extension: { packageJSON: { version: '0.1.0' } },
}) as never;

/** A fake machine: which files are executables, what is on PATH, which commands run. */
const machine = {
  executables: new Set<string>(),
  onPath: new Map<string, string>(),
  runnable: new Set<string>(),
  ran: [] as string[][],
};
const probes: Probes = {
  isExecutable: async (file) => machine.executables.has(file),
  which: async (name) => machine.onPath.get(name),
  runs: async (command, args) => machine.runnable.has([command, ...args].join(' ')),
  pythonInterpreter: async () => pythonExtension.interpreter,
};
extension.dependencies.probes = probes;
extension.dependencies.runner = {
  async run(command, args) {
    machine.ran.push([command, ...args]);
    if (args[0] === '-c') {
      return command === '/usr/bin/python3' || command === 'python3' ? 0 : 1;
    }
    if (args.includes('pip')) {
      machine.executables.add(OWN_SERVER);
    }
    return 0;
  },
};

const tick = () => new Promise((resolve) => setTimeout(resolve, 10));

beforeEach(async () => {
  await extension.deactivate();
  reset();
  machine.executables.clear();
  machine.onPath.clear();
  machine.runnable.clear();
  machine.ran.length = 0;
  machine.onPath.set('replylint-lsp', '/usr/local/bin/replylint-lsp');
  machine.executables.add('/usr/local/bin/replylint-lsp');
});

// ------------------------------------------------------------------------------------ manifest
test('every server setting and command is declared; activation covers the default languages', () => {
  const properties = manifest.contributes.configuration.properties;
  for (const key of [...SERVER_KEYS, 'server.path', 'server.args', 'server.installSpec']) {
    assert.ok(`replylint.${key}` in properties, `replylint.${key} missing from contributes.configuration`);
  }
  assert.deepEqual(manifest.contributes.commands.map((c: { command: string }) => c.command),
    ['replylint.restart', 'replylint.showOutput', 'replylint.installServer']);
  assert.deepEqual(properties['replylint.languages'].default, DEFAULT_LANGUAGES);
  for (const language of DEFAULT_LANGUAGES) {
    assert.ok(manifest.activationEvents.includes(`onLanguage:${language}`), language);
  }
  // Any other language added to replylint.languages: the extension is active after startup.
  assert.ok(manifest.activationEvents.includes('onStartupFinished'));
  assert.equal(properties['replylint.server.path'].default, '');
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

test('documentSelector falls back to the default languages', () => {
  assert.deepEqual([...new Set(documentSelector([]).map((f) => f.language))], DEFAULT_LANGUAGES);
});

// ----------------------------------------------------------------------------------- discovery
const input = (over: Partial<Parameters<typeof findServer>[0]> = {}) => ({
  configuredPath: '', extraArgs: [], workspaceFolders: ['/ws'], extensionVenv: `${STORAGE}/venv`, platform: 'linux' as const, ...over,
});

test('discovery: the workspace venv comes before the Python extension, PATH and the own venv', async () => {
  machine.executables.add('/ws/.venv/bin/replylint-lsp');
  machine.executables.add(OWN_SERVER);
  pythonExtension.interpreter = '/usr/bin/python3';
  machine.runnable.add('/usr/bin/python3 -m replylint.lsp --version');
  const { launch } = await findServer(input({ extraArgs: ['--log-level', 'INFO'] }), probes);
  assert.deepEqual(launch && [launch.command, launch.args, launch.source],
    ['/ws/.venv/bin/replylint-lsp', ['--log-level', 'INFO'], 'workspace venv']);
});

test('discovery: venv/ and env/ count too; Windows venvs have Scripts\\replylint-lsp.exe', async () => {
  machine.executables.add('/ws/env/bin/replylint-lsp');
  assert.equal((await findServer(input(), probes)).launch?.command, '/ws/env/bin/replylint-lsp');
  assert.equal(venvServer('C:\\ws\\.venv', 'win32'), 'C:\\ws\\.venv\\Scripts\\replylint-lsp.exe');
});

test("discovery: the Python extension's interpreter runs python -m replylint.lsp when replylint is installed there", async () => {
  pythonExtension.interpreter = '/opt/py/bin/python';
  machine.runnable.add('/opt/py/bin/python -m replylint.lsp --version');
  const { launch } = await findServer(input(), probes);
  assert.deepEqual(launch && [launch.command, launch.args, launch.source], ['/opt/py/bin/python', ['-m', 'replylint.lsp'], 'Python extension']);
});

test('discovery: an interpreter without replylint is skipped for PATH, then the own venv', async () => {
  pythonExtension.interpreter = '/opt/py/bin/python';
  assert.equal((await findServer(input(), probes)).launch?.source, 'PATH');
  machine.onPath.clear();
  machine.executables.add(OWN_SERVER);
  assert.deepEqual((await findServer(input(), probes)).launch?.command, OWN_SERVER);
});

test('discovery: nothing found lists every place looked at', async () => {
  machine.onPath.clear();
  const { launch, tried } = await findServer(input(), probes);
  assert.equal(launch, undefined);
  assert.deepEqual(tried, [
    '/ws/.venv/bin/replylint-lsp', '/ws/venv/bin/replylint-lsp', '/ws/env/bin/replylint-lsp',
    'replylint-lsp on PATH', `${OWN_SERVER} (installed by the extension)`,
  ]);
});

test('discovery: an explicit server.path is used as given, never replaced by a guess', async () => {
  machine.executables.add('/ws/.venv/bin/replylint-lsp');
  machine.executables.add('/opt/replylint-lsp');
  assert.equal((await findServer(input({ configuredPath: '/opt/replylint-lsp' }), probes)).launch?.source, 'setting');
  const missing = await findServer(input({ configuredPath: '/nope/replylint-lsp' }), probes);
  assert.equal(missing.launch, undefined);
  assert.deepEqual(missing.tried, ['replylint.server.path: /nope/replylint-lsp']);
  // The old default "replylint-lsp" means "find it", like an empty setting.
  assert.equal((await findServer(input({ configuredPath: 'replylint-lsp' }), probes)).launch?.source, 'workspace venv');
});

// ---------------------------------------------------------------------------------- activation
test('activation follows replylint.languages: no server until a checked document is open', async () => {
  settings['replylint.languages'] = ['plaintext', 'html'];
  await extension.activate(context());
  assert.equal(FakeLanguageClient.instances.length, 0, 'nothing to check yet');
  const yaml = fileDoc('/ws/macros.yaml', 'yaml');
  documents.push(yaml);
  openListeners.forEach((l) => l(yaml));
  await tick();
  assert.equal(FakeLanguageClient.instances.length, 0, 'yaml is not in the setting');
  const html = fileDoc('/ws/reply.html', 'html');
  documents.push(html);
  openListeners.forEach((l) => l(html));
  await tick();
  assert.equal(FakeLanguageClient.instances.length, 1);
  assert.deepEqual(FakeLanguageClient.instances[0].clientOptions.documentSelector, [
    { scheme: 'file', language: 'plaintext' }, { scheme: 'untitled', language: 'plaintext' },
    { scheme: 'file', language: 'html' }, { scheme: 'untitled', language: 'html' },
  ]);
});

test('activate with a reply open starts the workspace venv server, logging to the output channel', async () => {
  folders.push('/ws');
  machine.executables.add('/ws/.venv/bin/replylint-lsp');
  documents.push(fileDoc('/ws/reply.txt', 'plaintext'));
  Object.assign(settings, { 'replylint.lang': 'bg', 'replylint.server.args': ['--log-level', 'INFO'] });
  await extension.activate(context());
  const client = FakeLanguageClient.instances[0];
  assert.equal(client.started, 1);
  assert.equal(client.serverOptions.command, '/ws/.venv/bin/replylint-lsp');
  assert.deepEqual(client.serverOptions.args, ['--log-level', 'INFO']);
  assert.equal(client.clientOptions.initializationOptions.lang, 'bg');
  assert.equal(client.clientOptions.synchronize.configurationSection, 'replylint');
  assert.ok(client.clientOptions.outputChannel, 'the server log goes to the replylint output channel');
  assert.ok(output.some((line) => line.includes("the workspace's virtual environment")), output.join('\n'));
  assert.deepEqual([...new Set(client.clientOptions.documentSelector.map((f) => f.language))], DEFAULT_LANGUAGES);
});

test('no server anywhere: one message with Install and Open Settings, not repeated per file', async () => {
  machine.onPath.clear();
  documents.push(fileDoc('/ws/reply.txt', 'plaintext'));
  answers.warning = 'Open Settings';
  await extension.activate(context());
  await tick();
  assert.equal(warnings.length, 1);
  assert.match(warnings[0].message, /no language server found/);
  assert.deepEqual(warnings[0].buttons, ['Install', 'Open Settings']);
  assert.deepEqual(executed, [{ id: 'workbench.action.openSettings', args: ['replylint.server'] }]);
  assert.match(statusItem.text, /\$\(error\)/);
  const other = fileDoc('/ws/other.md', 'markdown');
  documents.push(other);
  openListeners.forEach((l) => l(other));
  await tick();
  assert.equal(warnings.length, 1, 'the prompt is shown once');
  assert.equal(FakeLanguageClient.instances.length, 0);
  assert.ok(output.some((line) => line.includes('replylint-lsp on PATH')), 'the places looked at are logged');
});

test('Install creates the extension venv, pip-installs the matching replylint and starts it', async () => {
  machine.onPath.clear();
  documents.push(fileDoc('/ws/reply.txt', 'plaintext'));
  answers.warning = 'Install';
  await extension.activate(context());
  await tick();
  assert.deepEqual(machine.ran.filter((c) => c[1] !== '-c'), [
    ['python3', '-m', 'venv', `${STORAGE}/venv`],
    [`${STORAGE}/venv/bin/python`, '-m', 'pip', 'install', '--upgrade', '--disable-pip-version-check', 'replylint==0.1.0'],
  ]);
  assert.deepEqual(progressTitles, ['replylint: installing replylint==0.1.0…']);
  assert.equal(FakeLanguageClient.instances.length, 1);
  assert.equal(FakeLanguageClient.instances[0].serverOptions.command, OWN_SERVER);
  assert.equal(extension.currentLaunch()?.source, 'extension venv');
});

test('Install without a usable Python says so; installSpec overrides what pip installs', async () => {
  extension.dependencies.runner = { ...extension.dependencies.runner };
  const original = extension.dependencies.runner.run;
  extension.dependencies.runner.run = async (command, args, log) => (args[0] === '-c' ? 1 : original(command, args, log));
  try {
    machine.onPath.clear();
    documents.push(fileDoc('/ws/reply.txt', 'plaintext'));
    answers.warning = 'Install';
    await extension.activate(context());
    await tick();
    assert.equal(errors.length, 1);
    assert.match(errors[0], /installing the language server failed: no Python 3\.11 or newer found/);
  } finally {
    extension.dependencies.runner.run = original;
  }
  assert.equal(defaultSpec('0.2.0', ' /src/replylint '), '/src/replylint');
  assert.equal(defaultSpec('0.2.0', ''), 'replylint==0.2.0');
});

test('a server that cannot start is reported to the user, not thrown', async () => {
  machine.onPath.set('missing-server', '/usr/bin/missing-server');
  machine.executables.add('/usr/bin/missing-server');
  FakeLanguageClient.failing.add('/usr/bin/missing-server');
  settings['replylint.server.path'] = 'missing-server';
  documents.push(fileDoc('/ws/reply.txt', 'plaintext'));
  await extension.activate(context());
  assert.equal(errors.length, 1);
  assert.match(errors[0], /could not start the language server "\/usr\/bin\/missing-server"/);
  assert.match(statusItem.text, /\$\(error\) replylint/);
});

// ---------------------------------------------------------------------------------- status bar
test('status bar: loading until the first diagnostics, then the active file’s count, error on a crash', async () => {
  const reply = fileDoc('/ws/reply.txt', 'plaintext');
  documents.push(reply);
  editor.active = { document: reply };
  await extension.activate(context());
  assert.match(statusItem.text, /sync~spin/);
  assert.match(String(statusItem.tooltip), /loading the languages/);
  const client = FakeLanguageClient.instances[0];
  client.publish(reply.uri.toString(), []);
  assert.equal(statusItem.text, '$(check) replylint');
  const found = [1, 2, 3].map((n) => ({ source: 'replylint', message: `m${n}` }));
  client.publish(reply.uri.toString(), [...found, { source: 'other', message: 'x' }]);
  assert.equal(statusItem.text, '$(warning) replylint: 3');
  assert.equal(statusItem.tooltip, 'replylint: 3 problems in this file');
  assert.ok(statusItem.visible);
  assert.equal(statusItem.command, 'replylint.showOutput');
  client.crash();
  assert.match(statusItem.text, /\$\(error\)/);
  assert.ok(statusItem.backgroundColor, 'errors get the error background');
});

test('status bar: pulled diagnostics (textDocument/diagnostic, what VS Code uses) end the loading state too', async () => {
  // The server answers pull requests and then publishes nothing; the item stayed on "loading".
  const reply = fileDoc('/ws/reply.txt', 'plaintext');
  documents.push(reply);
  editor.active = { document: reply };
  await extension.activate(context());
  assert.match(statusItem.text, /sync~spin/);
  const client = FakeLanguageClient.instances[0];
  const found = [1, 2].map((n) => ({ source: 'replylint', message: `m${n}` }));
  await client.pull(reply.uri.toString(), found);
  assert.equal(statusItem.text, '$(warning) replylint: 2');
});

test('status texts', () => {
  assert.equal(present({ kind: 'ready' }, 1).tooltip, 'replylint: 1 problem in this file');
  assert.equal(present({ kind: 'off' }, 4).text, '$(circle-slash) replylint');
  assert.equal(present({ kind: 'error', message: 'boom' }, undefined).error, true);
});

// --------------------------------------------------------------------------- restart, settings
test('the restart command stops the server and starts a new one', async () => {
  documents.push(fileDoc('/ws/reply.md', 'markdown'));
  await extension.activate(context());
  const restart = commands.get('replylint.restart');
  assert.ok(restart, 'replylint.restart is registered');
  await restart!();
  const [first, second] = FakeLanguageClient.instances;
  assert.equal(first.stopped, 1);
  assert.equal(second.started, 1);
  assert.equal(extension.currentClient(), second as never);
  assert.doesNotMatch(statusItem.text, /error/, 'a deliberate stop is not an error');
});

test('changing the server path restarts; other settings are sent live', async () => {
  documents.push(fileDoc('/ws/reply.md', 'markdown'));
  await extension.activate(context());
  const changed = (prefix: string) => ({ affectsConfiguration: (s: string) => prefix.startsWith(s) });
  configListeners[0](changed('replylint.ignore'));
  await tick();
  assert.equal(FakeLanguageClient.instances.length, 1);
  configListeners[0](changed('replylint.server.path'));
  await tick();
  assert.equal(FakeLanguageClient.instances.length, 2);
});
