// The one wording for a source file that is gone, replaced, changed or unreadable, wherever it is noticed: when
// the batch is queued, before a chunk is read, or while one is read.
import type { FileErrorKind } from '../../shared/uploads'

export type FileProblem =
  | { kind: 'gone' }
  | { kind: 'replaced' }
  | { kind: 'changed'; sizeBefore?: number; sizeNow?: number }
  | { kind: 'unreadable'; code: string }

/** When the problem was noticed: between the pick and the queue, or after the file was queued. */
export type FileMoment = 'chosen' | 'queued'

export function fileProblemMessage(problem: FileProblem, moment: FileMoment = 'queued'): string {
  const after = `after it was ${moment}`
  switch (problem.kind) {
    case 'gone':
      return `The file was deleted or moved ${after}.`
    case 'replaced':
      return `The file was replaced by another file with the same name ${after}.`
    case 'changed': {
      const sizes = problem.sizeBefore !== undefined && problem.sizeNow !== undefined ? ` (size ${problem.sizeBefore} → ${problem.sizeNow} bytes)` : ''
      return `The file changed ${after}${sizes}; it was not finished with mixed content.`
    }
    case 'unreadable':
      return `The file can no longer be read (${problem.code}).`
  }
}

/** The kind of file error a user sees for a problem. */
export function fileErrorKind(problem: FileProblem): FileErrorKind {
  return problem.kind === 'unreadable' ? 'file-unreadable' : 'file-changed'
}

/** What a failed open, stat or read of the file means. */
export function problemOfFsError(err: unknown): FileProblem {
  const code = typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string' ? err.code : undefined
  if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'gone' }
  return { kind: 'unreadable', code: code ?? 'error' }
}
