// The metadata sheet: a CSV named kaltura-metadata.csv beside the videos gives files their own title, description,
// tags, categories and referenceId. Every problem is reported with its line; a line with any problem is applied not
// at all, and a header that cannot be trusted refuses the whole sheet, so nothing ever lands on the wrong file.
import { readFile } from 'node:fs/promises'
import { parseCsv, type CsvRecord } from './csvRecords'
import { categoryNameProblem, CATEGORY_SEPARATOR } from '../../shared/folderCategories'

/** The one file name the scan looks for, in the dropped folder. */
export const METADATA_SHEET_NAME = 'kaltura-metadata.csv'
/** The columns, in any order and any case; only `file` is required. */
export const SHEET_COLUMNS = ['file', 'title', 'description', 'tags', 'categories', 'referenceId'] as const
type SheetColumn = (typeof SHEET_COLUMNS)[number]
/** Between several categories in one cell: "Lectures>2026;Physics>Week 1" (a comma is not allowed in a category name). */
export const CATEGORY_LIST_SEPARATOR = ';'
/** entry::MAX_NAME_LEN (entry.php:147): the name column holds 256 bytes; Kaltura moves the rest aside. */
export const MAX_TITLE_BYTES = 256
/** entry::MAX_CATEGORIES_PER_ENTRY (entry.php:105). */
export const MAX_CATEGORIES_PER_FILE = 32
/** KalturaBaseEntry::validateForInsert (KalturaBaseEntry.php:596). */
const MIN_REFERENCE_ID_LENGTH = 2

export interface FileMetadata {
  /** As listed in the sheet, relative to its folder with "/" between levels. */
  file: string
  line: number
  title?: string
  description?: string
  tags?: string[]
  /** Full names, "Lectures>2026". */
  categories?: string[]
  referenceId?: string
}

export interface SheetProblem {
  /** 0 when the problem is the file as a whole (not UTF-8). */
  line: number
  message: string
}

export interface MetadataSheet {
  /** The lines applied: which file gets which values. */
  files: FileMetadata[]
  /** Every line refused, and why. */
  problems: SheetProblem[]
}

/** Reads the sheet at `sheetPath`; `mediaFiles` are the media files it may name, relative to its folder. */
export async function readMetadataSheet(sheetPath: string, mediaFiles: readonly string[]): Promise<MetadataSheet> {
  return parseMetadataSheet(await readFile(sheetPath), mediaFiles)
}

export function parseMetadataSheet(content: Uint8Array, mediaFiles: readonly string[]): MetadataSheet {
  let text: string
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(content)
  } catch {
    return refused(0, `${METADATA_SHEET_NAME} is not UTF-8 text; save it as "CSV UTF-8"`)
  }
  const { records, errors } = parseCsv(text)
  const problems: SheetProblem[] = errors.map((error) => ({ line: error.line, message: `line ${error.line}: ${error.message}` }))
  const [header, ...rows] = records
  if (!header) return { files: [], problems: problems.length > 0 ? problems : [{ line: 0, message: `${METADATA_SHEET_NAME} is empty` }] }
  // A broken first line would make a data row the header: nothing after it can be trusted.
  const beforeHeader = problems.find((problem) => problem.line < header.line)
  if (beforeHeader) return refused(beforeHeader.line, `${beforeHeader.message}; the header could not be read, so the sheet was not applied`)
  const columns = headerColumns(header)
  if ('message' in columns) return refused(header.line, columns.message)
  const known = new Map(mediaFiles.map((file) => [normalizedPath(file), file]))
  const candidates = rows.map((row) => readRow(row, columns, known))
  const linesByFile = new Map<string, number[]>()
  for (const candidate of candidates) {
    if ('file' in candidate) linesByFile.set(candidate.file, [...(linesByFile.get(candidate.file) ?? []), candidate.line])
  }
  const files: FileMetadata[] = []
  for (const candidate of candidates) {
    if ('problems' in candidate) {
      problems.push(...candidate.problems)
      continue
    }
    const others = (linesByFile.get(candidate.file) ?? []).filter((line) => line !== candidate.line)
    if (others.length === 0) files.push(candidate)
    else problems.push({ line: candidate.line, message: `line ${candidate.line}: '${candidate.file}' also has a row on line ${others.join(', ')}; none of them was applied` })
  }
  problems.sort((a, b) => a.line - b.line)
  return { files, problems }
}

type Columns = ReadonlyMap<SheetColumn, number> & { readonly width: number }

function headerColumns(header: CsvRecord): (Map<SheetColumn, number> & { width: number }) | { message: string } {
  const columns = Object.assign(new Map<SheetColumn, number>(), { width: header.fields.length })
  const line = `line ${header.line}`
  for (const [index, raw] of header.fields.entries()) {
    const name = raw.trim()
    const column = SHEET_COLUMNS.find((candidate) => candidate.toLowerCase() === name.toLowerCase())
    if (name === '') return { message: `${line}: column ${index + 1} of the header has no name; the sheet was not applied` }
    if (!column) return { message: `${line}: unknown column '${name}' (the columns are ${SHEET_COLUMNS.join(', ')}); the sheet was not applied` }
    if (columns.has(column)) return { message: `${line}: the column '${column}' appears twice; the sheet was not applied` }
    columns.set(column, index)
  }
  if (!columns.has('file')) return { message: `${line}: the header has no 'file' column; the sheet was not applied` }
  return columns
}

function readRow(row: CsvRecord, columns: Columns, known: ReadonlyMap<string, string>): FileMetadata | { problems: SheetProblem[] } {
  const at = `line ${row.line}`
  if (row.fields.length !== columns.width) {
    return { problems: [{ line: row.line, message: `${at}: ${row.fields.length} values but the header names ${columns.width} columns` }] }
  }
  const cell = (column: SheetColumn): string | undefined => {
    const index = columns.get(column)
    const value = index === undefined ? undefined : row.fields[index]?.trim()
    return value === '' ? undefined : value
  }
  const messages: string[] = []
  const listed = cell('file')
  const file = listed === undefined ? undefined : known.get(normalizedPath(listed))
  if (listed === undefined) messages.push('no file name in the file column')
  else if (file === undefined) messages.push(missingFileMessage(listed, known))
  const title = cell('title')
  if (title !== undefined && Buffer.byteLength(title) > MAX_TITLE_BYTES) {
    messages.push(`the title is ${Buffer.byteLength(title)} bytes long; Kaltura keeps ${MAX_TITLE_BYTES} bytes (UTF-8) of an entry name`)
  }
  const referenceId = cell('referenceId')
  if (referenceId !== undefined && referenceId.length < MIN_REFERENCE_ID_LENGTH) messages.push(`the referenceId '${referenceId}' is shorter than Kaltura's minimum of ${MIN_REFERENCE_ID_LENGTH} characters`)
  const categories = categoryList(cell('categories'), messages)
  if (messages.length > 0 || file === undefined) return { problems: messages.map((message) => ({ line: row.line, message: `${at}: ${message}` })) }
  const tags = [...new Set((cell('tags') ?? '').split(',').map((tag) => tag.trim()).filter((tag) => tag !== ''))]
  return withoutEmpty({ file, line: row.line, title, description: cell('description'), tags, categories, referenceId })
}

function categoryList(text: string | undefined, messages: string[]): string[] {
  const names = [...new Set((text ?? '').split(CATEGORY_LIST_SEPARATOR).map((name) => name.trim()).filter((name) => name !== ''))]
  const fullNames: string[] = []
  for (const name of names) {
    const levels = name.split(CATEGORY_SEPARATOR).map((level) => level.trim())
    const problem = levels.map(categoryNameProblem).find((found) => found !== undefined)
    if (problem) messages.push(`the category '${name}' cannot be used: ${problem}`)
    else fullNames.push(levels.join(CATEGORY_SEPARATOR))
  }
  if (fullNames.length > MAX_CATEGORIES_PER_FILE) messages.push(`${fullNames.length} categories; Kaltura puts an entry in at most ${MAX_CATEGORIES_PER_FILE}`)
  return fullNames
}

function missingFileMessage(listed: string, known: ReadonlyMap<string, string>): string {
  const lowered = normalizedPath(listed).toLowerCase()
  const nearly = [...known.entries()].find(([path]) => path.toLowerCase() === lowered)?.[1]
  return `the file '${listed}' is not in this folder${nearly === undefined ? '' : ` (did you mean '${nearly}'?)`}`
}

/** "./Week 1\\talk.mp4" and "Week 1/talk.mp4" name the same file. */
function normalizedPath(path: string): string {
  return path.trim().replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/\/{2,}/g, '/')
}

function refused(line: number, message: string): MetadataSheet {
  return { files: [], problems: [{ line, message }] }
}

function withoutEmpty(metadata: FileMetadata): FileMetadata {
  const kept = Object.entries(metadata).filter(([, value]) => value !== undefined && !(Array.isArray(value) && value.length === 0))
  return Object.fromEntries(kept) as unknown as FileMetadata
}
