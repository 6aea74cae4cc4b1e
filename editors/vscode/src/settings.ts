// What the extension sends to the server, derived from the `replylint.*` settings.
// Kept free of runtime `vscode` imports so it is unit-tested without VS Code.

export const SECTION = 'replylint';
/** VS Code's ids for the files `replylint check` reads: replies, and canned responses in YAML/JSON. */
export const DEFAULT_LANGUAGES = ['plaintext', 'markdown', 'yaml', 'json'];

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

export interface DocumentFilter {
  scheme: string;
  language: string;
}

/** Saved files and unsaved buffers of the chosen languages. */
export function documentSelector(languages: string[] | undefined): DocumentFilter[] {
  return checkedLanguages(languages).flatMap((language) => [
    { scheme: 'file', language },
    { scheme: 'untitled', language },
  ]);
}

/** The language ids to check: the setting, or the defaults when it is empty. */
export function checkedLanguages(languages: string[] | undefined): string[] {
  return languages && languages.length > 0 ? languages : DEFAULT_LANGUAGES;
}

export interface DocumentLike {
  languageId: string;
  uri: { scheme: string };
}

/** Whether the server should see this document (what the document selector would pick). */
export function isChecked(doc: DocumentLike, languages: string[] | undefined): boolean {
  return (doc.uri.scheme === 'file' || doc.uri.scheme === 'untitled') && checkedLanguages(languages).includes(doc.languageId);
}

export interface ChangeEventLike {
  affectsConfiguration(section: string): boolean;
}

export function needsRestart(event: ChangeEventLike): boolean {
  return RESTART_SETTINGS.some((section) => event.affectsConfiguration(section));
}
