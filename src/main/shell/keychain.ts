// Where the desktop app keeps account secrets: sealed files encrypted by Electron's safeStorage. Without real
// encryption (none offered, or Linux's "basic_text" backend, a hard-coded password) a secret is never written.
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

/** Sealed files where the keychain is real; otherwise each secret is held for this session only and written nowhere
 * (issue 10 makes the window say so). */
export function keychainSecrets(dir: string): SecretStore {
  return new SecretFiles(dir, safeStorageEncryptor)
}
