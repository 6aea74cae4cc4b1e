// Stand-ins for the `vscode` API and `vscode-languageclient/node`, so the extension's wiring
// is tested with node's test runner, without downloading VS Code.
import Module = require('module');

export const settings: Record<string, unknown> = {};
export const commands = new Map<string, (...args: unknown[]) => unknown>();
export const configListeners: Array<(event: { affectsConfiguration(s: string): boolean }) => void> = [];
export const errors: string[] = [];

export class FakeLanguageClient {
  static instances: FakeLanguageClient[] = [];
  started = 0;
  stopped = 0;
  constructor(
    public id: string,
    public name: string,
    public serverOptions: { command: string; args: string[] },
    public clientOptions: {
      documentSelector: Array<{ scheme: string; language: string }>;
      initializationOptions: Record<string, unknown>;
      synchronize: { configurationSection: string };
    },
  ) {
    FakeLanguageClient.instances.push(this);
  }
  start(): Promise<void> {
    this.started += 1;
    return this.serverOptions.command === 'missing-server' ? Promise.reject(new Error('ENOENT')) : Promise.resolve();
  }
  stop(): Promise<void> {
    this.stopped += 1;
    return Promise.resolve();
  }
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
    onDidChangeConfiguration(listener: (event: { affectsConfiguration(s: string): boolean }) => void) {
      configListeners.push(listener);
      return { dispose() {} };
    },
  },
  commands: {
    registerCommand(id: string, fn: (...args: unknown[]) => unknown) {
      commands.set(id, fn);
      return { dispose: () => commands.delete(id) };
    },
  },
  window: {
    showErrorMessage(message: string) {
      errors.push(message);
      return Promise.resolve(undefined);
    },
  },
};

const fakeClientModule = { LanguageClient: FakeLanguageClient, TransportKind: { stdio: 0, ipc: 1 } };

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
  commands.clear();
  configListeners.length = 0;
  errors.length = 0;
  FakeLanguageClient.instances.length = 0;
}
