// Electron's safeStorage as the secret files' encryptor; on Linux the "basic_text" backend is a hard-coded
// password, which does not count as encryption.
import { safeStorage } from 'electron'
import type { Encryptor } from '../accounts/secretFiles'

export const safeStorageEncryptor: Encryptor = {
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
