// Secrets (app token, admin secret or KS) by profile, sealed with their account and encrypted by the operating
// system's keychain, in files of their own (mode 0600, folder 0700) beside the journal — never in it. Without real
// encryption available, a secret is kept in memory for this session only rather than written in a form anyone
// could read.
import { readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { sealKey, type AccountSeal } from '../../shared/accounts'
import { ensurePrivateFolder, PRIVATE_FILE_MODE } from '../storage/privateFiles'
import type { SecretPersistence, SecretStore } from './secretStore'

/** What the OS offers: Electron's safeStorage in the app, something equivalent in tests. */
export interface Encryptor {
  /** null when encryption is real; otherwise why not (e.g. Linux with no keyring). */
  unavailableReason(): Promise<string | null>
  encrypt(plainText: string): Promise<Buffer>
  decrypt(cipherText: Buffer): Promise<string>
}

/** What a sealed file holds once decrypted: the seal travels inside the encryption, so it cannot be swapped. */
interface Sealed {
  seal: string
  secret: string
}

export class SecretFiles implements SecretStore {
  private readonly sessionOnly = new Map<string, Sealed>()

  constructor(private readonly dir: string, private readonly encryptor: Encryptor) {}

  async persistence(): Promise<SecretPersistence> {
    return (await this.encryptor.unavailableReason()) === null ? 'keychain' : 'session-only'
  }

  async get(profileId: string, seal: AccountSeal): Promise<string | null> {
    const sealed = await this.read(profileId)
    return sealed && sealed.seal === sealKey(seal) ? sealed.secret : null
  }

  private async read(profileId: string): Promise<Sealed | null> {
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
      const parsed: unknown = JSON.parse(await this.encryptor.decrypt(cipher))
      if (isSealed(parsed)) return parsed
    } catch {
      // Unreadable with this keychain (another machine, a reset keyring), or written before secrets were sealed.
    }
    // Either way the user is asked again, rather than the secret being used for an account it was not sealed to.
    return null
  }

  async set(profileId: string, secret: string, seal: AccountSeal): Promise<void> {
    const sealed: Sealed = { seal: sealKey(seal), secret }
    if ((await this.encryptor.unavailableReason()) !== null) {
      this.sessionOnly.set(profileId, sealed)
      await rm(this.fileOf(profileId), { force: true })
      return
    }
    this.sessionOnly.delete(profileId)
    ensurePrivateFolder(this.dir)
    await writeFile(this.fileOf(profileId), await this.encryptor.encrypt(JSON.stringify(sealed)), { mode: PRIVATE_FILE_MODE })
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

function isSealed(value: unknown): value is Sealed {
  return typeof value === 'object' && value !== null && typeof (value as Sealed).seal === 'string' && typeof (value as Sealed).secret === 'string'
}
