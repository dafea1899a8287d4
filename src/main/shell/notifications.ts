// Desktop notifications: a batch finished, or needs the user's attention.
import { Notification } from 'electron'
import type { BatchFinished } from '../../shared/ipc-contract'

export function notifyBatchFinished({ summary }: BatchFinished, onClick: () => void): void {
  if (!Notification.isSupported()) return
  const done = summary.done ?? 0
  const failed = summary.failed ?? 0
  const canceled = summary.canceled ?? 0
  const skipped = summary.skipped ?? 0
  const title = failed > 0 ? 'Upload batch needs attention' : 'Upload batch finished'
  const parts = [`${done} uploaded`, failed ? `${failed} failed` : '', skipped ? `${skipped} skipped` : '', canceled ? `${canceled} canceled` : ''].filter(Boolean)
  const n = new Notification({ title, body: parts.join(', ') })
  n.on('click', onClick)
  n.show()
}
