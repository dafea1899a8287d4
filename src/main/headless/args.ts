// Parses the headless command's flags and environment into one typed request; credentials never echo back.
import { parseArgs } from 'node:util'
import { checkServiceUrl } from '../../shared/accounts'
import { categoryForFolder } from '../../shared/folderCategories'
import { ADAPTIVE_CONNECTIONS_CEILING, chunkSizesInOrder, DEFAULT_STABLE_SECONDS, isWithin, SETTINGS_BOUNDS, WATCH_BOUNDS, type Range } from '../../shared/settingsBounds'
import type { DuplicatePolicy } from '../../shared/uploads'

export interface HeadlessRequest {
  paths: string[]
  serviceUrl: string
  partnerId: number
  userId: string
  /** The way in and its secret; an app token is preferred when its id and value are both given. */
  auth: { kind: 'app-token'; tokenId: string; secret: string } | { kind: 'admin-secret'; secret: string } | { kind: 'ks'; secret: string }
  /** A role the admin-secret session is pinned to with setrole. */
  roleId: string | null
  profileName: string
  dataDir: string | null
  report: string | null
  maxParallelFiles: number | null
  maxConnections: number | null
  /** --fixed-connections: exactly maxConnections in flight; without it, adaptive connections stay as saved. */
  fixedConnections: boolean
  minChunkBytes: number | null
  maxChunkBytes: number | null
  bandwidthLimit: number | null
  duplicatePolicy: DuplicatePolicy
  metadata: { description?: string; tags?: string; categories?: string; referenceIdPrefix?: string }
  /** A metadata sheet named on purpose (--metadata); a kaltura-metadata.csv in the folders is read without it. */
  metadataSheet: string | null
  /** Mirror each file's folder as a category under this parent full name ("" at the root); null: no mirroring. */
  mirrorFoldersUnder: string | null
  /** The language of caption files whose name says none (`talk.vtt`), as typed: checked against Kaltura's list later. */
  captionLanguage: string | null
  includeAudio: boolean
  includeImages: boolean
  quiet: boolean
  /** Folders to keep watching after the first pass, until Ctrl-C or SIGTERM (README "Watch folders"). */
  watch: string[]
  /** How long a watched file must stay unchanged before it is sent. */
  stableSeconds: number
}

export const USAGE = `Usage: npm run upload -- <folder or file>... [options]
       npm run upload -- --watch <folder> [--stable-seconds N] [options]

Uploads every video in the given folders to Kaltura, resumably: stop it at any time (Ctrl-C) and run the same
command again to continue. Already uploaded files are not sent again.

Account (flags, or the environment variables in brackets):
  --service-url URL       Kaltura service URL [KALTURA_SERVICE_URL], default https://www.kaltura.com
  --partner-id N          partner id [KALTURA_PARTNER_ID]
  --app-token-id ID       an application token's id [KALTURA_APP_TOKEN_ID]; the recommended way in
  --app-token-env VAR     read the application token from this environment variable (default KALTURA_APP_TOKEN)
  --admin-secret-env VAR  read the admin secret from this environment variable (default KALTURA_ADMIN_SECRET)
  --ks-env VAR            read a ready KS from this environment variable instead (default KALTURA_KS)
  --user-id ID            owner of the new entries [KALTURA_USER_ID]
  --role-id ID            with an admin secret: pin each session to this role (setrole) [KALTURA_ROLE_ID]
  --profile NAME          name of the saved account profile (default "headless")

Batch:
  --tags T --category C --description D --reference-prefix P
  --duplicates skip|upload   what to do with files already uploaded from this journal (default skip)
  --audio --images           also take audio / image files

Per file (the README's "Per-file details" has the sheet's columns and rules):
  --metadata FILE.csv        titles, descriptions, tags, categories and referenceIds per file, from this sheet (file
                             paths relative to the sheet's folder); a kaltura-metadata.csv inside the folders is read
                             without this flag. A sheet with any problem stops the command (exit code 2) before
                             anything is uploaded, naming each line.
  --mirror-folders-under P   put each file in the category named after its folder, under the category P
                             ("Lectures>2026"), besides the --category ones; --mirror-folders: at the top level
  --caption-language L       the language of caption files without one in their name (talk.vtt): en, eng, English
                             (talk.en.srt and talk.vtt beside talk.mp4 are sent as its captions)

Watching:
  --watch FOLDER             upload what is in the folder, then keep watching it: a new or grown file is sent once
                             it has stopped changing. Repeat for more folders. Runs until Ctrl-C or SIGTERM, which
                             stop cleanly (exit code 0); the same command resumes.
  --stable-seconds N         how long a file's size and time must stay the same before it is sent (default ${DEFAULT_STABLE_SECONDS})

Tuning:
  --files N --min-chunk-mb N --max-chunk-mb N --limit-kbps N (bandwidth, kilobytes per second)
  --connections N            requests in flight to start with, unless --fixed-connections is given: more are added,
                             up to ${ADAPTIVE_CONNECTIONS_CEILING}, while they make the upload faster (a lossy or distant link), and dropped
                             when they do not
  --fixed-connections        exactly --connections N (or the saved figure) in flight, never more or fewer; saved like
                             the other tuning options, until the app's Settings turn adding connections back on

Output:
  --report FILE.csv|FILE.json   write one row per file (path, entry id, token id, status, bytes, error)
  --data-dir DIR                where the journal and logs live [KBU_DATA_DIR] (default: the app's data folder)
  --quiet                       no progress line
`

export class UsageError extends Error {
  override readonly name = 'UsageError'
}

export function parseHeadlessArgs(argv: string[], env: NodeJS.ProcessEnv): HeadlessRequest {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'service-url': { type: 'string' },
      'partner-id': { type: 'string' },
      'app-token-id': { type: 'string' },
      'app-token-env': { type: 'string' },
      'admin-secret-env': { type: 'string' },
      'role-id': { type: 'string' },
      'ks-env': { type: 'string' },
      'user-id': { type: 'string' },
      profile: { type: 'string' },
      'data-dir': { type: 'string' },
      report: { type: 'string' },
      files: { type: 'string' },
      connections: { type: 'string' },
      'fixed-connections': { type: 'boolean', default: false },
      'min-chunk-mb': { type: 'string' },
      'max-chunk-mb': { type: 'string' },
      'limit-kbps': { type: 'string' },
      duplicates: { type: 'string' },
      tags: { type: 'string' },
      category: { type: 'string' },
      description: { type: 'string' },
      'reference-prefix': { type: 'string' },
      metadata: { type: 'string' },
      'mirror-folders-under': { type: 'string' },
      'mirror-folders': { type: 'boolean', default: false },
      'caption-language': { type: 'string' },
      audio: { type: 'boolean', default: false },
      images: { type: 'boolean', default: false },
      quiet: { type: 'boolean', default: false },
      watch: { type: 'string', multiple: true },
      'stable-seconds': { type: 'string' },
      help: { type: 'boolean', default: false }
    }
  })
  if (values.help) throw new UsageError(USAGE)
  const watch = values.watch ?? []
  if (positionals.length === 0 && watch.length === 0) throw new UsageError('Give at least one folder or file to upload.\n\n' + USAGE)
  if (values['stable-seconds'] !== undefined && watch.length === 0) throw new UsageError('--stable-seconds goes with --watch.')

  const partnerText = values['partner-id'] ?? env['KALTURA_PARTNER_ID']
  const partnerId = Number(partnerText)
  if (!partnerText || !Number.isInteger(partnerId) || partnerId < 0) throw new UsageError('The partner id is missing or not a number: pass --partner-id or set KALTURA_PARTNER_ID.')

  const tokenVar = values['app-token-env'] ?? 'KALTURA_APP_TOKEN'
  const secretVar = values['admin-secret-env'] ?? 'KALTURA_ADMIN_SECRET'
  const ksVar = values['ks-env'] ?? 'KALTURA_KS'
  const tokenId = (values['app-token-id'] ?? env['KALTURA_APP_TOKEN_ID'])?.trim()
  const token = env[tokenVar]?.trim()
  const secret = env[secretVar]?.trim()
  const ks = env[ksVar]?.trim()
  if (tokenId && !/^[A-Za-z0-9_]{1,100}$/.test(tokenId)) throw new UsageError('--app-token-id takes a token id such as 0_a1b2c3d4.')
  if (tokenId && !token) throw new UsageError(`An application token id was given but no token: set ${tokenVar}.`)
  if (token && !tokenId) throw new UsageError(`An application token was given but not its id: pass --app-token-id or set KALTURA_APP_TOKEN_ID.`)
  if (!token && !secret && !ks) throw new UsageError(`No credentials: set ${tokenVar} (with --app-token-id), ${secretVar} to the admin secret, or ${ksVar} to a KS.`)
  const auth: HeadlessRequest['auth'] = token && tokenId ? { kind: 'app-token', tokenId, secret: token } : secret ? { kind: 'admin-secret', secret } : { kind: 'ks', secret: ks! }

  const url = checkServiceUrl(values['service-url'] ?? env['KALTURA_SERVICE_URL'] ?? 'https://www.kaltura.com')
  if (!url.ok) throw new UsageError(url.message)
  const roleId = (values['role-id'] ?? env['KALTURA_ROLE_ID'])?.trim() || null
  if (roleId !== null && !/^[A-Za-z0-9_]{1,100}$/.test(roleId)) throw new UsageError('--role-id takes a role id or system name (letters, digits, underscores).')

  const duplicates = values.duplicates ?? 'skip'
  if (duplicates !== 'skip' && duplicates !== 'upload') throw new UsageError('--duplicates takes skip or upload.')

  const minChunkBytes = megabytes(values['min-chunk-mb'], '--min-chunk-mb', SETTINGS_BOUNDS.minChunkBytes)
  const maxChunkBytes = megabytes(values['max-chunk-mb'], '--max-chunk-mb', SETTINGS_BOUNDS.maxChunkBytes)
  if (minChunkBytes !== null && maxChunkBytes !== null && !chunkSizesInOrder({ minChunkBytes, maxChunkBytes })) {
    throw new UsageError('--min-chunk-mb cannot be larger than --max-chunk-mb.')
  }
  const mirrorFoldersUnder = mirrorParent(values['mirror-folders-under'], values['mirror-folders'] ?? false)
  if (values.metadata !== undefined && values.metadata.trim() === '') throw new UsageError('--metadata takes the path of a CSV file.')
  const captionLanguage = values['caption-language']?.trim()
  if (captionLanguage === '') throw new UsageError('--caption-language takes a language: a code such as en or eng, or a name such as English.')

  const limitKbps = wholeNumber(values['limit-kbps'], '--limit-kbps', scaledRange(SETTINGS_BOUNDS.bandwidthLimit, KILOBYTE), 'kilobytes per second')

  return {
    paths: positionals,
    serviceUrl: url.url,
    partnerId,
    userId: values['user-id'] ?? env['KALTURA_USER_ID'] ?? '',
    auth,
    roleId,
    profileName: values.profile ?? 'headless',
    dataDir: values['data-dir'] ?? env['KBU_DATA_DIR'] ?? null,
    report: values.report ?? null,
    maxParallelFiles: wholeNumber(values.files, '--files', SETTINGS_BOUNDS.maxParallelFiles, 'files'),
    maxConnections: wholeNumber(values.connections, '--connections', SETTINGS_BOUNDS.maxConnections, 'connections'),
    fixedConnections: values['fixed-connections'] ?? false,
    minChunkBytes,
    maxChunkBytes,
    bandwidthLimit: limitKbps === null ? null : limitKbps * KILOBYTE,
    duplicatePolicy: duplicates,
    metadata: {
      ...(values.description ? { description: values.description } : {}),
      ...(values.tags ? { tags: values.tags } : {}),
      ...(values.category ? { categories: values.category } : {}),
      ...(values['reference-prefix'] ? { referenceIdPrefix: values['reference-prefix'] } : {})
    },
    metadataSheet: values.metadata ?? null,
    mirrorFoldersUnder,
    captionLanguage: captionLanguage ?? null,
    includeAudio: values.audio ?? false,
    includeImages: values.images ?? false,
    quiet: values.quiet ?? false,
    watch,
    stableSeconds: wholeNumber(values['stable-seconds'], '--stable-seconds', WATCH_BOUNDS.stableSeconds, 'seconds') ?? DEFAULT_STABLE_SECONDS
  }
}

/** The parent for mirrored folders: a full name Kaltura keeps as it is, "" for the top level, null for none. */
function mirrorParent(under: string | undefined, atTop: boolean): string | null {
  if (under !== undefined && atTop) throw new UsageError('Give --mirror-folders-under PARENT or --mirror-folders, not both.')
  if (atTop) return ''
  if (under === undefined) return null
  if (under.trim() === '') throw new UsageError('--mirror-folders-under takes a category such as "Lectures>2026"; use --mirror-folders for the top level.')
  const checked = categoryForFolder(under, '')
  if (!checked.ok) throw new UsageError(`--mirror-folders-under: ${checked.message}.`)
  return checked.fullName
}

/** The units the command's options are written in: --limit-kbps in KiB/s, --*-chunk-mb in MiB, as the app counts. */
const KILOBYTE = 1024
const MEGABYTE = 1024 * 1024

/** A range in bytes as whole display units, rounded inwards so both ends the message names are accepted. */
function scaledRange(range: Range, unit: number): Range {
  return { min: Math.ceil(range.min / unit), max: Math.floor(range.max / unit) }
}

function wholeNumber(text: string | undefined, flag: string, range: Range, what: string): number | null {
  if (text === undefined) return null
  const n = Number(text)
  if (!Number.isInteger(n) || !isWithin(n, range)) throw new UsageError(`${flag} takes a whole number of ${what} from ${range.min} to ${range.max}.`)
  return n
}

function megabytes(text: string | undefined, flag: string, range: Range): number | null {
  if (text === undefined) return null
  const bytes = Math.round(Number(text) * MEGABYTE)
  if (!Number.isFinite(bytes) || !isWithin(bytes, range)) {
    throw new UsageError(`${flag} takes a number of megabytes from ${range.min / MEGABYTE} to ${range.max / MEGABYTE}.`)
  }
  return bytes
}
