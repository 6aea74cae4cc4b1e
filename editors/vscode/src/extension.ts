// replylint for VS Code: starts `replylint-lsp` for plain text and Markdown replies.
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';

import { SECTION, documentSelector, needsRestart, serverCommand, serverSettings } from './settings';

let client: LanguageClient | undefined;

export function createClient(): LanguageClient {
  const config = vscode.workspace.getConfiguration(SECTION);
  const { command, args } = serverCommand(config);
  const serverOptions: ServerOptions = { command, args, transport: TransportKind.stdio };
  const clientOptions: LanguageClientOptions = {
    documentSelector: documentSelector(config.get<string[]>('languages')),
    initializationOptions: serverSettings(config),
    // Changes of replylint.* are sent to the server, which re-checks the open replies.
    synchronize: { configurationSection: SECTION },
  };
  return new LanguageClient('replylint', 'replylint', serverOptions, clientOptions);
}

export async function startServer(): Promise<void> {
  client = createClient();
  try {
    await client.start();
  } catch (err) {
    const { command } = serverCommand(vscode.workspace.getConfiguration(SECTION));
    void vscode.window.showErrorMessage(
      `replylint: could not start the language server "${command}". ` +
        'Install it with `pip install replylint` or set "replylint.server.path". ' +
        String(err),
    );
  }
}

export async function stopServer(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    await running.stop();
  }
}

export async function restartServer(): Promise<void> {
  await stopServer();
  await startServer();
}

export function currentClient(): LanguageClient | undefined {
  return client;
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('replylint.restart', restartServer),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (needsRestart(event)) {
        void restartServer();
      }
    }),
  );
  await startServer();
}

export function deactivate(): Promise<void> {
  return stopServer();
}
