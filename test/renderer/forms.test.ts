// The account and settings forms refuse what main would refuse, say why next to the field, and never echo a secret.
import { describe, expect, it } from 'vitest'
import type { ProfileView } from '../../src/shared/ipc-contract'
import { DEFAULT_SETTINGS } from '../../src/shared/uploads'
import { connectionText, draftFromForm, profileFormFrom } from '../../src/renderer/src/forms/profileForm'
import { settingsFormFrom, settingsPatchFromForm } from '../../src/renderer/src/forms/settingsForm'

const stored: ProfileView = { id: 'p1', name: 'Main', serviceUrl: 'https://www.kaltura.com', partnerId: 123, userId: 'me', authKind: 'admin-secret', appTokenId: null, roleId: null, hasSecret: true, secretSessionOnly: false }

describe('account form', () => {
  it('starts a new account at www.kaltura.com with an application token, the recommended way in', () => {
    expect(profileFormFrom(null)).toMatchObject({ serviceUrl: 'https://www.kaltura.com', authKind: 'app-token', appTokenId: '', secret: '' })
  })
  it("needs the token's id for an application token, and sends it with the draft", () => {
    const values = { name: 'T', serviceUrl: 'https://www.kaltura.com', partnerId: '42', userId: '', authKind: 'app-token' as const, appTokenId: '', roleId: '', secret: 'tok' }
    const missing = draftFromForm(values, null)
    expect(missing.ok ? [] : Object.keys(missing.errors)).toEqual(['appTokenId'])
    expect(draftFromForm({ ...values, appTokenId: ' 0_ab12 ' }, null)).toEqual({
      ok: true,
      draft: { name: 'T', serviceUrl: 'https://www.kaltura.com', partnerId: 42, userId: '', authKind: 'app-token', appTokenId: '0_ab12', secret: 'tok' }
    })
  })
  it('asks for the secret again when the address or partner id changes, as main would', () => {
    for (const change of [{ serviceUrl: 'https://other.example.com' }, { partnerId: '124' }]) {
      const check = draftFromForm({ ...profileFormFrom(stored), ...change }, stored)
      expect(check.ok ? [] : Object.keys(check.errors), JSON.stringify(change)).toEqual(['secret'])
    }
  })
  it('sends a role id only with an admin secret, to pin its sessions', () => {
    const withRole = draftFromForm({ ...profileFormFrom(stored), roleId: ' 1001 ' }, stored)
    expect(withRole).toMatchObject({ ok: true, draft: { authKind: 'admin-secret', roleId: '1001' } })
    const bad = draftFromForm({ ...profileFormFrom(stored), roleId: 'no spaces please' }, stored)
    expect(bad.ok ? [] : Object.keys(bad.errors)).toEqual(['roleId'])
  })
  it('refuses plain http except to this computer', () => {
    const check = draftFromForm({ ...profileFormFrom(stored), serviceUrl: 'http://www.kaltura.com' }, stored)
    expect(check.ok ? [] : Object.keys(check.errors)).toContain('serviceUrl')
  })
  it('never fills the secret back in when editing', () => {
    expect(profileFormFrom(stored).secret).toBe('')
  })
  it('needs a name, an http(s) address, a numeric partner id and, for a new account, a secret', () => {
    const check = draftFromForm({ name: ' ', serviceUrl: 'ftp://x', partnerId: '12a', userId: '', authKind: 'admin-secret', appTokenId: '', roleId: '', secret: '' }, null)
    expect(check.ok).toBe(false)
    if (!check.ok) expect(Object.keys(check.errors).sort()).toEqual(['name', 'partnerId', 'secret', 'serviceUrl'])
  })
  it('keeps the stored secret when the field is left empty', () => {
    const check = draftFromForm({ ...profileFormFrom(stored), name: 'Renamed' }, stored)
    expect(check).toEqual({ ok: true, draft: { id: 'p1', name: 'Renamed', serviceUrl: 'https://www.kaltura.com', partnerId: 123, userId: 'me', authKind: 'admin-secret' } })
  })
  it('asks for a new secret when switching from admin secret to KS', () => {
    const check = draftFromForm({ ...profileFormFrom(stored), authKind: 'ks' }, stored)
    expect(check.ok).toBe(false)
  })
  it('trims what was typed and sends the secret only to main', () => {
    const check = draftFromForm({ name: ' Test ', serviceUrl: ' http://127.0.0.1:8765 ', partnerId: ' 42 ', userId: '', authKind: 'ks', appTokenId: '', roleId: '', secret: ' abc ' }, null)
    expect(check).toEqual({ ok: true, draft: { name: 'Test', serviceUrl: 'http://127.0.0.1:8765', partnerId: 42, userId: '', authKind: 'ks', secret: 'abc' } })
  })
  it('says plainly what a failed connection test means, with main’s own words', () => {
    expect(connectionText({ ok: false, problem: 'credentials', message: 'Kaltura refused (INVALID_KS)' })).toEqual({
      headline: 'Kaltura refused these details.',
      detail: 'Kaltura refused (INVALID_KS)'
    })
    expect(connectionText({ ok: false, problem: 'unreachable', message: 'x' }).headline).toBe('The server could not be reached.')
    expect(connectionText({ ok: false, problem: 'not-kaltura', message: 'x' }).headline).toBe('That address is not a Kaltura server.')
    expect(connectionText({ ok: true }).detail).toBeNull()
  })
})

describe('settings form', () => {
  it('round-trips the defaults', () => {
    const check = settingsPatchFromForm(settingsFormFrom(DEFAULT_SETTINGS))
    expect(check).toEqual({
      ok: true,
      patch: {
        maxParallelFiles: 4, maxConnections: 6, adaptiveConnections: true, minChunkBytes: DEFAULT_SETTINGS.minChunkBytes, maxChunkBytes: DEFAULT_SETTINGS.maxChunkBytes,
        keepAwake: true, bandwidthLimit: null, includeAudio: false, includeImages: false, watchFolders: []
      }
    })
  })
  it('sends adding connections off as off, and shows a saved off as off', () => {
    const off = settingsPatchFromForm({ ...settingsFormFrom(DEFAULT_SETTINGS), adaptiveConnections: false })
    expect(off).toMatchObject({ ok: true, patch: { maxConnections: 6, adaptiveConnections: false } })
    expect(settingsFormFrom({ ...DEFAULT_SETTINGS, adaptiveConnections: false })).toMatchObject({ maxConnections: '6', adaptiveConnections: false })
  })
  it('refuses files at once outside 1–16, connections outside 1–32 and a smallest chunk above the largest', () => {
    const form = { ...settingsFormFrom(DEFAULT_SETTINGS), maxParallelFiles: '17', maxConnections: '0', minChunkMb: '50', maxChunkMb: '10' }
    const check = settingsPatchFromForm(form)
    expect(check.ok).toBe(false)
    if (!check.ok) expect(Object.keys(check.errors).sort()).toEqual(['maxChunkMb', 'maxConnections', 'maxParallelFiles'])
  })
  it('names the limits main enforces, and accepts both ends its hints name', () => {
    const form = settingsFormFrom(DEFAULT_SETTINGS)
    const check = settingsPatchFromForm({ ...form, maxConnections: '33', minChunkMb: '0.2', limitBandwidth: true, bandwidthMbps: '0.01' })
    expect(check).toEqual({
      ok: false,
      errors: { maxConnections: 'A whole number from 1 to 32.', minChunkMb: 'A number of MB from 0.25 to 2000.', bandwidthMbps: 'A number of MB/s from 0.02 to 107374.' }
    })
    for (const edge of [{ minChunkMb: '0.25', bandwidthMbps: '0.02' }, { maxChunkMb: '2000', bandwidthMbps: '107374' }]) {
      expect(settingsPatchFromForm({ ...form, limitBandwidth: true, ...edge }).ok).toBe(true)
    }
  })
  it('turns a bandwidth limit in MB/s into bytes per second, and off into null', () => {
    const on = settingsPatchFromForm({ ...settingsFormFrom(DEFAULT_SETTINGS), limitBandwidth: true, bandwidthMbps: '2.5' })
    expect(on.ok && on.patch.bandwidthLimit).toBe(2_500_000)
    const bad = settingsPatchFromForm({ ...settingsFormFrom(DEFAULT_SETTINGS), limitBandwidth: true, bandwidthMbps: 'fast' })
    expect(bad.ok).toBe(false)
    const back = settingsFormFrom({ ...DEFAULT_SETTINGS, bandwidthLimit: 2_500_000 })
    expect(back).toMatchObject({ limitBandwidth: true, bandwidthMbps: '2.5' })
  })
})
