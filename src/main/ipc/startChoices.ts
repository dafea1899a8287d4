// The parts of a Start request beyond the batch's details: mirrored folders and per-file edits, checked from `unknown`
// with bounds like every payload; what Kaltura would refuse in them is checked by intake/startIntake.ts.
import { arrayOf, object, str } from './validate'

// The batch's own bounds (handlers.ts batch:start); a title is held to Kaltura's 256 bytes after this.
const entryFields = object({}, { title: str({ max: 1024 }), description: str({ max: 5000 }), tags: str({ max: 2000 }), categories: str({ max: 2000 }), referenceId: str({ max: 100 }) })

/** Optional fields of batch:start's payload. */
export const START_CHOICES = {
  mirrorFoldersUnder: str({ max: 2000 }),
  // Edits come from the summary's preview; more than a scan can hold is not a summary's.
  edits: arrayOf(object({ relativePath: str({ min: 1, max: 4096 }), fields: entryFields }), 200_000)
}
