// At Start, what each file brings beyond its bytes: its entry details layered as shared/entryFields.ts says (its
// mirrored folder, then the metadata sheet, then the user's edit; each later one wins field by field), and its caption
// files as they are on disk now. The app's batch:start, the command and a watch folder all queue through this.
//
// Mirrored folders ADD to the batch's categories: a file keeps the batch's categories and gains its folder's. A sheet's
// or an edit's categories REPLACE both, because they name the file's categories outright.
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { layerEntryFields, type EntryFields } from '../../shared/entryFields'
import { categoryForFolder } from '../../shared/folderCategories'
import type { BatchMetadata } from '../../shared/uploads'
import type { NewCaption } from '../journal/journal'
import type { BatchIntake } from './batchIntake'
import type { CaptionFile } from './captionFiles'
import { MAX_TITLE_BYTES } from './metadataSheet'
import type { FileIntake } from './enqueue'
import type { ScannedFile } from './scanner'

export interface StartChoices {
  metadata: BatchMetadata
  /** Each file's folder as a category under this parent full name ("" at the root); absent: no mirroring. */
  mirrorFoldersUnder?: string | undefined
  /** The user's own values for some files, by relative path. */
  edits?: ReadonlyArray<{ relativePath: string; fields: EntryFields }> | undefined
}

type StartFile = Pick<ScannedFile, 'path' | 'relativePath'>

// A few at a time: a stat each, small next to the fingerprints Start reads anyway.
const STATS_IN_FLIGHT = 16

/** Why the batch cannot start with these choices (a parent Kaltura would rename, an edited title too long), or null. */
export function startChoicesProblem(choices: Omit<StartChoices, 'metadata'>): string | null {
  if (choices.mirrorFoldersUnder !== undefined) {
    const checked = categoryForFolder(choices.mirrorFoldersUnder, '')
    if (!checked.ok) return checked.message
  }
  for (const { relativePath, fields } of choices.edits ?? []) {
    const bytes = Buffer.byteLength(fields.title ?? '')
    if (bytes > MAX_TITLE_BYTES) return `The title given to ${relativePath} is ${bytes} bytes long; Kaltura keeps ${MAX_TITLE_BYTES} bytes (UTF-8) of an entry name.`
  }
  return null
}

/** Each file's own details, captions and notice, by path; files with none of them are left out. */
export async function intakeForStart(intake: BatchIntake | undefined, files: readonly StartFile[], choices: StartChoices): Promise<Map<string, FileIntake>> {
  const edits = new Map((choices.edits ?? []).map((edit) => [edit.relativePath, edit.fields]))
  const mirror = choices.mirrorFoldersUnder === undefined ? null : folderMirror(choices.mirrorFoldersUnder, choices.metadata)
  const perFile = new Map<string, FileIntake>()
  await forEachLimited(files, STATS_IN_FLIGHT, async (file) => {
    const mirrored = mirror?.(file.relativePath)
    const fields = layerEntryFields(mirrored?.fields, intake?.fields.get(file.path), edits.get(file.relativePath))
    const { captions, notices } = await captionsOnDisk(intake?.captions.get(file.path) ?? [])
    const notice = [mirrored?.notice, ...notices].filter((text) => text !== undefined).join(' ')
    const own: FileIntake = {
      ...(Object.keys(fields).length > 0 ? { entryFields: fields } : {}),
      ...(captions.length > 0 ? { captions } : {}),
      ...(notice !== '' ? { notice } : {})
    }
    if (Object.keys(own).length > 0) perFile.set(file.path, own)
  })
  return perFile
}

/** The mirrored layer for a file, worked out once per folder. */
function folderMirror(parent: string, metadata: BatchMetadata): (relativePath: string) => { fields?: EntryFields; notice?: string } {
  const batchCategories = splitCategories(metadata.categories)
  const byFolder = new Map<string, { fields?: EntryFields; notice?: string }>()
  return (relativePath) => {
    const folder = path.posix.dirname(relativePath.replace(/\\/g, '/'))
    let layer = byFolder.get(folder)
    if (!layer) {
      const mirrored = categoryForFolder(parent, folder)
      // Never a renamed category: Kaltura would turn "<" or "," into "_" and the user would find a category they never made.
      if (!mirrored.ok) layer = { notice: `Not put in a category for its folder: ${mirrored.message}.` }
      else if (mirrored.fullName === '') layer = {}
      else layer = { fields: { categories: [...new Set([mirrored.fullName, ...batchCategories])].join(',') } }
      byFolder.set(folder, layer)
    }
    return layer
  }
}

function splitCategories(categories: string | undefined): string[] {
  return (categories ?? '').split(',').map((name) => name.trim()).filter((name) => name !== '')
}

/** The caption files still there, with the size and time the engine checks again before sending each. */
async function captionsOnDisk(matched: readonly CaptionFile[]): Promise<{ captions: NewCaption[]; notices: string[] }> {
  const captions: NewCaption[] = []
  const notices: string[] = []
  for (const caption of matched) {
    const name = path.basename(caption.captionPath)
    const stats = await stat(caption.captionPath).catch((err: NodeJS.ErrnoException) => err)
    if (stats instanceof Error) notices.push(`The ${caption.language} captions (${name}) were not sent: ${stats.code === 'ENOENT' ? 'the file is gone' : `it could not be read (${stats.code ?? stats.message})`}.`)
    else if (!stats.isFile() || stats.size === 0) notices.push(`The ${caption.language} captions (${name}) were not sent: the file is empty or not a regular file.`)
    else captions.push({ path: caption.captionPath, language: caption.language, format: caption.format, size: stats.size, mtimeMs: stats.mtimeMs })
  }
  return { captions, notices }
}

async function forEachLimited<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}
