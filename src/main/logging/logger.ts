// The one logger: plain lines in a size-rotated file in the data folder, every line passed through the
// redactor so no KS or secret is ever written.
import { appendFileSync, existsSync, renameSync, statSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { redact } from '../kaltura/redact'
import { ensurePrivateFile, ensurePrivateFolder, PRIVATE_FILE_MODE } from '../storage/privateFiles'

export type LogLevel = 'debug' | 'info' | 'warn' | 'error'

export interface Logger {
  debug(scope: string, message: string, fields?: Record<string, unknown>): void
  info(scope: string, message: string, fields?: Record<string, unknown>): void
  warn(scope: string, message: string, fields?: Record<string, unknown>): void
  error(scope: string, message: string, fields?: Record<string, unknown>): void
}

/** Remembers every secret the app handles (admin secrets, each KS pasted) and masks them with the one redaction rule. */
export class Redactor {
  private readonly secrets = new Set<string>()

  add(secret: string | null | undefined): void {
    if (secret && secret.length >= 6) this.secrets.add(secret)
  }

  redact(text: string): string {
    return redact(text, [...this.secrets])
  }
}

export interface FileLoggerOptions {
  dir: string
  redactor: Redactor
  fileName?: string
  maxBytes?: number
  maxFiles?: number
  minLevel?: LogLevel
  /** Also echo lines here (for the headless command's --verbose). */
  echo?: (line: string) => void
}

const ORDER: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 }

export function createFileLogger(opts: FileLoggerOptions): Logger & { readonly path: string } {
  const fileName = opts.fileName ?? 'uploader.log'
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024
  const maxFiles = opts.maxFiles ?? 5
  const minLevel = ORDER[opts.minLevel ?? 'info']
  ensurePrivateFolder(opts.dir)
  const path = join(opts.dir, fileName)
  ensurePrivateFile(path)
  let size = existsSync(path) ? statSync(path).size : 0

  const rotate = (): void => {
    const oldest = `${path}.${maxFiles - 1}`
    if (existsSync(oldest)) unlinkSync(oldest)
    for (let i = maxFiles - 2; i >= 1; i--) if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`)
    if (existsSync(path)) renameSync(path, `${path}.1`)
    size = 0
  }

  const write = (level: LogLevel, scope: string, message: string, fields?: Record<string, unknown>): void => {
    if (ORDER[level] < minLevel) return
    const extra = fields && Object.keys(fields).length > 0 ? ` ${safeJson(fields)}` : ''
    const line = opts.redactor.redact(`${new Date().toISOString()} ${level.toUpperCase()} ${scope}: ${message}${extra}`) + '\n'
    if (size + line.length > maxBytes) rotate()
    try {
      appendFileSync(path, line, { mode: PRIVATE_FILE_MODE })
      size += Buffer.byteLength(line)
    } catch {
      // A full or read-only disk must not stop uploads; the log is best effort.
    }
    opts.echo?.(line.trimEnd())
  }

  return {
    path,
    debug: (s, m, f) => write('debug', s, m, f),
    info: (s, m, f) => write('info', s, m, f),
    warn: (s, m, f) => write('warn', s, m, f),
    error: (s, m, f) => write('error', s, m, f)
  }
}

function safeJson(fields: Record<string, unknown>): string {
  try {
    return JSON.stringify(fields, (_k, v: unknown) => (v instanceof Error ? { name: v.name, message: v.message } : v))
  } catch {
    return '{}'
  }
}

/** A logger that drops everything (tests that do not look at logs). */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} }
