// What a scan's companions give its media files: each file's own values from the metadata sheets above it, and the
// caption files beside it. Read once after the walk (the summary shows it, the scan cache keeps it), then applied at
// Start with the mirrored folder and the user's edits (startIntake.ts). The app, the command and a watch folder all
// read it here, so a sheet means the same thing wherever the files come from.
import { open } from 'node:fs/promises'
import path from 'node:path'
import type { EntryFields } from '../../shared/entryFields'
import type { ScanSummary } from '../../shared/ipc-contract'
import { matchCaptionFiles, type CaptionFile } from './captionFiles'
import { parseMetadataSheet, type FileMetadata, type SheetProblem } from './metadataSheet'
import type { Companion, ScannedFile } from './scanner'
import { errnoCode } from './scannerSkips'

/** Far above a sheet for 100,000 files with long descriptions; a bigger file is not a sheet someone wrote. */
const MAX_SHEET_BYTES = 64 * 1024 * 1024

export interface IntakeOptions {
  /** A sheet named on purpose (the command's --metadata): read after the found ones, so its values win; the files it
   * names are relative to its own folder. */
  sheetPath?: string
  /** A KalturaLanguage value for caption files whose name says no language (`talk.vtt`); without it they are skipped. */
  captionLanguage?: string
  signal?: AbortSignal
}

export interface SheetRead {
  path: string
  /** Relative to what was dropped; a sheet named on purpose: its path as given. */
  relativePath: string
  /** How many files of the scan it gives values. */
  applied: number
  /** Line-numbered, in line order; line 0 is the sheet as a whole. */
  problems: SheetProblem[]
}

export interface BatchIntake {
  /** Shallower folders first, a sheet named on purpose last: the order their values are layered in. */
  sheets: SheetRead[]
  /** What the sheets give each media file, by its path; a deeper sheet's value wins over one above it. */
  fields: ReadonlyMap<string, EntryFields>
  /** The caption files matched to each video or audio file, by its path. */
  captions: ReadonlyMap<string, readonly CaptionFile[]>
  captionsMatched: number
  /** Caption files left out, with why, by their path relative to what was dropped. */
  captionsSkipped: Array<{ relativePath: string; reason: string }>
}

type IntakeScan = { files: readonly ScannedFile[]; companions: readonly Companion[] }

/** Reads every sheet of the scan (and the one named on purpose) and pairs its caption files with their videos. */
export async function readIntake(scan: IntakeScan, options: IntakeOptions = {}): Promise<BatchIntake> {
  const fields = new Map<string, EntryFields>()
  const sheets: SheetRead[] = []
  for (const sheet of sheetsToRead(scan, options.sheetPath)) {
    options.signal?.throwIfAborted()
    const named = sheet.purpose ? filesNamedFrom(scan.files, sheet.folder) : filesBelow(scan.files, sheet.folder)
    const { files, problems } = await readSheet(sheet.path, [...named.keys()])
    for (const line of files) {
      const file = named.get(line.file)!
      fields.set(file, { ...fields.get(file), ...fieldsOf(line) })
    }
    sheets.push({ path: sheet.path, relativePath: sheet.relativePath, applied: files.length, problems })
  }
  return { sheets, fields, ...matchCaptions(scan, options.captionLanguage) }
}

/** What the summary shows of one file: the sheets' values and its captions' languages. */
export function intakeOf(intake: BatchIntake | undefined, filePath: string): { fields: EntryFields; captions: string[] } {
  return { fields: intake?.fields.get(filePath) ?? {}, captions: (intake?.captions.get(filePath) ?? []).map((caption) => caption.language) }
}

/** The sheets and captions part of the scan summary. */
export function intakeSummary(intake: BatchIntake): Pick<ScanSummary, 'sheets' | 'captions'> {
  return {
    sheets: intake.sheets.map((sheet) => ({ relativePath: sheet.relativePath, applied: sheet.applied, problems: sheet.problems })),
    captions: { matched: intake.captionsMatched, skipped: intake.captionsSkipped }
  }
}

/** Every line of every sheet that was refused, worded for a terminal: "Physics/kaltura-metadata.csv: line 3: …". */
export function sheetProblemLines(intake: BatchIntake): string[] {
  return intake.sheets.flatMap((sheet) => sheet.problems.map((problem) => `${sheet.relativePath}: ${problem.message}`))
}

interface SheetToRead {
  path: string
  folder: string
  relativePath: string
  purpose: boolean
}

function sheetsToRead(scan: IntakeScan, sheetPath: string | undefined): SheetToRead[] {
  const purpose = sheetPath === undefined ? undefined : path.resolve(sheetPath)
  const found = scan.companions
    .filter((companion) => companion.kind === 'sheet' && companion.path !== purpose)
    .map((companion) => ({ path: companion.path, folder: path.dirname(companion.path), relativePath: companion.relativePath, purpose: false }))
    .sort((a, b) => depth(a.folder) - depth(b.folder))
  return purpose === undefined ? found : [...found, { path: purpose, folder: path.dirname(purpose), relativePath: sheetPath!, purpose: true }]
}

function depth(folder: string): number {
  return folder.split(path.sep).length
}

/** The files in a sheet's folder or below it, by their path relative to that folder ("Week 1/talk.mp4"). */
function filesBelow(files: readonly ScannedFile[], folder: string): Map<string, string> {
  const prefix = folder.endsWith(path.sep) ? folder : folder + path.sep
  return new Map(files.filter((file) => file.path.startsWith(prefix)).map((file) => [toSlashes(file.path.slice(prefix.length)), file.path]))
}

/** A sheet named on purpose may sit beside the folders rather than in them: "../videos/talk.mp4" names a file too. */
function filesNamedFrom(files: readonly ScannedFile[], folder: string): Map<string, string> {
  return new Map(files.map((file) => [toSlashes(path.relative(folder, file.path)), file.path]))
}

function toSlashes(relative: string): string {
  return relative.split(path.sep).join('/')
}

/** Reads a sheet, bounded and on an open handle: a sheet swapped for a pipe or a huge file is refused, not waited on. */
async function readSheet(sheetPath: string, mediaFiles: readonly string[]): Promise<{ files: FileMetadata[]; problems: SheetProblem[] }> {
  const refused = (message: string): { files: FileMetadata[]; problems: SheetProblem[] } => ({ files: [], problems: [{ line: 0, message }] })
  const name = path.basename(sheetPath)
  let handle
  try {
    handle = await open(sheetPath, 'r')
  } catch (err) {
    return refused(`${name} could not be opened: ${fsWords(err)}`)
  }
  try {
    const stats = await handle.stat()
    if (!stats.isFile()) return refused(`${name} is not a regular file`)
    if (stats.size > MAX_SHEET_BYTES) return refused(`${name} is ${stats.size} bytes; a metadata sheet may be at most ${MAX_SHEET_BYTES} bytes`)
    return parseMetadataSheet(await handle.readFile(), mediaFiles)
  } catch (err) {
    return refused(`${name} could not be read: ${fsWords(err)}`)
  } finally {
    await handle.close()
  }
}

function fsWords(err: unknown): string {
  const code = errnoCode(err)
  if (code === 'ENOENT') return 'there is no such file'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  return code ?? (err instanceof Error ? err.message : String(err))
}

/** A sheet line as entry fields: lists as Kaltura's comma-separated fields, only what the line gives. */
function fieldsOf(line: FileMetadata): EntryFields {
  const out: EntryFields = {}
  if (line.title !== undefined) out.title = line.title
  if (line.description !== undefined) out.description = line.description
  if (line.tags !== undefined) out.tags = line.tags.join(',')
  if (line.categories !== undefined) out.categories = line.categories.join(',')
  if (line.referenceId !== undefined) out.referenceId = line.referenceId
  return out
}

/** Pairs caption files folder by folder (a caption only ever goes with a video beside it). */
function matchCaptions(scan: IntakeScan, captionLanguage: string | undefined): Pick<BatchIntake, 'captions' | 'captionsMatched' | 'captionsSkipped'> {
  const byFolder = new Map<string, { videos: string[]; captions: string[] }>()
  const folderOf = (file: string): { videos: string[]; captions: string[] } => {
    const folder = path.dirname(file)
    let entry = byFolder.get(folder)
    if (!entry) byFolder.set(folder, (entry = { videos: [], captions: [] }))
    return entry
  }
  // The walk's order (by path, naturally), kept for the skipped ones.
  const relative = new Map<string, { relativePath: string; order: number }>()
  scan.companions.forEach((companion, order) => {
    if (companion.kind !== 'caption') return
    folderOf(companion.path).captions.push(companion.path)
    relative.set(companion.path, { relativePath: companion.relativePath, order })
  })
  // Captions go on video and audio entries only: captionAsset.add refuses any other (CaptionAssetService.php:89-91).
  for (const file of scan.files) if (file.kind !== 'image' && byFolder.has(path.dirname(file.path))) folderOf(file.path).videos.push(file.path)
  const captions = new Map<string, CaptionFile[]>()
  const skipped: Array<{ relativePath: string; reason: string; order: number }> = []
  let captionsMatched = 0
  for (const { videos, captions: found } of byFolder.values()) {
    const matching = matchCaptionFiles(videos, found, captionLanguage === undefined ? {} : { defaultLanguage: captionLanguage })
    for (const caption of matching.captions) captions.set(caption.videoPath, [...(captions.get(caption.videoPath) ?? []), caption])
    captionsMatched += matching.captions.length
    for (const left of matching.skipped) skipped.push({ ...relative.get(left.captionPath)!, reason: left.reason })
  }
  const captionsSkipped = skipped.sort((a, b) => a.order - b.order).map(({ relativePath, reason }) => ({ relativePath, reason }))
  return { captions, captionsMatched, captionsSkipped }
}
