// Secrets stay secret: encrypted files of their own (mode 0600) or memory only when the OS cannot encrypt, and
// log lines with every KS and secret masked, rotated by size.
import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AccountSeal } from '../../../src/shared/accounts'
import { SecretFiles, type Encryptor } from '../../../src/main/accounts/secretFiles'
import { createFileLogger, Redactor } from '../../../src/main/logging/logger'
import { entryUrl } from '../../../src/main/ipc/entryUrl'
import { generateKsV2 } from '../../../src/main/kaltura'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kbu-secrets-'))
})
afterEach(async () => rm(dir, { recursive: true, force: true }))

/** Stands in for the OS keychain, which does not exist under plain Node: a reversible scramble. */
function encryptor(available: boolean): Encryptor {
  const flip = (b: Buffer): Buffer => Buffer.from(b.map((x) => x ^ 0x5a))
  return {
    unavailableReason: async () => (available ? null : 'no keyring is running'),
    encrypt: async (text) => flip(Buffer.from(text, 'utf8')),
    decrypt: async (cipher) => flip(cipher).toString('utf8')
  }
}

const account: AccountSeal = { serviceUrl: 'https://www.kaltura.com', partnerId: 123, authKind: 'admin-secret' }

describe('secret files', () => {
  it('keeps each secret encrypted in its own 0600 file and reads it back', async () => {
    const store = new SecretFiles(join(dir, 'secrets'), encryptor(true))
    await store.set('profile-1', 'admin-secret-value', account)
    const file = join(dir, 'secrets', 'profile-1.secret')
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect((await readFile(file)).toString('utf8')).not.toContain('admin-secret-value')
    expect(await store.get('profile-1', account)).toBe('admin-secret-value')
    expect(await new SecretFiles(join(dir, 'secrets'), encryptor(true)).get('profile-1', account)).toBe('admin-secret-value')
    await store.delete('profile-1')
    expect(await store.get('profile-1', account)).toBeNull()
  })

  it('without real encryption keeps the secret for this session only and writes nothing', async () => {
    const store = new SecretFiles(join(dir, 'secrets'), encryptor(false))
    await store.set('p', 'admin-secret-value', account)
    expect(await store.persistence()).toBe('session-only')
    expect(await store.get('p', account)).toBe('admin-secret-value')
    expect(await readdir(dir)).toEqual([])
    expect(await new SecretFiles(join(dir, 'secrets'), encryptor(false)).get('p', account)).toBeNull()
  })

  it('gives a kept secret back only for the account it was entered for', async () => {
    for (const available of [true, false]) {
      const store = new SecretFiles(join(dir, `secrets-${available}`), encryptor(available))
      await store.set('p', 'admin-secret-value', account)
      expect(await store.get('p', { ...account })).toBe('admin-secret-value')
      expect(await store.get('p', { ...account, serviceUrl: 'https://www.kaltura.com/' })).toBe('admin-secret-value')
      expect(await store.get('p', { ...account, serviceUrl: 'https://evil.example' })).toBeNull()
      expect(await store.get('p', { ...account, serviceUrl: 'http://127.0.0.1:9' })).toBeNull()
      expect(await store.get('p', { ...account, partnerId: 124 })).toBeNull()
      expect(await store.get('p', { ...account, authKind: 'ks' })).toBeNull()
      expect(await store.get('p', { ...account, authKind: 'app-token', appTokenId: '0_x' })).toBeNull()
    }
  })

  it('asks again for a secret kept before secrets were sealed, rather than guess its account', async () => {
    const store = new SecretFiles(join(dir, 'secrets'), encryptor(true))
    await store.set('p', 'admin-secret-value', account)
    const { mkdir, writeFile } = await import('node:fs/promises')
    await mkdir(join(dir, 'secrets'), { recursive: true })
    await writeFile(join(dir, 'secrets', 'p.secret'), await encryptor(true).encrypt('admin-secret-value'))
    expect(await store.get('p', account)).toBeNull()
  })

  it('keeps the secrets folder closed to other users', async () => {
    const store = new SecretFiles(join(dir, 'secrets'), encryptor(true))
    await store.set('p', 'admin-secret-value', account)
    expect((await stat(join(dir, 'secrets'))).mode & 0o777).toBe(0o700)
  })

  it('refuses profile ids that could name another path', async () => {
    const store = new SecretFiles(join(dir, 'secrets'), encryptor(true))
    await expect(store.set('../evil', 'x', account)).rejects.toThrow(/invalid profile id/)
  })
})

describe('log file', () => {
  it('masks every registered secret and KS, ks= parameters and secret fields', async () => {
    const redactor = new Redactor()
    const ks = generateKsV2('the-admin-secret', { partnerId: 1, type: 2, userId: '', privileges: '', expiresAt: 2_000_000_000 })
    redactor.add('the-admin-secret')
    redactor.add(ks)
    const log = createFileLogger({ dir, redactor })
    log.info('test', `calling with ${ks} and the-admin-secret`, { url: 'https://x/api_v3?ks=abcdef123&x=1', body: { secret: 'plain', ks: 'zzz' } })
    log.error('test', 'failed', { error: new Error(`Invalid KS "${ks}"`) })
    const text = await readFile(log.path, 'utf8')
    expect(text).not.toContain(ks)
    expect(text).not.toContain('the-admin-secret')
    expect(text).not.toContain('abcdef123')
    expect(text).not.toContain('"plain"')
    expect(text).toContain('[redacted]')
    expect(text.trim().split('\n')).toHaveLength(2)
  })

  it('rotates by size, keeping a bounded number of files', async () => {
    const log = createFileLogger({ dir, redactor: new Redactor(), maxBytes: 1000, maxFiles: 3 })
    for (let i = 0; i < 100; i++) log.info('test', `line ${i} ${'x'.repeat(50)}`)
    const files = (await readdir(dir)).sort()
    expect(files).toEqual(['uploader.log', 'uploader.log.1', 'uploader.log.2'])
    for (const f of files) expect((await stat(join(dir, f))).size).toBeLessThanOrEqual(1000)
    expect(await readFile(join(dir, 'uploader.log'), 'utf8')).toContain('line 99')
  })
})

describe('entry links', () => {
  it('point at the console for SaaS and beside the API for self-hosted, and refuse anything but an entry id', () => {
    expect(entryUrl('https://www.kaltura.com', '0_abcd1234')).toBe('https://kmc.kaltura.com/index.php/kmcng/content/entries/entry/0_abcd1234/metadata')
    expect(entryUrl('https://video.example.edu/', '1_zz')).toBe('https://video.example.edu/index.php/kmcng/content/entries/entry/1_zz/metadata')
    expect(() => entryUrl('https://www.kaltura.com', '../../evil')).toThrow(/not an entry id/)
  })
})
