// What each IPC channel's payload looks like in the fuzz: valid drafts aimed at the kept account, hostile paths for a
// drop, settings in and out of order, and the largest inputs the guards let through.
import { join } from 'node:path'
import type { IpcRequestChannel } from '../../../src/shared/ipc-contract'
import { AUTH_KINDS } from '../../../src/shared/accounts'
import { SETTINGS_BOUNDS } from '../../../src/shared/settingsBounds'
import type { ChannelShape, HostilePayload, Prng } from './hostilePayloads'

/** Looks like a KS v2 (base64 of "v2|…") so that a reply echoing a typed KS is caught by the same check. */
export const FAKE_KS = 'djJ8MTAwfGZha2Utc2lnbmF0dXJlLWZvci10ZXN0cw=='

export interface FuzzTargets {
  /** The Kaltura test server, where the kept account lives. */
  serviceUrl: string
  partnerId: number
  adminSecret: string
  /** Origins the user never confirmed: no request may reach them. */
  captureUrls: readonly [string, ...string[]]
  realId: string
  /** A temporary folder with a link to /etc, a link loop, a broken link, a locked folder and a small tree. */
  dir: string
  /** Scans that found nothing: real ids, harmless to queue. */
  emptyScanIds: readonly string[]
}

const anyBound = (rng: Prng, range: { min: number; max: number }): number => range.min + rng.below(Math.min(range.max - range.min, 2 ** 31) + 1)

/** Drafts that point the kept account elsewhere or change its way in; a secret only ever goes with the test server. */
function draft(rng: Prng, t: FuzzTargets): Record<string, unknown> {
  const [capture] = t.captureUrls
  const urls = [t.serviceUrl, `${t.serviceUrl}/`, ...t.captureUrls, `${capture}/api_v3`, capture.replace('127.0.0.1', 'localhost'), 'http://10.0.0.1', 'ftp://x', 'https://user:pw@127.0.0.1', 'not a url']
  const serviceUrl = rng.pick(urls)
  const authKind = rng.pick(AUTH_KINDS)
  const id = rng.pick([undefined, t.realId, t.realId, 'made-up-id'])
  const d: Record<string, unknown> = { name: rng.pick(['Fuzz', ' x ', 'Real']), serviceUrl, partnerId: rng.pick([t.partnerId, t.partnerId + 1, 0, 2_147_483_647]), userId: rng.pick(['', 'me', 'admin']), authKind }
  if (id !== undefined) d['id'] = id
  if (authKind === 'app-token' || rng.chance(0.2)) d['appTokenId'] = rng.pick(['0_abc', 'x', 'bad id!'])
  if (rng.chance(0.2)) d['roleId'] = rng.pick(['1001', 'UPLOADER_ROLE', '../x'])
  // A secret typed with the real id would rightly replace the kept one, and one typed for a capture server would
  // rightly go there: neither is a leak, so neither is sent. Addresses that are not http are all refused.
  const mayCarrySecret = serviceUrl.startsWith(t.serviceUrl) || !serviceUrl.startsWith('http://')
  if (mayCarrySecret && id !== t.realId && rng.chance(0.5)) d['secret'] = rng.pick([t.adminSecret, ` ${t.adminSecret} `, 'wrong-secret', FAKE_KS])
  return d
}

function droppedPaths(rng: Prng, dir: string): string[] {
  // Folders are weighted down: each costs a real walk, the rest are a stat or a refusal.
  const cheap = ['/etc/shadow', '/etc/passwd', '/etc/hostname', '/proc/self/environ', '/proc/self/mem', '/dev/null', '/dev/zero', '../../etc/passwd', 'relative', '\0', '/etc/passwd\0.mp4', `/${'a/'.repeat(2_000)}`, `/${'x'.repeat(4_095)}`, join(dir, 'loop-a'), join(dir, 'broken'), join(dir, 'missing'), join(dir, 'tree', 'notes.txt')]
  const walks = [join(dir, 'etc-link'), '/etc', join(dir, 'tree'), join(dir, 'locked'), `${join(dir, 'etc-link')}/../..`]
  return Array.from({ length: 1 + rng.below(3) }, () => (rng.chance(0.15) ? rng.pick(walks) : rng.pick(cheap)))
}

function settingsPatch(rng: Prng): Record<string, unknown> {
  const patch: Record<string, unknown> = {}
  for (const [key, range] of Object.entries(SETTINGS_BOUNDS)) if (rng.chance(0.3)) patch[key] = anyBound(rng, range)
  if (rng.chance(0.2)) patch['bandwidthLimit'] = null
  for (const key of ['keepAwake', 'adaptiveConnections', 'includeAudio', 'includeImages']) if (rng.chance(0.2)) patch[key] = rng.chance(0.5)
  return patch
}

const ids = (rng: Prng): number[] => Array.from({ length: rng.below(5) }, () => 1 + rng.below(1_000))
const maybeIds = (rng: Prng): Record<string, unknown> => (rng.chance(0.5) ? {} : { ids: ids(rng) })

/** A valid shape per channel; a channel missing here is still fuzzed, shapelessly, with any Result allowed. */
export function channelShapes(t: FuzzTargets): Partial<Record<IpcRequestChannel, ChannelShape>> {
  const none: ChannelShape = { valid: () => undefined }
  const [capture] = t.captureUrls
  return {
    'app:info': none,
    'profiles:list': none,
    'scan:cancel': none,
    'files:list': none,
    'files:clearFinished': none,
    'settings:get': none,
    'profiles:save': { valid: (rng) => draft(rng, t), bait: { serviceUrl: capture } },
    'profiles:test': { valid: (rng) => draft(rng, t), bait: { serviceUrl: capture } },
    'profiles:delete': { valid: (rng) => ({ id: rng.pick(['made-up-id', 'x', '%', t.realId.toUpperCase()]) }), bait: { id: t.realId } },
    'scan:pick': { valid: (rng) => ({ kind: rng.pick(['files', 'folder']) }) },
    'scan:dropped': { valid: (rng) => ({ paths: droppedPaths(rng, t.dir) }), bait: { paths: ['/etc'] } },
    'batch:start': {
      valid: (rng) => ({ scanId: rng.pick([...t.emptyScanIds, 'made-up-scan']), profileId: rng.pick([t.realId, 'made-up-id']), metadata: rng.chance(0.5) ? {} : { tags: 'x', description: 'y' }, duplicatePolicy: rng.pick(['skip', 'upload']) }),
      bait: { profileId: t.realId }
    },
    'files:pause': { valid: maybeIds },
    'files:resume': { valid: maybeIds },
    'files:retry': { valid: maybeIds },
    'files:cancel': { valid: (rng) => ({ ids: ids(rng) }), bait: { ids: [1] } },
    'settings:update': { valid: settingsPatch },
    'report:export': { valid: (rng) => ({ format: rng.pick(['csv', 'json']) }) },
    'entry:open': { valid: (rng) => ({ fileId: 1 + rng.below(1_000) }) }
  }
}

/** Payloads written out because chance would rarely draw them: the largest inputs the guards let through. */
export function fixedPayloads(channel: IpcRequestChannel, t: FuzzTargets): HostilePayload[] {
  switch (channel) {
    case 'scan:dropped':
      return [
        { label: '10,000 copies of /etc/hostname', payload: { paths: new Array<string>(10_000).fill('/etc/hostname') }, expect: 'any' },
        { label: '10,000 copies of a link to /etc', payload: { paths: new Array<string>(10_000).fill(join(t.dir, 'etc-link')) }, expect: 'any' },
        { label: '10,001 paths', payload: { paths: new Array<string>(10_001).fill('/etc/hostname') }, expect: 'refused' }
      ]
    case 'files:pause':
    case 'files:resume':
    case 'files:retry':
    case 'files:cancel':
      return [{ label: '100,000 ids', payload: { ids: Array.from({ length: 100_000 }, (_, i) => i + 1) }, expect: 'any' }]
    default:
      return []
  }
}
