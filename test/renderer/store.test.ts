// The renderer store folds main's 'files:update' events into a normalised list without disturbing untouched rows.
import { beforeEach, describe, expect, it } from 'vitest'
import type { FileView, Totals } from '../../src/shared/uploads'
import type { ProfileView } from '../../src/shared/ipc-contract'
import { applyFilesUpdate, EMPTY_FILES, replaceFiles, type FilesState } from '../../src/renderer/src/store/files'
import { addNotice, removeNotice } from '../../src/renderer/src/store/notices'
import { chooseActiveProfile, upsertProfile } from '../../src/renderer/src/store/profiles'
import { INITIAL_STATE, useUploaderStore } from '../../src/renderer/src/store/appStore'

function file(id: number, patch: Partial<FileView> = {}): FileView {
  return {
    id,
    batchId: 1,
    name: `clip-${id}.mp4`,
    relativePath: `shoot/clip-${id}.mp4`,
    size: 1000,
    state: 'queued',
    waiting: null,
    waitingDetail: null,
    error: null,
    notice: null,
    entryId: null,
    duplicateOf: null,
    confirmedBytes: 0,
    inFlightBytes: 0,
    speed: 0,
    etaSeconds: null,
    ...patch
  }
}

function totals(files: number, confirmedBytes = 0): Totals {
  return { files, byState: { queued: files }, bytes: files * 1000, confirmedBytes, inFlightBytes: 0, filesLeft: files, bytesLeft: files * 1000 - confirmedBytes, speed: null, etaSeconds: null, flow: 'idle' }
}

function profile(id: string): ProfileView {
  return { id, name: id, serviceUrl: 'https://www.kaltura.com', partnerId: 1, userId: '', authKind: 'admin-secret', appTokenId: null, roleId: null, hasSecret: true, secretSessionOnly: false }
}

describe('applying files:update', () => {
  it('adds files from the first event in the order they arrive', () => {
    const s = applyFilesUpdate(EMPTY_FILES, [file(3), file(1), file(2)], totals(3))
    expect(s.order).toEqual([3, 1, 2])
    expect(s.byId[1]?.name).toBe('clip-1.mp4')
    expect(s.totals.files).toBe(3)
  })

  it('replaces a changed file in place and keeps the order array and every other file object', () => {
    const before = applyFilesUpdate(EMPTY_FILES, [file(1), file(2), file(3)], totals(3))
    const after = applyFilesUpdate(before, [file(2, { state: 'uploading', confirmedBytes: 400, speed: 200 })], totals(3, 400))
    expect(after.order).toBe(before.order)
    expect(after.byId[1]).toBe(before.byId[1])
    expect(after.byId[3]).toBe(before.byId[3])
    expect(after.byId[2]).toMatchObject({ state: 'uploading', confirmedBytes: 400 })
    expect(after.totals.confirmedBytes).toBe(400)
  })

  it('appends ids it has not seen after the existing ones', () => {
    const before = applyFilesUpdate(EMPTY_FILES, [file(1), file(2)], totals(2))
    const after = applyFilesUpdate(before, [file(2, { state: 'uploading' }), file(7), file(5)], totals(4))
    expect(after.order).toEqual([1, 2, 7, 5])
  })

  it('keeps the old object when an event repeats a file unchanged, so its row does not re-render', () => {
    const before = applyFilesUpdate(EMPTY_FILES, [file(1, { state: 'uploading', confirmedBytes: 10 })], totals(1))
    const after = applyFilesUpdate(before, [file(1, { state: 'uploading', confirmedBytes: 10 })], totals(1, 10))
    expect(after.byId).toBe(before.byId)
    expect(after.totals.confirmedBytes).toBe(10)
  })

  it('notices a changed error message even when the state stays failed', () => {
    const before = applyFilesUpdate(EMPTY_FILES, [file(1, { state: 'failed', error: { kind: 'api', message: 'first' } })], totals(1))
    const after = applyFilesUpdate(before, [file(1, { state: 'failed', error: { kind: 'api', message: 'second' } })], totals(1))
    expect(after.byId[1]?.error?.message).toBe('second')
  })

  it('does not list a file twice when one event carries it twice', () => {
    const s = applyFilesUpdate(EMPTY_FILES, [file(1), file(1, { state: 'uploading' })], totals(1))
    expect(s.order).toEqual([1])
    expect(s.byId[1]?.state).toBe('uploading')
  })

  it('handles ten thousand files and a tick touching a few of them', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => file(i + 1))
    const loaded = applyFilesUpdate(EMPTY_FILES, many, totals(10_000))
    const ticked = applyFilesUpdate(loaded, [file(5000, { state: 'uploading', confirmedBytes: 1 })], totals(10_000, 1))
    expect(ticked.order).toBe(loaded.order)
    expect(ticked.order).toHaveLength(10_000)
    expect(ticked.byId[4999]).toBe(loaded.byId[4999])
    expect(ticked.byId[5000]?.confirmedBytes).toBe(1)
  })
})

describe('replacing the list from files:list', () => {
  it('drops files main no longer lists (after Clear finished) and reuses unchanged objects', () => {
    const before: FilesState = applyFilesUpdate(EMPTY_FILES, [file(1, { state: 'done' }), file(2), file(3)], totals(3))
    const after = replaceFiles(before, [file(2), file(3)], totals(2))
    expect(after.order).toEqual([2, 3])
    expect(after.byId[1]).toBeUndefined()
    expect(after.byId[2]).toBe(before.byId[2])
  })

  it('keeps the order array when the same ids come back in the same order', () => {
    const before = applyFilesUpdate(EMPTY_FILES, [file(1), file(2)], totals(2))
    const after = replaceFiles(before, [file(1), file(2, { state: 'paused' })], totals(2))
    expect(after.order).toBe(before.order)
    expect(after.byId[2]?.state).toBe('paused')
  })
})

describe('the zustand store', () => {
  beforeEach(() => useUploaderStore.setState(INITIAL_STATE))

  it('applies an update through its setter and keeps untouched files', () => {
    const store = useUploaderStore.getState()
    store.replaceAll([file(1), file(2)], totals(2))
    const kept = useUploaderStore.getState().byId[1]
    useUploaderStore.getState().applyUpdate([file(2, { state: 'uploading' }), file(3)], totals(3))
    const s = useUploaderStore.getState()
    expect(s.order).toEqual([1, 2, 3])
    expect(s.byId[1]).toBe(kept)
    expect(s.byId[2]?.state).toBe('uploading')
    expect(s.totals.files).toBe(3)
  })

  it('chooses the remembered account while it exists and moves on when it is deleted', () => {
    const store = useUploaderStore.getState()
    store.setProfiles([profile('a'), profile('b')], 'b')
    expect(useUploaderStore.getState().activeProfileId).toBe('b')
    useUploaderStore.getState().profileDeleted('b')
    expect(useUploaderStore.getState().activeProfileId).toBe('a')
    useUploaderStore.getState().profileDeleted('a')
    expect(useUploaderStore.getState().activeProfileId).toBeNull()
  })

  it('makes the first saved account the active one', () => {
    useUploaderStore.getState().setProfiles([], null)
    useUploaderStore.getState().profileSaved(profile('new'))
    expect(useUploaderStore.getState().activeProfileId).toBe('new')
    expect(useUploaderStore.getState().profiles.map((p) => p.id)).toEqual(['new'])
  })

  it('shows a failure once however often it happens, and forgets it when dismissed', () => {
    useUploaderStore.getState().notify('error', 'Server unreachable')
    useUploaderStore.getState().notify('error', 'Server unreachable')
    const [only] = useUploaderStore.getState().notices
    expect(useUploaderStore.getState().notices).toHaveLength(1)
    useUploaderStore.getState().dismissNotice(only!.id)
    expect(useUploaderStore.getState().notices).toHaveLength(0)
  })
})

describe('accounts and notices, pure', () => {
  it('falls back to the first account when the remembered one is gone', () => {
    expect(chooseActiveProfile([profile('a'), profile('b')], 'zzz')).toBe('a')
    expect(chooseActiveProfile([], 'a')).toBeNull()
  })

  it('updates a saved account in place', () => {
    const list = [profile('a'), profile('b')]
    const renamed = { ...profile('a'), name: 'Renamed' }
    expect(upsertProfile(list, renamed).map((p) => p.name)).toEqual(['Renamed', 'b'])
  })

  it('keeps only the latest few notices', () => {
    let list = addNotice([], { id: 1, tone: 'info', text: 'one' })
    for (let i = 2; i <= 8; i++) list = addNotice(list, { id: i, tone: 'info', text: `n${i}` })
    expect(list.map((n) => n.id)).toEqual([4, 5, 6, 7, 8])
    expect(removeNotice(list, 6).map((n) => n.id)).toEqual([4, 5, 7, 8])
  })
})
