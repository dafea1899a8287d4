// The test server's records on disk: one JSON file each, replaced atomically so a kill never leaves half a file.
import { randomBytes } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'

async function writeAtomically(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`
  await writeFile(temporary, content)
  await rename(temporary, path)
}

/** The parsed file, or undefined when it is missing or not JSON. */
export async function readJson<T>(path: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as T
  } catch {
    return undefined
  }
}

/** Writes chained per file: each snapshots its record when it runs, so the last write holds the latest state. */
export class ChainedWrites {
  private readonly writes = new Map<string, Promise<void>>()

  write(path: string, snapshot: () => string): Promise<void> {
    const previous = this.writes.get(path) ?? Promise.resolve()
    const next = previous.catch(() => undefined).then(() => writeAtomically(path, snapshot()))
    this.writes.set(path, next)
    const forget = (): void => {
      if (this.writes.get(path) === next) this.writes.delete(path)
    }
    next.then(forget, forget)
    return next
  }

  /** Waits for every queued write. */
  async flush(): Promise<void> {
    while (this.writes.size > 0) await Promise.allSettled([...this.writes.values()])
  }
}
