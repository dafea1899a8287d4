// Switches that make the upload path as harsh as real Kaltura where this server is kinder by default: chunk writes
// without the per-token lock, a proxy that cuts long requests, and a minimum chunk size. README "Harsher modes".
import type { ServerResponse } from 'node:http'
import type { KalturaTestServerOptions, RequestRecord, UploadModeChanges } from './api'
import { KalturaApiError } from './errors'
import { sendProxyError } from './responses'

export interface UploadModes {
  /** Direct chunk writes run unlocked and interleave; sizes are end-of-file readings, saved last-writer-wins. */
  unlockedWrites: boolean
  /** A non-final chunk smaller than this is refused (UPLOAD_TOKEN_CHUNK_TOO_SMALL); null = no minimum. */
  minimumChunkBytes: number | null
  /** A request the server takes longer than this to answer gets a 504 from the "proxy"; the server goes on. */
  proxyCutMs: number | null
}

export function modesFrom(options: KalturaTestServerOptions): UploadModes {
  return {
    unlockedWrites: options.unlockedWrites ?? false,
    minimumChunkBytes: options.minimumChunkBytes ?? null,
    proxyCutMs: options.proxyCutMs ?? null
  }
}

/** A missing key keeps the mode, null lifts it. */
export function changeModes(modes: UploadModes, changes: UploadModeChanges): void {
  if (changes.unlockedWrites !== undefined) modes.unlockedWrites = changes.unlockedWrites
  if (changes.minimumChunkBytes !== undefined) modes.minimumChunkBytes = changes.minimumChunkBytes
  if (changes.proxyCutMs !== undefined) modes.proxyCutMs = changes.proxyCutMs
}

/**
 * A proxy in front of the API (nginx's proxy_read_timeout, a load balancer's idle timeout) answers 504 when the
 * server is slow to reply, and does not stop the server: PHP runs the request to its end (a verified final chunk can
 * wait up to 45 × 1 s, kUploadTokenMgr.php:465-475). Armed once the whole request has arrived (before request hooks);
 * `answered()` says the proxy replied already, so the server's own reply goes nowhere.
 */
export function armProxyCut(modes: UploadModes, res: ServerResponse, record: RequestRecord): { answered(): boolean; disarm(): void } {
  const cutMs = modes.proxyCutMs
  let answered = false
  const timer =
    cutMs === null
      ? null
      : setTimeout(() => {
          if (res.headersSent || res.destroyed || res.socket?.destroyed !== false) return
          answered = true
          record.proxyCut = true
          sendProxyError(res, 504, '<html><head><title>504 Gateway Time-out</title></head><body><center><h1>504 Gateway Time-out</h1></center></body></html>', undefined)
        }, cutMs)
  return {
    answered: () => answered,
    disarm: () => {
      if (timer) clearTimeout(timer)
    }
  }
}

/**
 * The minimum chunk size Kaltura SaaS documents (`minimumChunkSize`) is not in open-source HEAD, so neither the check
 * nor its error is known. Modelled as a check on non-final parts after the part's own validation (the empty
 * non-final part is still dismissed first, kUploadTokenMgr.php:322-328), with an error named in the uploadToken
 * family's style (KalturaErrors.php:469-483). The final part, which may be of any size (UploadTokenService.php:76),
 * is never refused.
 */
export function checkMinimumChunk(modes: UploadModes, finalChunk: boolean, partBytes: number): void {
  const minimum = modes.minimumChunkBytes
  if (minimum === null || finalChunk || partBytes >= minimum) return
  throw new KalturaApiError('UPLOAD_TOKEN_CHUNK_TOO_SMALL', { MIN_CHUNK_SIZE: String(minimum) })
}
