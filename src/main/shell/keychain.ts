// Where the desktop app keeps account secrets: sealed files encrypted by Electron's safeStorage. Without real
// encryption (none offered, or Linux's "basic_text" backend, a hard-coded password) a secret is refused, not kept.
import { safeStorage } from 'electron'
import { SecretFiles, type Encryptor } from '../accounts/secretFiles'
import type { SecretStore } from '../accounts/secretStore'

const safeStorageEncryptor: Encryptor = {
  async unavailableReason() {
    if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'the operating system offers no encryption for secrets'
    if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') return 'no keyring (GNOME Keyring or KWallet) is running'
    return null
  },
  encrypt: (plainText) => safeStorage.encryptStringAsync(plainText),
  async decrypt(cipherText) {
    return (await safeStorage.decryptStringAsync(cipherText)).result
  }
}

export function keychainSecrets(dir: string): SecretStore {
  const files = new SecretFiles(dir, safeStorageEncryptor)
  return {
    get: (profileId) => files.get(profileId),
    delete: (profileId) => files.delete(profileId),
    async set(profileId, secret) {
      // Refused rather than held for the session: the user learns now, not at the next start, that it was not saved.
      const unavailable = await safeStorageEncryptor.unavailableReason()
      if (unavailable) throw new Error(`The secret was not saved: ${unavailable}, so this computer cannot keep it safely.`)
      await files.set(profileId, secret)
    }
  }
}
