// The one door to main: `window.uploader` when the preload provided it, and a call wrapper that always yields a Result.
import type { Result, UploaderApi } from '../../shared/ipc-contract'

export const NOT_CONNECTED = 'Not connected to the uploader engine.'

export function uploader(): UploaderApi | null {
  return typeof window !== 'undefined' && window.uploader ? window.uploader : null
}

/** Runs one request; a missing bridge or a broken transport becomes an ordinary failed Result. */
export async function ask<T>(call: (api: UploaderApi) => Promise<Result<T>>): Promise<Result<T>> {
  const api = uploader()
  if (!api) return { ok: false, code: 'not-connected', message: NOT_CONNECTED }
  try {
    return await call(api)
  } catch (err) {
    return { ok: false, code: 'transport', message: `The uploader engine did not answer: ${err instanceof Error ? err.message : String(err)}` }
  }
}
