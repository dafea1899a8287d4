// The headless uploader: the same engine and journal as the app, driven from a terminal.
// `npm run upload -- <folder>...`; Ctrl-C stops cleanly and the same command resumes. With `--watch <folder>` it
// keeps watching until Ctrl-C or SIGTERM, sending each new or grown file once it has stopped changing.
import { statSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createHash } from 'node:crypto'
import { parseHeadlessArgs, UsageError, type HeadlessRequest } from './headless/args'
import { defaultDataDir } from './headless/dataDir'
import { reportRows, writeReport } from './report/report'
import { openJournal } from './journal/openJournal'
import { ensurePrivateFolder } from './storage/privateFiles'
import { JournalTooNewError } from './journal/migrations'
import type { Journal } from './journal/journal'
import { checkConnection, clientForProfile } from './accounts/accounts'
import { UploadEngine } from './engine/engine'
import { enqueueFiles } from './intake/enqueue'
import { readIntake, sheetProblemLines } from './intake/batchIntake'
import { kalturaLanguageFor } from './intake/captionFiles'
import { intakeForStart } from './intake/startIntake'
import { createFileLogger, Redactor } from './logging/logger'
import { scanDropped, type SkipReason } from './intake/scanner'
import { watchFolderIntoJournal, type WatchIntake } from './intake/watchIntake'
import type { FolderWatcher } from './intake/watchFolder'
import { formatBytes, formatCount, formatSpeed, formatTimeLeft } from '../shared/format'
import { chunkSizesInOrder } from '../shared/settingsBounds'
import type { Totals } from '../shared/uploads'

// Skips a user can do something about, printed one by one; hidden, system and other files are only counted.
const SKIPS_WORTH_PRINTING: ReadonlySet<SkipReason> = new Set(['unreadable', 'symlink-loop', 'missing', 'broken-link', 'link-outside'])

async function main(): Promise<number> {
  let request: HeadlessRequest
  try {
    request = parseHeadlessArgs(process.argv.slice(2), process.env)
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      console.error((err as Error).message)
      return 2
    }
    throw err
  }
  const secret = request.auth.secret
  const redactor = new Redactor()
  redactor.add(secret)

  const dataDir = request.dataDir ?? defaultDataDir()
  ensurePrivateFolder(dataDir)
  const logger = createFileLogger({ dir: join(dataDir, 'logs'), redactor })

  let journal: Journal
  try {
    // Like the app, the command can load SQLite's native part from elsewhere (a build for another Node or Electron).
    const nativeBinding = process.env['KBU_SQLITE_NATIVE_BINDING']
    const opened = openJournal(join(dataDir, 'journal.db'), nativeBinding ? { nativeBinding } : {})
    journal = opened.journal
    if (opened.recovered) {
      console.error(`The upload journal could not be used (${opened.recovered.reason}); it was moved to ${opened.recovered.movedTo} and a new one started.`)
      logger.warn('cli', `journal moved aside: ${opened.recovered.reason}`)
    }
  } catch (err) {
    console.error(err instanceof JournalTooNewError ? err.message : `The upload journal could not be opened: ${(err as Error).message}`)
    return 1
  }

  const watchFolders = request.watch.map((folder) => resolve(folder))
  const notFolder = watchFolders.find((folder) => !statSync(folder, { throwIfNoEntry: false })?.isDirectory())
  if (notFolder !== undefined) {
    console.error(`Not a folder to watch: ${notFolder}`)
    journal.close()
    return 2
  }

  const profileId = profileIdFor(request)
  const appTokenId = request.auth.kind === 'app-token' ? request.auth.tokenId : null
  const profile = { id: profileId, name: request.profileName, serviceUrl: request.serviceUrl, partnerId: request.partnerId, userId: request.userId, authKind: request.auth.kind, appTokenId }
  journal.saveProfile(profile)
  let client
  try {
    client = clientForProfile({ ...profile, ...(request.roleId ? { roleId: request.roleId } : {}) }, secret)
  } catch {
    console.error(`The service URL is not valid: ${request.serviceUrl}`)
    return 2
  }
  const check = await checkConnection(client, request.serviceUrl)
  if (!check.ok) {
    console.error(redactor.redact(check.message))
    journal.close()
    return 1
  }

  const captionLanguage = request.captionLanguage === null ? undefined : kalturaLanguageFor(request.captionLanguage)
  if (captionLanguage === undefined && request.captionLanguage !== null) {
    console.error(`--caption-language: '${request.captionLanguage}' is not a language Kaltura knows (use a code like en or eng, or a name like English).`)
    journal.close()
    return 2
  }

  const engine = new UploadEngine({ journal, logger, apiFor: async () => client })
  const patch = {
    ...(request.maxParallelFiles ? { maxParallelFiles: request.maxParallelFiles } : {}),
    ...(request.maxConnections ? { maxConnections: request.maxConnections } : {}),
    ...(request.fixedConnections ? { adaptiveConnections: false } : {}),
    ...(request.minChunkBytes ? { minChunkBytes: request.minChunkBytes } : {}),
    ...(request.maxChunkBytes ? { maxChunkBytes: request.maxChunkBytes } : {}),
    bandwidthLimit: request.bandwidthLimit,
    includeAudio: request.includeAudio,
    includeImages: request.includeImages
  }
  // One chunk option given alone meets the other as saved earlier: the pair must still be in order.
  if (!chunkSizesInOrder({ ...engine.settings, ...patch })) {
    console.error(`The smallest chunk (${formatBytes(patch.minChunkBytes ?? engine.settings.minChunkBytes)}) cannot be larger than the largest (${formatBytes(patch.maxChunkBytes ?? engine.settings.maxChunkBytes)}): give both --min-chunk-mb and --max-chunk-mb.`)
    journal.close()
    return 2
  }
  const settings = engine.updateSettings(patch)

  const roots = request.paths.map((p) => resolve(p))
  const kinds = { video: true, audio: settings.includeAudio, image: settings.includeImages }
  const scan = await scanDropped(roots, { kinds })
  for (const s of scan.skipped) if (SKIPS_WORTH_PRINTING.has(s.reason)) console.error(`skipped ${s.path}: ${s.message}`)
  // Only an unusual drop (a whole disk) reaches the cap: what was found is queued, and this line says it is not all.
  if (scan.stoppedEarly !== null) console.error(scan.stoppedEarly)
  // A sheet is all or nothing here: no window to show a refused line in, so no file may go up without its details.
  const intake = await readIntake(scan, { ...(request.metadataSheet ? { sheetPath: request.metadataSheet } : {}), ...(captionLanguage ? { captionLanguage } : {}) })
  const sheetProblems = sheetProblemLines(intake)
  if (sheetProblems.length > 0) {
    for (const line of sheetProblems) console.error(line)
    console.error('Nothing was uploaded: fix the metadata sheet and run the same command again.')
    journal.close()
    return 2
  }
  for (const sheet of intake.sheets) console.log(`${sheet.relativePath}: details for ${sheet.applied} file(s)`)
  for (const c of intake.captionsSkipped) console.error(`caption file left out ${c.relativePath}: ${c.reason}`)
  const perFile = await intakeForStart(intake, scan.files, { metadata: request.metadata, ...(request.mirrorFoldersUnder === null ? {} : { mirrorFoldersUnder: request.mirrorFoldersUnder }) })
  for (const [path, own] of perFile) if (own.notice) console.error(`${path}: ${own.notice}`)
  if (intake.captionsMatched > 0) console.log(`${intake.captionsMatched} caption file(s) go with their videos`)
  // Only watched folders: no batch for the (empty) list of paths; what is in them is the watchers' to queue.
  const enqueued = roots.length === 0 ? { fileIds: [], known: [], duplicates: [], rejected: [] } : await enqueueFiles(journal, { files: scan.files, profileId, metadata: request.metadata, duplicatePolicy: request.duplicatePolicy, perFile })
  for (const r of enqueued.rejected) console.error(`not queued ${r.path}: ${r.message}`)
  const known = enqueued.known
  const scope = new Set([...known, ...enqueued.fileIds])
  if (roots.length > 0) console.log(`${scan.files.length} media files (${formatBytes(scan.totalBytes)}), ${scan.skipped.length} other items skipped; ${enqueued.fileIds.length} newly queued, ${known.length} already known, ${enqueued.duplicates.length} duplicates (${request.duplicatePolicy}).`)

  // Kaltura refused the account: every file waits, paused, and the command says why once.
  let refusal: string | null = null
  engine.on('account-held', (_profileId, message) => {
    refusal = message
  })
  let stopping = false
  const finished = new Promise<void>((resolveFinished) => {
    // Watching ends only with Ctrl-C or SIGTERM: an empty queue means waiting for the next file.
    engine.on('idle', () => watchFolders.length === 0 && resolveFinished())
    process.on('SIGINT', () => {
      if (stopping) process.exit(130)
      stopping = true
      process.stderr.write('\nStopping; everything is saved. Run the same command again to continue. (Ctrl-C again to quit at once)\n')
      resolveFinished()
    })
    process.on('SIGTERM', () => {
      stopping = true
      resolveFinished()
    })
  })
  // Watching runs for hours: each finished file gets its own line, as it happens.
  const reported = new Set<number>()
  if (watchFolders.length > 0) {
    engine.on('update', (files) => {
      for (const f of files) {
        if (f.state !== 'done' || reported.has(f.id) || !scope.has(f.id)) continue
        reported.add(f.id)
        console.log(`uploaded ${f.relativePath} as entry ${f.entryId ?? ''}`)
      }
    })
  }
  let lastLine = ''
  if (!request.quiet) {
    engine.on('update', (_files, totals) => {
      lastLine = progressLine(totals)
      if (process.stdout.isTTY) process.stdout.write(`\r${lastLine.padEnd(100)}`)
    })
  }
  const ticker = !request.quiet && !process.stdout.isTTY ? setInterval(() => lastLine && console.log(lastLine), 5000) : null
  engine.start()
  // The credentials were given anew: files of this folder that an earlier run held because Kaltura refused its
  // account try again, with these. The engine restored each hold from the journal; it is lifted as the window lifts it
  // when an account is saved (the earlier run may have used other credentials, so another account id).
  const heldAccounts = new Set<string>()
  for (const id of known) {
    const f = journal.getFile(id)
    if (f?.state === 'paused' && f.error?.kind === 'auth') heldAccounts.add(journal.getBatch(f.batchId)?.profileId ?? profileId)
  }
  for (const held of heldAccounts) engine.accountChanged(held)
  engine.add([...enqueued.fileIds, ...known])
  // Running the command again is how a user says "try again": files of this folder that failed go back in the queue.
  const failedBefore = known.filter((id) => journal.getFile(id)?.state === 'failed')
  if (failedBefore.length > 0) {
    console.log(`retrying ${failedBefore.length} file(s) that failed before`)
    await engine.retryDropped(failedBefore)
  }
  const watchers = watchFolders.map((folder) => startWatcher(folder))
  if (engine.isIdle()) setImmediate(() => engine.emit('idle'))
  await finished
  if (ticker) clearInterval(ticker)
  // A poll or hand-over under way finishes first, so the journal has every file it took before the engine stops.
  await Promise.all(watchers.map((w) => w.stop()))
  await engine.shutdown()
  if (process.stdout.isTTY && !request.quiet) process.stdout.write('\n')

  const rows = [...scope].map((id) => journal.getFile(id)!).filter(Boolean)
  const byState = new Map<string, number>()
  for (const r of rows) byState.set(r.state, (byState.get(r.state) ?? 0) + 1)
  console.log([...byState].map(([s, n]) => `${n} ${s}`).join(', ') || 'nothing to upload')
  for (const r of rows) if (r.state === 'failed') console.error(`failed ${r.path}: ${redactor.redact(r.error?.message ?? 'unknown error')}`)
  if (refusal) console.error(`${redactor.redact(refusal)} Fix the credentials and run the same command again.`)
  if (request.report) {
    writeReport(request.report, reportRows(rows))
    console.log(`report written to ${request.report}`)
  }
  journal.close()
  // For a watching run, Ctrl-C or SIGTERM is the way it ends, not an interruption.
  if (stopping && watchFolders.length === 0) return 130
  return refusal || rows.some((r) => r.state === 'failed') ? 1 : 0

  function startWatcher(folder: string): FolderWatcher {
    console.log(`watching ${folder}: a new or grown file is sent once unchanged for ${request.stableSeconds} s; Ctrl-C to stop`)
    let lastProblem: string | null = null
    return watchFolderIntoJournal({
      journal,
      target: { folder, profileId, metadata: request.metadata, duplicatePolicy: request.duplicatePolicy },
      stableMs: request.stableSeconds * 1000,
      kinds,
      onTaken: (intake) => takeWatched(folder, intake),
      onPoll: (poll) => {
        if (poll.problem !== lastProblem && poll.problem !== null) console.error(`${folder}: ${poll.problem}`)
        lastProblem = poll.problem
      },
      onError: (err) => logger.warn('watch', `${folder}: ${err instanceof Error ? err.message : String(err)}`)
    })
  }

  function takeWatched(folder: string, intake: WatchIntake): void {
    for (const r of intake.rejected) console.error(`not queued ${r.path}: ${r.message}`)
    const ids = [...intake.fileIds, ...intake.known]
    for (const id of ids) scope.add(id)
    // Finished in an earlier run: not news.
    for (const id of intake.known) if (journal.getFile(id)?.state === 'done') reported.add(id)
    engine.add(ids)
    // As for named folders: a run is how a user says "try again" for the files that had failed.
    const failed = intake.known.filter((id) => journal.getFile(id)?.state === 'failed')
    if (failed.length > 0) void engine.retryDropped(failed)
    if (intake.fileIds.length > 0) {
      const versions = intake.newVersions > 0 ? `, ${intake.newVersions} of them a new version of a file sent before` : ''
      console.log(`queued ${intake.fileIds.length} file(s) from ${folder}${versions}`)
    }
  }
}

function profileIdFor(r: HeadlessRequest): string {
  const token = r.auth.kind === 'app-token' ? `|${r.auth.tokenId}` : ''
  return 'cli-' + createHash('sha256').update(`${r.serviceUrl}|${r.partnerId}|${r.userId}|${r.auth.kind}${token}`).digest('hex').slice(0, 12)
}

function progressLine(t: Totals): string {
  const done = t.byState.done ?? 0
  const failed = t.byState.failed ?? 0
  const pct = t.bytes > 0 ? Math.floor((t.confirmedBytes / t.bytes) * 100) : 100
  const pace = t.flow === 'waiting' ? 'waiting for the server, resumes automatically' : `${formatSpeed(t.speed)}${t.etaSeconds === null ? '' : ` · ${formatTimeLeft(t.etaSeconds)} left`}`
  return `${done}/${t.files} done${failed ? `, ${failed} failed` : ''} · ${formatBytes(t.confirmedBytes)} of ${formatBytes(t.bytes)} (${pct}%) · ${formatCount(t.filesLeft)} files, ${formatBytes(t.bytesLeft)} left · ${pace}`
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`Unexpected error: ${err instanceof Error ? err.message : String(err)}`)
    process.exit(1)
  }
)
