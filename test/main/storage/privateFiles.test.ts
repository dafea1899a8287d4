// What the app leaves on disk is the user's alone: the journal (with its -wal and -shm), the logs and the sealed
// secrets are 0600 in 0700 folders, even under a umask that would let everyone read them, and files an older
// version left readable are closed again.
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { openJournal } from '../../../src/main/journal/openJournal'
import { createFileLogger, Redactor } from '../../../src/main/logging/logger'
import { SecretFiles } from '../../../src/main/accounts/secretFiles'

let dir: string
let umask: number
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'kbu-private-'))
  umask = process.umask(0o000)
})
afterEach(() => {
  process.umask(umask)
  rmSync(dir, { recursive: true, force: true })
})

const modeOf = (path: string): number => statSync(path).mode & 0o777

describe('files the app writes', () => {
  it('keeps the journal, logs and secrets to the user, even with a umask of 000', async () => {
    const data = join(dir, 'data')
    const { journal } = openJournal(join(data, 'journal.db'))
    journal.saveSettings(journal.settings())
    createFileLogger({ dir: join(data, 'logs'), redactor: new Redactor() }).info('test', 'a line')
    const flip = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a))
    const secrets = new SecretFiles(join(data, 'secrets'), { unavailableReason: async () => null, encrypt: async (t) => flip(Buffer.from(t)), decrypt: async (c) => flip(c).toString() })
    await secrets.set('p1', 'a-secret-value', { serviceUrl: 'https://www.kaltura.com', partnerId: 1, authKind: 'admin-secret' })

    const folders = [data, join(data, 'logs'), join(data, 'secrets')]
    for (const folder of folders) expect(modeOf(folder), folder).toBe(0o700)
    const files = folders.flatMap((folder) => readdirSync(folder, { withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(folder, e.name)))
    expect(files.map((f) => f.slice(data.length + 1)).sort()).toEqual(expect.arrayContaining(['journal.db', 'journal.db-wal', 'logs/uploader.log', 'secrets/p1.secret']))
    for (const file of files) expect(modeOf(file), file).toBe(0o600)
    journal.close()
  })

  it('closes a journal and a log an older version left readable to everyone', () => {
    const data = join(dir, 'old')
    mkdirSync(join(data, 'logs'), { recursive: true, mode: 0o755 })
    chmodSync(data, 0o755)
    writeFileSync(join(data, 'logs', 'uploader.log'), 'old line\n', { mode: 0o644 })
    const { journal } = openJournal(join(data, 'journal.db'))
    journal.close()
    chmodSync(join(data, 'journal.db'), 0o644)
    openJournal(join(data, 'journal.db')).journal.close()
    createFileLogger({ dir: join(data, 'logs'), redactor: new Redactor() })
    expect(modeOf(data)).toBe(0o700)
    expect(modeOf(join(data, 'journal.db'))).toBe(0o600)
    expect(modeOf(join(data, 'logs'))).toBe(0o700)
    expect(modeOf(join(data, 'logs', 'uploader.log'))).toBe(0o600)
  })
})
