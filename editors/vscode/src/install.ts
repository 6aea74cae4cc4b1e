// Installing the server into an environment the extension owns (under its global storage),
// after the user said yes: `python -m venv`, then `pip install replylint`. Nothing is written
// into the user's workspace or their Python installations.
// Kept free of runtime `vscode` imports: the process runner is injected.
import { venvPython, venvServer } from './discovery';

/** Python versions the server supports (pyproject's requires-python). */
export const MIN_PYTHON: [number, number] = [3, 11];
export const PYTHON_CANDIDATES = ['python3', 'python'];

export interface Runner {
  /** Runs a process to its end, sending its output lines to `log`; resolves to the exit code. */
  run(command: string, args: string[], log: (line: string) => void): Promise<number>;
}

export interface InstallInput {
  /** The environment to create or update (`<global storage>/venv`). */
  venv: string;
  /** What pip installs: `replylint==<extension version>` unless replylint.server.installSpec says otherwise. */
  spec: string;
  /** Interpreters to try, in order (the Python extension's first, then python3/python on PATH). */
  pythons: string[];
  platform: NodeJS.Platform;
}

export class InstallError extends Error {}

const VERSION_CHECK = `import sys; sys.exit(0 if sys.version_info >= (${MIN_PYTHON.join(', ')}) else 1)`;

/** The pip requirement installed by default: the server release that matches the extension. */
export function defaultSpec(extensionVersion: string, configured: string | undefined): string {
  const value = (configured ?? '').trim();
  return value !== '' ? value : `replylint==${extensionVersion}`;
}

/** Creates (or reuses) the venv and pip-installs the server; returns the server's path. */
export async function installServer(input: InstallInput, runner: Runner, log: (line: string) => void): Promise<string> {
  let python: string | undefined;
  for (const candidate of input.pythons) {
    if ((await runner.run(candidate, ['-c', VERSION_CHECK], log).catch(() => -1)) === 0) {
      python = candidate;
      break;
    }
  }
  if (python === undefined) {
    throw new InstallError(
      `no Python ${MIN_PYTHON.join('.')} or newer found (tried ${input.pythons.join(', ')}); ` +
        'install Python or select an interpreter in the Python extension',
    );
  }
  log(`Creating ${input.venv} with ${python}`);
  if ((await runner.run(python, ['-m', 'venv', input.venv], log)) !== 0) {
    throw new InstallError(`"${python} -m venv ${input.venv}" failed (see the output)`);
  }
  const venvPy = venvPython(input.venv, input.platform);
  log(`Installing ${input.spec}`);
  const pip = await runner.run(venvPy, ['-m', 'pip', 'install', '--upgrade', '--disable-pip-version-check', input.spec], log);
  if (pip !== 0) {
    throw new InstallError(`"pip install ${input.spec}" failed (see the output)`);
  }
  return venvServer(input.venv, input.platform);
}
