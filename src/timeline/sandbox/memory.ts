/**
 * Reads the resident memory of another process, from the outside: V8's heap
 * flag does not cover ArrayBuffers, WebAssembly memory or native allocations,
 * so the prediction process's real footprint is watched by its parent. Linux:
 * `/proc/<pid>/status` (VmRSS), no process spawned. macOS and other Unixes:
 * `ps -o rss=` (one short process per sample, so sampled less often).
 * Windows: no reader; the heap cap (`--max-old-space-size`) is the only bound there.
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';

/** Resident bytes of `pid`, or undefined when it cannot be read (gone, or no reader on this platform). */
export type RssReader = (pid: number) => Promise<number | undefined>;

export interface MemoryProbe {
  readonly read: RssReader;
  /** How often to sample, ms. */
  readonly intervalMs: number;
  readonly method: 'procfs' | 'ps' | 'none';
}

async function procfsRss(pid: number): Promise<number | undefined> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'latin1');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

function psRss(pid: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    execFile('ps', ['-o', 'rss=', '-p', String(pid)], { timeout: 2000, windowsHide: true }, (error, stdout) => {
      const kb = Number(String(stdout).trim());
      resolve(error || !Number.isFinite(kb) || kb <= 0 ? undefined : kb * 1024);
    });
  });
}

async function noRss(): Promise<undefined> {
  return undefined;
}

/** The best way this platform offers to watch a child's resident memory. */
export function memoryProbe(platform: NodeJS.Platform = process.platform): MemoryProbe {
  if (platform === 'linux' || platform === 'android') return { read: procfsRss, intervalMs: 40, method: 'procfs' };
  if (platform === 'win32') return { read: noRss, intervalMs: 1000, method: 'none' };
  return { read: psRss, intervalMs: 200, method: 'ps' };
}
