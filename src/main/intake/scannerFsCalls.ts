// The scan's file-system calls as values: a failure comes back as an outcome to report, a cancel throws.
import { promises as fs, type Stats } from 'node:fs'

export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown }

/** One file-system call whose failure comes back as a value; a cancelled scan throws instead. */
export async function attempt<T>(signal: AbortSignal | undefined, call: () => Promise<T>): Promise<Outcome<T>> {
  throwIfAborted(signal)
  let outcome: Outcome<T>
  try {
    outcome = { ok: true, value: await call() }
  } catch (error) {
    outcome = { ok: false, error }
  }
  throwIfAborted(signal)
  return outcome
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted === true) throw new DOMException('The scan was cancelled', 'AbortError')
}

/** (dev, ino) names a real file or folder; where the platform reports ino 0, its real path stands in. */
export async function identityOf(signal: AbortSignal | undefined, itemPath: string, stats: Stats): Promise<string> {
  if (stats.ino !== 0) return `${stats.dev}:${stats.ino}`
  const real = await attempt(signal, () => fs.realpath(itemPath))
  return `path:${real.ok ? real.value : itemPath}`
}
