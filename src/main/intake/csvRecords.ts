// RFC 4180 records with the line each starts on: "," between fields, fields in double quotes may hold commas, line
// breaks and doubled quotes; CRLF, LF or CR end a record. A record that breaks the rules becomes an error for its line,
// and reading goes on at the next line, so one bad line never shifts the values of another.

export interface CsvRecord {
  /** 1-based line the record starts on. */
  line: number
  fields: string[]
}

export interface CsvError {
  line: number
  message: string
}

export interface CsvContent {
  records: CsvRecord[]
  errors: CsvError[]
}

/** Parses text (a leading byte-order mark is dropped). Blank lines are not records. */
export function parseCsv(text: string): CsvContent {
  const source = text.startsWith('\uFEFF') ? text.slice(1) : text
  const records: CsvRecord[] = []
  const errors: CsvError[] = []
  let at = 0
  let line = 1
  while (at < source.length) {
    const start = line
    const parsed = readRecord(source, at)
    line += parsed.lineBreaks
    at = parsed.next
    if ('error' in parsed) errors.push({ line: start, message: parsed.error })
    else if (!(parsed.fields.length === 1 && parsed.fields[0] === '')) records.push({ line: start, fields: parsed.fields })
  }
  return { records, errors }
}

type RecordRead = { fields: string[]; next: number; lineBreaks: number } | { error: string; next: number; lineBreaks: number }

function readRecord(source: string, from: number): RecordRead {
  const fields: string[] = []
  let at = from
  let lineBreaks = 0
  for (;;) {
    if (source[at] === '"') {
      let value = ''
      let cursor = at + 1
      for (;;) {
        if (cursor >= source.length) {
          const remaining = lineBreaksIn(source, from, source.length)
          return { error: 'a quote opened on this line is never closed, so this line and the rest of the sheet were not read', next: source.length, lineBreaks: remaining }
        }
        const character = source[cursor]
        if (character === '"' && source[cursor + 1] === '"') {
          value += '"'
          cursor += 2
        } else if (character === '"') {
          cursor += 1
          break
        } else {
          value += character
          cursor += 1
        }
      }
      lineBreaks += lineBreaksIn(source, at, cursor)
      fields.push(value)
      at = cursor
      const after = source[at]
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') {
        return skipLine(source, at, lineBreaks, 'a value in quotes is followed by more text; put the whole value in quotes')
      }
    } else {
      let cursor = at
      while (cursor < source.length && source[cursor] !== ',' && source[cursor] !== '\r' && source[cursor] !== '\n') cursor += 1
      const value = source.slice(at, cursor)
      if (value.includes('"')) {
        return skipLine(source, at, lineBreaks, 'a quote inside a value that does not start with one; put the value in quotes and double the quote ("")')
      }
      fields.push(value)
      at = cursor
    }
    if (source[at] === ',') {
      at += 1
      continue
    }
    return { fields, ...endOfLine(source, at, lineBreaks) }
  }
}

/** Refuses the record and moves past the end of its current line. */
function skipLine(source: string, from: number, lineBreaks: number, error: string): RecordRead {
  let at = from
  while (at < source.length && source[at] !== '\r' && source[at] !== '\n') at += 1
  return { error, ...endOfLine(source, at, lineBreaks) }
}

function endOfLine(source: string, at: number, lineBreaks: number): { next: number; lineBreaks: number } {
  if (source[at] === '\r' && source[at + 1] === '\n') return { next: at + 2, lineBreaks: lineBreaks + 1 }
  if (source[at] === '\r' || source[at] === '\n') return { next: at + 1, lineBreaks: lineBreaks + 1 }
  return { next: at, lineBreaks }
}

/** Line breaks (CRLF, LF or CR) between two offsets, for the line numbers of later records. */
function lineBreaksIn(source: string, from: number, to: number): number {
  let count = 0
  for (let at = from; at < to; at++) {
    if (source[at] === '\n' || (source[at] === '\r' && source[at + 1] !== '\n')) count += 1
  }
  return count
}
