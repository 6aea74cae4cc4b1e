// replylint for VS Code: finds the `replylint-lsp` language server (or installs it after asking),
// starts it when a document of `replylint.languages` is open, and shows its state in the status bar.
import * as path from 'node:path';

import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, State, TransportKind } from 'vscode-languageclient/node';

import { DiscoveryResult, Probes, ServerLaunch, findServer } from './discovery';
import { InstallError, PYTHON_CANDIDATES, Runner, defaultSpec, installServer } from './install';
import { nodeProbes, nodeRunner } from './processes';
import { SECTION, documentSelector, isChecked, needsRestart, serverSettings } from './settings';
import { StatusBar } from './status';

const PYTHON_EXTENSION = 'ms-python.python';
/** If the server sends nothing for the open replies this long after starting, call it ready. */
const FIRST_DIAGNOSTICS_TIMEOUT_MS = 30000;
const PYTHON_API_TIMEOUT_MS = 10000;

interface Session {
  context: vscode.ExtensionContext;
  output: vscode.OutputChannel;
  status: StatusBar;
  client?: LanguageClient;
  launch?: ServerLaunch;
  starting?: Promise<void>;
  stopping: boolean;
  /** The "no server found" prompt is shown once per window, not on every opened file. */
  prompted: boolean;
  readyTimer?: NodeJS.Timeout;
}

let session: Session | undefined;

/** Replaceable in the unit tests: how the server is looked for and how pip is run. */
export const dependencies: { probes?: Probes; runner: Runner } = { runner: nodeRunner };

function config(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration(SECTION);
}

function log(message: string): void {
  session?.output.appendLine(`[${new Date().toISOString()}] ${message}`);
}

function languages(): string[] | undefined {
  return config().get<string[]>('languages');
}

function checkedDocuments(): vscode.TextDocument[] {
  return vscode.workspace.textDocuments.filter((doc) => isChecked(doc, languages()));
}

function workspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

function extensionVenv(context: vscode.ExtensionContext): string {
  return path.join(context.globalStorageUri.fsPath, 'venv');
}

/** The Python extension's interpreter for a folder, through its public API (new or old). */
async function pythonInterpreter(folder: string | undefined): Promise<string | undefined> {
  const ext = vscode.extensions.getExtension(PYTHON_EXTENSION);
  if (!ext) {
    return undefined;
  }
  const lookup = async (): Promise<string | undefined> => {
    const api = ext.isActive ? ext.exports : await ext.activate();
    const resource = folder ? vscode.Uri.file(folder) : undefined;
    const envs = api?.environments;
    if (envs?.getActiveEnvironmentPath && envs?.resolveEnvironment) {
      const env = await envs.resolveEnvironment(envs.getActiveEnvironmentPath(resource));
      const exe: string | undefined = env?.executable?.uri?.fsPath;
      if (exe) {
        return exe;
      }
    }
    const command: string[] | undefined = api?.settings?.getExecutionDetails?.(resource)?.execCommand;
    return command?.[0];
  };
  const timeout = new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), PYTHON_API_TIMEOUT_MS));
  try {
    return await Promise.race([lookup(), timeout]);
  } catch (err) {
    log(`The Python extension gave no interpreter: ${String(err)}`);
    return undefined;
  }
}

function probes(): Probes {
  return dependencies.probes ?? nodeProbes(pythonInterpreter);
}

export async function discover(context: vscode.ExtensionContext): Promise<DiscoveryResult> {
  const cfg = config();
  return findServer(
    {
      configuredPath: cfg.get<string>('server.path') ?? '',
      extraArgs: cfg.get<string[]>('server.args') ?? [],
      workspaceFolders: workspaceFolders(),
      extensionVenv: extensionVenv(context),
      platform: process.platform,
    },
    probes(),
  );
}

export function createClient(launch: ServerLaunch, s: Session): LanguageClient {
  const cfg = config();
  const serverOptions: ServerOptions = { command: launch.command, args: launch.args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(cfg.get<string[]>('languages')),
    initializationOptions: serverSettings(cfg),
    // Changes of replylint.* are sent to the server, which re-checks the open replies.
    synchronize: { configurationSection: SECTION },
    outputChannel: s.output,
    traceOutputChannel: s.output,
    middleware: {
      handleDiagnostics(uri, diagnostics, next) {
        next(uri, diagnostics);
        markReady();
      },
      // VS Code's client pulls (textDocument/diagnostic) and the server then publishes nothing:
      // the first answer is what ends "loading" there.
      async provideDiagnostics(document, previousResultId, token, next) {
        const report = await next(document, previousResultId, token);
        markReady();
        return report;
      },
    },
  };
  return new LanguageClient('replylint', 'replylint', serverOptions, clientOptions);
}

function markReady(): void {
  if (!session || session.status.state.kind !== 'loading' || !session.client) {
    return;
  }
  clearTimeout(session.readyTimer);
  session.status.set(config().get<boolean>('enable') === false ? { kind: 'off' } : { kind: 'ready' });
  refreshActive();
}

/** The active editor's number of replylint findings, for the status bar. */
function refreshActive(): void {
  if (!session) {
    return;
  }
  const doc = vscode.window.activeTextEditor?.document;
  if (!doc || !isChecked(doc, languages())) {
    session.status.setActive(false, undefined);
    return;
  }
  const count = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'replylint').length;
  session.status.setActive(true, count);
}

function showNotFound(result: DiscoveryResult): void {
  const s = session!;
  const message = 'replylint: no language server found. Install it into an environment of the extension, ' +
    'or set "replylint.server.path".';
  s.status.set({ kind: 'error', message: 'no language server found' });
  log(`No server found; looked at:\n  ${result.tried.join('\n  ')}`);
  if (s.prompted) {
    return;
  }
  s.prompted = true;
  // Not awaited: the message stays until the user answers, and start() must not wait for that.
  void vscode.window.showWarningMessage(message, 'Install', 'Open Settings').then(async (choice) => {
    if (choice === 'Install') {
      await installCommand();
    } else if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'replylint.server');
    }
  });
}

async function start(): Promise<void> {
  const s = session!;
  s.status.set({ kind: 'loading', detail: 'looking for the language server…' });
  const result = await discover(s.context);
  if (!result.launch) {
    s.launch = undefined;
    showNotFound(result);
    return;
  }
  s.launch = result.launch;
  log(`Starting ${[result.launch.command, ...result.launch.args].join(' ')} (${result.launch.detail})`);
  s.status.set({ kind: 'loading', detail: 'starting the language server…' });
  const client = createClient(result.launch, s);
  s.client = client;
  client.onDidChangeState((event) => {
    if (event.newState === State.Stopped && s.client === client && !s.stopping) {
      s.status.set({ kind: 'error', message: 'the language server stopped' });
    }
  });
  try {
    await client.start();
  } catch (err) {
    s.status.set({ kind: 'error', message: `could not start ${result.launch.command}` });
    void vscode.window.showErrorMessage(
      `replylint: could not start the language server "${result.launch.command}". ` +
        'Install it with `pip install replylint` or set "replylint.server.path". ' +
        String(err),
    );
    return;
  }
  if (s.client !== client) {
    return;
  }
  if (checkedDocuments().length === 0) {
    markReady();
  } else {
    // The languages load in the background; the first diagnostics say they are there.
    s.status.set({ kind: 'loading', detail: 'loading the languages…' });
    s.readyTimer = setTimeout(markReady, FIRST_DIAGNOSTICS_TIMEOUT_MS);
  }
}

/** Start the server unless it runs (or is starting) already. */
export function startServer(): Promise<void> {
  const s = session;
  if (!s) {
    return Promise.resolve();
  }
  if (s.client || s.starting) {
    return s.starting ?? Promise.resolve();
  }
  s.starting = start().finally(() => {
    s.starting = undefined;
  });
  return s.starting;
}

export async function stopServer(): Promise<void> {
  const s = session;
  if (!s) {
    return;
  }
  await s.starting;
  const running = s.client;
  s.client = undefined;
  clearTimeout(s.readyTimer);
  if (running) {
    s.stopping = true;
    try {
      await running.stop();
    } catch (err) {
      log(`Stopping the server failed: ${String(err)}`);
    } finally {
      s.stopping = false;
    }
  }
}

export async function restartServer(): Promise<void> {
  await stopServer();
  await startServer();
}

/** Start the server when a document it checks is open (the activation follows replylint.languages). */
function startIfNeeded(): void {
  if (session && !session.client && !session.starting && checkedDocuments().length > 0 && !(session.prompted && !session.launch)) {
    void startServer();
  }
}

async function installCommand(): Promise<void> {
  const s = session!;
  const cfg = config();
  const version = (s.context.extension?.packageJSON?.version as string | undefined) ?? '0.1.0';
  const python = await pythonInterpreter(workspaceFolders()[0]);
  const input = {
    venv: extensionVenv(s.context),
    spec: defaultSpec(version, cfg.get<string>('server.installSpec')),
    pythons: [...(python ? [python] : []), ...PYTHON_CANDIDATES],
    platform: process.platform,
  };
  s.output.show(true);
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `replylint: installing ${input.spec}…` },
      () => installServer(input, dependencies.runner, log),
    );
  } catch (err) {
    const message = err instanceof InstallError ? err.message : String(err);
    log(`Install failed: ${message}`);
    s.status.set({ kind: 'error', message: 'installing the language server failed' });
    void vscode.window.showErrorMessage(`replylint: installing the language server failed: ${message}`);
    return;
  }
  log(`Installed into ${input.venv}`);
  await restartServer();
}

export function currentClient(): LanguageClient | undefined {
  return session?.client;
}

export function currentLaunch(): ServerLaunch | undefined {
  return session?.launch;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const output = vscode.window.createOutputChannel('replylint');
  const item = vscode.window.createStatusBarItem(vscode.StatusBarAlignment.Right, 100);
  item.name = 'replylint';
  const status = new StatusBar(item, new vscode.ThemeColor('statusBarItem.errorBackground'));
  session = { context, output, status, stopping: false, prompted: false };
  context.subscriptions.push(
    output,
    item,
    vscode.commands.registerCommand('replylint.restart', restartServer),
    vscode.commands.registerCommand('replylint.showOutput', () => output.show()),
    vscode.commands.registerCommand('replylint.installServer', installCommand),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart(event)) {
        if (session?.client || checkedDocuments().length > 0) {
          session!.prompted = false;
          void restartServer();
        }
      } else if (event.affectsConfiguration('replylint.enable')) {
        if (session?.client && session.status.state.kind !== 'loading') {
          session.status.set(config().get<boolean>('enable') === false ? { kind: 'off' } : { kind: 'ready' });
          refreshActive();
        }
        startIfNeeded();
      }
    }),
    vscode.workspace.onDidOpenTextDocument(() => startIfNeeded()),
    vscode.window.onDidChangeActiveTextEditor(() => refreshActive()),
    vscode.languages.onDidChangeDiagnostics(() => refreshActive()),
  );
  const python = vscode.extensions.getExtension(PYTHON_EXTENSION);
  if (python?.isActive && python.exports?.environments?.onDidChangeActiveEnvironmentPath) {
    // Another interpreter may hold another replylint (or none): look again.
    context.subscriptions.push(python.exports.environments.onDidChangeActiveEnvironmentPath(() => {
      if (session?.launch?.source === 'Python extension' || !session?.launch) {
        void restartServer();
      }
    }));
  }
  refreshActive();
  if (checkedDocuments().length > 0) {
    await startServer();
  } else {
    status.setActive(false, undefined);
    status.set({ kind: 'ready' });
  }
}

export async function deactivate(): Promise<void> {
  await stopServer();
  session = undefined;
}
