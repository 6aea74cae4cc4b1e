// Stand-ins for the `vscode` API and `vscode-languageclient/node`, so the extension's wiring
// is tested with node's test runner, without downloading VS Code. The real editor is tested
// by tests/test_vscode.py (code-server + headless Chromium, `make test-vscode`).
import Module = require('module');

type Listener<T> = (event: T) => void;
interface ChangeEvent {
  affectsConfiguration(s: string): boolean;
}
export interface FakeDocument {
  languageId: string;
  uri: { scheme: string; fsPath: string; toString(): string };
}
export interface FakeDiagnostic {
  source: string;
  message: string;
}

export const settings: Record<string, unknown> = {};
export const commands = new Map<string, (...args: unknown[]) => unknown>();
export const executed: Array<{ id: string; args: unknown[] }> = [];
export const configListeners: Array<Listener<ChangeEvent>> = [];
export const openListeners: Array<Listener<FakeDocument>> = [];
export const activeEditorListeners: Array<Listener<unknown>> = [];
export const diagnosticListeners: Array<Listener<unknown>> = [];
export const errors: string[] = [];
export const warnings: Array<{ message: string; buttons: string[] }> = [];
export const progressTitles: string[] = [];
export const documents: FakeDocument[] = [];
export const diagnostics = new Map<string, FakeDiagnostic[]>();
export const folders: string[] = [];
export const statusItem = { text: '', tooltip: '' as unknown, command: '' as unknown, backgroundColor: undefined as unknown, visible: false,
  name: '', show() { this.visible = true; }, hide() { this.visible = false; }, dispose() {} };
export const output: string[] = [];
/** What the next "no server" / install prompt answers (a button title, or undefined for "closed"). */
export const answers: { warning?: string } = {};
export const editor: { active?: { document: FakeDocument } } = {};
/** The fake Python extension's interpreter (undefined: the extension is not installed). */
export const pythonExtension: { interpreter?: string } = {};

export function fileDoc(fsPath: string, languageId: string): FakeDocument {
  return { languageId, uri: { scheme: 'file', fsPath, toString: () => `file://${fsPath}` } };
}

export const State = { Stopped: 1, Starting: 3, Running: 2 };

export class FakeLanguageClient {
  static instances: FakeLanguageClient[] = [];
  /** Commands whose start() fails, as a missing executable's does. */
  static failing = new Set<string>(['missing-server']);
  started = 0;
  stopped = 0;
  stateListeners: Array<Listener<{ oldState: number; newState: number }>> = [];
  constructor(
    public id: string,
    public name: string,
    public serverOptions: { command: string; args: string[] },
    public clientOptions: {
      documentSelector: Array<{ scheme: string; language: string }>;
      initializationOptions: Record<string, unknown>;
      synchronize: { configurationSection: string };
      outputChannel: unknown;
      middleware: {
        handleDiagnostics(uri: unknown, diagnostics: unknown[], next: (u: unknown, d: unknown[]) => void): void;
        provideDiagnostics?(document: unknown, previousResultId: string | undefined, token: unknown,
          next: (d: unknown, p: string | undefined, t: unknown) => Promise<unknown>): Promise<unknown> | unknown;
      };
    },
  ) {
    FakeLanguageClient.instances.push(this);
  }
  onDidChangeState(listener: Listener<{ oldState: number; newState: number }>) {
    this.stateListeners.push(listener);
    return { dispose() {} };
  }
  start(): Promise<void> {
    this.started += 1;
    return FakeLanguageClient.failing.has(this.serverOptions.command) ? Promise.reject(new Error('ENOENT')) : Promise.resolve();
  }
  stop(): Promise<void> {
    this.stopped += 1;
    for (const l of this.stateListeners) {
      l({ oldState: State.Running, newState: State.Stopped });
    }
    return Promise.resolve();
  }
  /** What the server's textDocument/publishDiagnostics does on the client side. */
  publish(uri: string, found: FakeDiagnostic[]): void {
    this.clientOptions.middleware.handleDiagnostics(uri, found, () => {
      diagnostics.set(uri, found);
      for (const l of diagnosticListeners) {
        l({});
      }
    });
  }
  /** What VS Code's pull model does (textDocument/diagnostic): the client asks, the server answers. */
  async pull(uri: string, found: FakeDiagnostic[]): Promise<void> {
    const ask = async () => {
      diagnostics.set(uri, found);
      for (const l of diagnosticListeners) {
        l({});
      }
      return { kind: 'full', items: found };
    };
    const provide = this.clientOptions.middleware.provideDiagnostics;
    await (provide ? provide({ uri }, undefined, {}, ask) : ask());
  }
  /** The server process died (not stopped by the extension). */
  crash(): void {
    for (const l of this.stateListeners) {
      l({ oldState: State.Running, newState: State.Stopped });
    }
  }
}

function listen<T>(list: Array<Listener<T>>) {
  return (listener: Listener<T>) => {
    list.push(listener);
    return { dispose() {} };
  };
}

const fakeVscode = {
  workspace: {
    getConfiguration(section: string) {
      return {
        get<T>(key: string, defaultValue?: T): T | undefined {
          const full = `${section}.${key}`;
          return (full in settings ? settings[full] : defaultValue) as T | undefined;
        },
      };
    },
    onDidChangeConfiguration: listen(configListeners),
    onDidOpenTextDocument: listen(openListeners),
    get textDocuments() {
      return documents;
    },
    get workspaceFolders() {
      return folders.map((f) => ({ uri: { scheme: 'file', fsPath: f } }));
    },
  },
  commands: {
    registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
      commands.set(id, fn);
      return { dispose: () => commands.delete(id) };
    },
    executeCommand(id: string, ...args: unknown[]) {
      executed.push({ id, args });
      return Promise.resolve();
    },
  },
  window: {
    showErrorMessage(message: string) {
      errors.push(message);
      return Promise.resolve(undefined);
    },
    showWarningMessage(message: string, ...buttons: string[]) {
      warnings.push({ message, buttons });
      return Promise.resolve(answers.warning);
    },
    withProgress<T>(options: { title: string }, task: () => Promise<T>) {
      progressTitles.push(options.title);
      return task();
    },
    createOutputChannel() {
      return { appendLine: (line: string) => output.push(line), show() {}, dispose() {} };
    },
    createStatusBarItem() {
      return statusItem;
    },
    onDidChangeActiveTextEditor: listen(activeEditorListeners),
    get activeTextEditor() {
      return editor.active;
    },
  },
  languages: {
    getDiagnostics(uri: { toString(): string }) {
      return diagnostics.get(uri.toString()) ?? [];
    },
    onDidChangeDiagnostics: listen(diagnosticListeners),
  },
  extensions: {
    getExtension(id: string) {
      if (id !== 'ms-python.python' || pythonExtension.interpreter === undefined) {
        return undefined;
      }
      const api = { settings: { getExecutionDetails: () => ({ execCommand: [pythonExtension.interpreter] }) } };
      return { isActive: true, exports: api, activate: () => Promise.resolve(api) };
    },
  },
  Uri: { file: (fsPath: string) => ({ scheme: 'file', fsPath }) },
  StatusBarAlignment: { Left: 1, Right: 2 },
  ProgressLocation: { Notification: 15 },
  ThemeColor: class {
    constructor(public id: string) {}
  },
};

const fakeClientModule = { LanguageClient: FakeLanguageClient, State, TransportKind: { stdio: 0, ipc: 1 } };

const moduleWithLoad = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
const originalLoad = moduleWithLoad._load;
moduleWithLoad._load = function (request: string, ...rest: unknown[]) {
  if (request === 'vscode') {
    return fakeVscode;
  }
  if (request === 'vscode-languageclient/node') {
    return fakeClientModule;
  }
  return originalLoad.call(this, request, ...rest);
};

export function reset(): void {
  for (const key of Object.keys(settings)) {
    delete settings[key];
  }
  for (const list of [configListeners, openListeners, activeEditorListeners, diagnosticListeners, errors, warnings,
    progressTitles, documents, folders, output, executed] as unknown[][]) {
    list.length = 0;
  }
  commands.clear();
  diagnostics.clear();
  delete answers.warning;
  delete editor.active;
  delete pythonExtension.interpreter;
  Object.assign(statusItem, { text: '', tooltip: '', backgroundColor: undefined, visible: false });
  FakeLanguageClient.instances.length = 0;
}
