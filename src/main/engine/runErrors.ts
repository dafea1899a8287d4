// How a file run ends early, and the message a user sees for each failure: stop reasons, the errors that steer
// a run (start over, verify again, fail for good), and the small helpers that read Kaltura errors for the retry policy.
import { KalturaTransportError, SourceFileError, systemErrorCodes, type KalturaFailure } from '../kaltura'
import { fileErrorKind, fileProblemMessage, problemOfFsError, type FileProblem } from '../intake/fileProblems'
import type { FileError } from '../../shared/uploads'

/** Why a run stopped early; the run's state in the journal stays resumable. */
export type StopReason = 'pause' | 'suspend' | 'shutdown' | 'cancel'

export class RunStopped extends Error {
  override readonly name = 'RunStopped'
  constructor(readonly reason: StopReason) {
    super(`stopped: ${reason}`)
  }
}

/** The file failed for good (until the user retries); the message is for the user. */
export class FileFailure extends Error {
  override readonly name = 'FileFailure'
  constructor(readonly fileError: FileError) {
    super(fileError.message)
  }
}

/** The source file is gone, replaced, changed or unreadable: the one wording, whoever noticed it. */
export function fileFailure(problem: FileProblem): FileFailure {
  return new FileFailure({ kind: fileErrorKind(problem), message: fileProblemMessage(problem) })
}

/** The token can no longer be used: start over with a new one. */
export class TokenLost extends Error {
  override readonly name = 'TokenLost'
}

/** The server's state must be read again before going on (a lost final reply, a chunk refused by status). */
export class VerifyAgain extends Error {
  override readonly name = 'VerifyAgain'
}

/** Resolves as `promise` does, or rejects with the signal's reason as soon as the run is stopped. */
export function untilStopped<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason)
    signal.addEventListener('abort', onAbort, { once: true })
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort))
  })
}

const OFFLINE_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'ENETDOWN', 'EHOSTDOWN', 'UND_ERR_CONNECT_TIMEOUT'])

/** True when a failure says the server cannot be reached at all, rather than that it misbehaved. */
export function isOffline(err: unknown): boolean {
  return err instanceof KalturaTransportError && err.reason === 'network' && systemErrorCodes(err).some((code) => OFFLINE_CODES.has(code))
}

export function retryAfter(err: unknown): { retryAfterSeconds?: number } {
  return err instanceof KalturaTransportError && err.retryAfterSeconds !== undefined ? { retryAfterSeconds: err.retryAfterSeconds } : {}
}

export function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err)
}


/** The message a user sees for a failure that will not be retried. */
export function userError(failure: KalturaFailure, err: unknown): FileError {
  const code = (err as { code?: unknown }).code
  const withCode = typeof code === 'string' ? { code } : {}
  switch (failure) {
    case 'session':
    case 'credentials':
      // SERVICE_FORBIDDEN after a fresh KS is the role, not the secret (KalturaBaseService.php:156): say which.
      if (code === 'SERVICE_FORBIDDEN') {
        return { kind: 'auth', message: `Kaltura refused this account's role a call the uploader needs: ask a Kaltura administrator for a role that may upload (see README, Compatibility). (${describe(err)})`, ...withCode }
      }
      return { kind: 'auth', message: `Kaltura refused the session: check the partner id and the admin secret or KS. (${describe(err)})`, ...withCode }
    case 'source-file': {
      // Read from the handle the chunk opened: the file was truncated or the disk failed while it was read.
      const problem: FileProblem = err instanceof SourceFileError && err.reason === 'changed' ? { kind: 'changed' } : problemOfFsError((err as { cause?: unknown }).cause)
      return fileFailure(problem).fileError
    }
    case 'transient':
      return { kind: 'retries-exhausted', message: `Gave up after repeated failures: ${describe(err)}`, ...withCode }
    default:
      return { kind: 'api', message: describe(err), ...withCode }
  }
}

export function unexpectedError(err: unknown): FileError {
  return { kind: 'api', message: `Unexpected error: ${describe(err)}` }
}

/** Why an entry was left out of one of its categories; the file itself is uploaded. */
export type CategoryShortfall =
  | { kind: 'may-not-look' }
  | { kind: 'may-not-create' }
  | { kind: 'may-not-assign' }
  | { kind: 'not-contributor' }
  | { kind: 'gone' }
  | { kind: 'too-many' }
  | { kind: 'refused'; message: string }

/** The row's notice for the categories an entry could not be put in: one wording, one sentence for them all. */
export function categoryNotice(missed: ReadonlyArray<{ fullName: string; shortfall: CategoryShortfall }>): string {
  const parts = missed.map(({ fullName, shortfall }) => `not put in category '${fullName}': ${categoryShortfallReason(shortfall)}`)
  return `Uploaded; ${parts.join('; ')}.`
}

function categoryShortfallReason(shortfall: CategoryShortfall): string {
  switch (shortfall.kind) {
    case 'may-not-look':
      return 'this account may not look up categories'
    case 'may-not-create':
      return 'it does not exist and this account may not create categories'
    case 'may-not-assign':
      return 'this account may not put entries in categories'
    case 'not-contributor':
      return 'this account may not add entries to it'
    case 'gone':
      return 'it was deleted on Kaltura meanwhile'
    case 'too-many':
      return 'the entry is already in the most categories Kaltura allows (32)'
    case 'refused':
      return `Kaltura refused (${shortfall.message.replace(/[.\s]+$/, '')})`
  }
}

/** Why a caption file did not become a caption asset; the video itself is uploaded. */
export type CaptionShortfall =
  | { kind: 'may-not-add' }
  | { kind: 'file'; fileName: string; problem: FileProblem }
  | { kind: 'unreadable' }
  | { kind: 'refused'; message: string }

/** A caption's own message, for its row in the journal and the details view. */
export function captionFailureMessage(shortfall: CaptionShortfall): string {
  switch (shortfall.kind) {
    case 'may-not-add':
      return 'this account may not add captions (its role lacks CAPTION_MODIFY)'
    case 'file':
      return captionFileReason(shortfall.fileName, shortfall.problem)
    case 'unreadable':
      return 'Kaltura could not read it as captions of its format'
    case 'refused':
      return `Kaltura refused (${shortfall.message.replace(/[.\s]+$/, '')})`
  }
}

function captionFileReason(fileName: string, problem: FileProblem): string {
  switch (problem.kind) {
    case 'gone':
      return `the caption file ${fileName} was deleted or moved after it was queued`
    case 'replaced':
    case 'changed':
      return `the caption file ${fileName} changed after it was queued`
    case 'unreadable':
      return `the caption file ${fileName} can no longer be read (${problem.code})`
  }
}

/** The row's notice for captions left out, after whatever the entry's notice already says (its categories). */
export function captionNotice(existing: string | null, missed: ReadonlyArray<{ language: string; shortfall: CaptionShortfall }>): string {
  const part = `${missed.map(({ language, shortfall }) => `${language} captions not added: ${captionFailureMessage(shortfall)}`).join('; ')}`
  if (existing?.startsWith('Uploaded; ')) return `${existing.replace(/\.$/, '')}; ${part}.`
  return `${existing ? `${existing} ` : ''}Uploaded; ${part}.`
}
