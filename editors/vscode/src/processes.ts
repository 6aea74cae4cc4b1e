// The real probes and process runner behind discovery.ts and install.ts (Node only, no `vscode`).
import { execFile, spawn } from 'node:child_process';
import { constants, promises as fs } from 'node:fs';
import * as path from 'node:path';

import type { Probes } from './discovery';
import type { Runner } from './install';

/** How long `python -m replylint.lsp --version` may take (a cold import of pygls on a slow disk). */
const PROBE_TIMEOUT_MS = 20000;

export async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) {
      return false;
    }
    await fs.access(file, process.platform === 'win32' ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export async function which(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const suffixes = process.platform === 'win32' ? ['.exe', '.cmd', ''] : [''];
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    for (const suffix of suffixes) {
      const candidate = path.join(dir, name + suffix);
      if (await isExecutable(candidate)) {
        return candidate;
      }
    }
  }
  return undefined;
}

export function runs(command: string, args: string[]): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: PROBE_TIMEOUT_MS, windowsHide: true }, (error) => resolve(error === null));
  });
}

export function nodeProbes(pythonInterpreter: Probes['pythonInterpreter']): Probes {
  return { isExecutable, which: (name) => which(name), runs, pythonInterpreter };
}

/** Runs a process to its end, line by line into `log` (pip's progress goes to the output channel). */
export const nodeRunner: Runner = {
  run(command, args, log) {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { windowsHide: true });
      const forward = (chunk: Buffer) => {
        for (const line of chunk.toString('utf8').split(/\r?\n/)) {
          if (line.trim()) {
            log(line);
          }
        }
      };
      child.stdout.on('data', forward);
      child.stderr.on('data', forward);
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? -1));
    });
  },
};
