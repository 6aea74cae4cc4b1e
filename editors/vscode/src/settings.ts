// What the extension sends to the server, derived from the `replylint.*` settings.
// Kept free of runtime `vscode` imports so it is unit-tested without VS Code.

export const SECTION = 'replylint';
export const DEFAULT_LANGUAGES = ['plaintext', 'markdown'];
export const DEFAULT_COMMAND = 'replylint-lsp';

/** Settings whose change needs a new server process (the rest is sent live). */
export const RESTART_SETTINGS = ['replylint.server', 'replylint.languages'];

/** Keys the server understands: the config-file keys plus the editor-only ones. */
export const SERVER_KEYS = ['enable', 'languages', 'lang', 'select', 'ignore', 'levels', 'allow', 'debounce'];

export interface ConfigurationLike {
  get<T>(key: string, defaultValue?: T): T | undefined;
}

/** The `initializationOptions` / `didChangeConfiguration` payload; unset values left out. */
export function serverSettings(config: ConfigurationLike): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of SERVER_KEYS) {
    const value = config.get<unknown>(key);
    if (value === undefined || value === null) {
      continue;
    }
    if (key === 'select' && Array.isArray(value) && value.length === 0) {
      continue; // an empty list in the Settings UI means "not set", not "no rules"
    }
    out[key] = value;
  }
  return out;
}

export interface ServerCommand {
  command: string;
  args: string[];
}

export function serverCommand(config: ConfigurationLike): ServerCommand {
  const path = (config.get<string>('server.path') || DEFAULT_COMMAND).trim() || DEFAULT_COMMAND;
  const args = config.get<string[]>('server.args') ?? [];
  return { command: path, args: [...args] };
}

export interface DocumentFilter {
  scheme: string;
  language: string;
}

/** Saved files and unsaved buffers of the chosen languages. */
export function documentSelector(languages: string[] | undefined): DocumentFilter[] {
  const ids = languages && languages.length > 0 ? languages : DEFAULT_LANGUAGES;
  return ids.flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
}

export interface ChangeEventLike {
  affectsConfiguration(section: string): boolean;
}

export function needsRestart(event: ChangeEventLike): boolean {
  return RESTART_SETTINGS.some((section) => event.affectsConfiguration(section));
}
