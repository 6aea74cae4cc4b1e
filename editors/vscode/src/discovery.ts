// Where the language server is: the first of these that works wins, so the extension runs
// out of the box in the usual setups (a project venv, the Python extension's interpreter,
// a global install, or the environment the extension installed itself).
// Kept free of runtime `vscode` imports: the probes are injected, so every branch is unit-tested.
import * as path from 'node:path';

export const SERVER_NAME = 'replylint-lsp';
/** Folders of a workspace that hold its virtual environment, as ruff/mypy users name them. */
export const VENV_DIRS = ['.venv', 'venv', 'env'];

export type ServerSource = 'setting' | 'workspace venv' | 'Python extension' | 'PATH' | 'extension venv';

export interface ServerLaunch {
  command: string;
  args: string[];
  source: ServerSource;
  /** Human-readable: what was found where, for the output channel. */
  detail: string;
}

export interface Probes {
  /** True when `file` exists and can be executed. */
  isExecutable(file: string): Promise<boolean>;
  /** True when `command args…` exits 0 (used for `python -m replylint.lsp --version`). */
  runs(command: string, args: string[]): Promise<boolean>;
  /** The full path of `name` on PATH, if any. */
  which(name: string): Promise<string | undefined>;
  /** The interpreter the Python extension uses for `folder`, if the extension is there. */
  pythonInterpreter(folder: string | undefined): Promise<string | undefined>;
}

export interface DiscoveryInput {
  /** `replylint.server.path` ('' or the old default 'replylint-lsp' means "find it"). */
  configuredPath: string;
  /** `replylint.server.args`, appended to whatever command is found. */
  extraArgs: string[];
  workspaceFolders: string[];
  /** The extension's own environment (under its global storage). */
  extensionVenv: string;
  platform: NodeJS.Platform;
}

export interface DiscoveryResult {
  launch?: ServerLaunch;
  /** Every place looked at, in order, for the "not found" message and the log. */
  tried: string[];
}

/** `<venv>/bin/replylint-lsp`, or `<venv>\Scripts\replylint-lsp.exe` on Windows. */
export function venvServer(venv: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? path.win32.join(venv, 'Scripts', `${SERVER_NAME}.exe`) : path.posix.join(venv, 'bin', SERVER_NAME);
}

/** `<venv>/bin/python`, or `<venv>\Scripts\python.exe` on Windows. */
export function venvPython(venv: string, platform: NodeJS.Platform): string {
  return platform === 'win32' ? path.win32.join(venv, 'Scripts', 'python.exe') : path.posix.join(venv, 'bin', 'python');
}

function explicitPath(configured: string): string | undefined {
  const value = configured.trim();
  return value === '' || value === SERVER_NAME ? undefined : value;
}

export async function findServer(input: DiscoveryInput, probes: Probes): Promise<DiscoveryResult> {
  const tried: string[] = [];
  const found = (command: string, args: string[], source: ServerSource, detail: string): DiscoveryResult => ({
    launch: { command, args: [...args, ...input.extraArgs], source, detail },
    tried,
  });

  // 1. An explicit replylint.server.path is used as given: no guessing behind the user's back.
  const explicit = explicitPath(input.configuredPath);
  if (explicit !== undefined) {
    const resolved = path.isAbsolute(explicit) ? explicit : await probes.which(explicit);
    tried.push(`replylint.server.path: ${explicit}`);
    if (resolved !== undefined && (await probes.isExecutable(resolved))) {
      return found(resolved, [], 'setting', `replylint.server.path ${resolved}`);
    }
    return { tried };
  }

  // 2. The workspace's own virtual environment (the project's pinned replylint).
  for (const folder of input.workspaceFolders) {
    for (const dir of VENV_DIRS) {
      const candidate = venvServer(path.join(folder, dir), input.platform);
      tried.push(candidate);
      if (await probes.isExecutable(candidate)) {
        return found(candidate, [], 'workspace venv', `the workspace's virtual environment: ${candidate}`);
      }
    }
  }

  // 3. The interpreter selected in the Python extension, if replylint is installed there.
  const python = await probes.pythonInterpreter(input.workspaceFolders[0]);
  if (python !== undefined) {
    tried.push(`${python} -m replylint.lsp (the Python extension's interpreter)`);
    if (await probes.runs(python, ['-m', 'replylint.lsp', '--version'])) {
      return found(python, ['-m', 'replylint.lsp'], 'Python extension', `the Python extension's interpreter: ${python} -m replylint.lsp`);
    }
  }

  // 4. A global install (pipx, pip --user, a system package).
  tried.push(`${SERVER_NAME} on PATH`);
  const onPath = await probes.which(SERVER_NAME);
  if (onPath !== undefined) {
    return found(onPath, [], 'PATH', `${SERVER_NAME} on PATH: ${onPath}`);
  }

  // 5. The environment the extension installed on an earlier run.
  const owned = venvServer(input.extensionVenv, input.platform);
  tried.push(`${owned} (installed by the extension)`);
  if (await probes.isExecutable(owned)) {
    return found(owned, [], 'extension venv', `the extension's own environment: ${owned}`);
  }
  return { tried };
}
