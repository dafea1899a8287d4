// Writes the results report: one row per file with its path, entry id, token id, status, bytes and error.
import { writeFileSync } from 'node:fs'
import type { FileRow } from '../journal/journal'

export interface ReportRow {
  path: string
  entryId: string
  tokenId: string
  status: string
  bytes: number
  error: string
}

export function reportRows(files: readonly FileRow[]): ReportRow[] {
  return files.map((f) => ({
    path: f.path,
    entryId: f.entryId ?? '',
    tokenId: f.tokenId ?? '',
    status: f.state,
    bytes: f.size,
    error: f.error?.message ?? ''
  }))
}

export function writeReport(file: string, rows: readonly ReportRow[]): void {
  if (file.toLowerCase().endsWith('.json')) {
    writeFileSync(file, JSON.stringify(rows, null, 2) + '\n')
    return
  }
  const header = 'path,entryId,tokenId,status,bytes,error'
  const lines = rows.map((r) => [r.path, r.entryId, r.tokenId, r.status, String(r.bytes), r.error].map(csvField).join(','))
  writeFileSync(file, [header, ...lines].join('\n') + '\n')
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
}
