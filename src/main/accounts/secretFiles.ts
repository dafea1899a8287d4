// Secrets (admin secret or KS) by profile, encrypted by the operating system's keychain and kept in files of
// their own (mode 0600) beside the journal — never in it. Without real encryption available, a secret is kept in
// memory for this session only rather than written in a form anyone could read.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SecretStore } from './secretStore'

/** What the OS offers: Electron's safeStorage in the app, something equivalent in tests. */
export interface Encryptor {
  /** null when encryption is real; otherwise why not (e.g. Linux with no keyring). */
  unavailableReason(): Promise<string | null>
  encrypt(plainText: string): Promise<Buffer>
  decrypt(cipherText: Buffer): Promise<string>
}

export type SecretPersistence = 'keychain' | 'session-only'

export class SecretFiles implements SecretStore {
  private readonly sessionOnly = new Map<string, string>()

  constructor(private readonly dir: string, private readonly encryptor: Encryptor) {}

  async persistence(): Promise<SecretPersistence> {
    return (await this.encryptor.unavailableReason()) === null ? 'keychain' : 'session-only'
  }

  async get(profileId: string): Promise<string | null> {
    const held = this.sessionOnly.get(profileId)
    if (held !== undefined) return held
    let cipher: Buffer
    try {
      cipher = await readFile(this.fileOf(profileId))
    } catch {
      return null
    }
    if ((await this.encryptor.unavailableReason()) !== null) return null
    try {
      return await this.encryptor.decrypt(cipher)
    } catch {
      // Unreadable with this keychain (another machine, a reset keyring): ask the user again.
      return null
    }
  }

  async set(profileId: string, secret: string): Promise<void> {
    if ((await this.encryptor.unavailableReason()) !== null) {
      this.sessionOnly.set(profileId, secret)
      await rm(this.fileOf(profileId), { force: true })
      return
    }
    this.sessionOnly.delete(profileId)
    await mkdir(this.dir, { recursive: true, mode: 0o700 })
    await writeFile(this.fileOf(profileId), await this.encryptor.encrypt(secret), { mode: 0o600 })
  }

  async delete(profileId: string): Promise<void> {
    this.sessionOnly.delete(profileId)
    await rm(this.fileOf(profileId), { force: true })
  }

  private fileOf(profileId: string): string {
    if (!/^[A-Za-z0-9_-]{1,100}$/.test(profileId)) throw new Error('invalid profile id')
    return join(this.dir, `${profileId}.secret`)
  }
}
