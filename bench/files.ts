// Test media for benchmarks, made at run time: random bytes (nothing compresses) or sparse files.
import { randomFillSync } from 'node:crypto'
import { open, truncate, writeFile } from 'node:fs/promises'

export async function randomFile(path: string, size: number): Promise<void> {
  const handle = await open(path, 'w')
  const block = Buffer.alloc(64 * 1024 * 1024)
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(block.length, size - written)
      randomFillSync(block, 0, n)
      await handle.write(block, 0, n, written)
      written += n
    }
  } finally {
    await handle.close()
  }
}

export async function sparseFile(path: string, size: number): Promise<void> {
  await writeFile(path, Buffer.from('sparse benchmark file'))
  await truncate(path, size)
}
