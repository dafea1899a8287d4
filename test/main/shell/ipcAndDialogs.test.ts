// The shell's IPC registration and native dialogs: every contract channel registered once, answered for the app's
// own window at its own page and refused for anyone else; pickers that answer null on cancel; links only over http(s).
import { join } from 'node:path'
import { stat, writeFile } from 'node:fs/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { REQUEST_CHANNELS } from '../../../src/shared/ipc-contract'
import type { FakeElectron } from './fakeElectron'
import { appUrlOf, bootShell, invokeFromWindow, onPlatform, shutDownShells, type FakeElectronHolder } from './shellHarness'

const electron = vi.hoisted((): FakeElectronHolder => ({ fake: null }))
vi.mock('electron', async () => (await import('./fakeElectron')).electronModule(() => electron.fake ?? failNoFake()))
function failNoFake(): FakeElectron {
  throw new Error('electron was imported before bootShell')
}

afterEach(shutDownShells)

describe('IPC registration', () => {
  it('registers every channel of the contract exactly once, and nothing else', async () => {
    const { fake } = await bootShell(electron)
    await fake.windowOpened()
    expect([...fake.ipcMain.registrations].sort()).toEqual([...REQUEST_CHANNELS].sort())
  })

  it("answers every channel for the app's own window at its own page", async () => {
    const { fake, dataDir } = await bootShell(electron)
    const window = await fake.windowOpened()
    for (const channel of REQUEST_CHANNELS) {
      // Malformed on purpose: the handler itself answers (invalid-payload, or a value), never the sender check.
      const answer = await invokeFromWindow(fake, window, channel, { malformed: true })
      expect(answer, channel).not.toMatchObject({ code: 'forbidden' })
    }
    expect(await invokeFromWindow(fake, window, 'app:info')).toEqual({
      ok: true,
      value: { name: 'Kaltura Batch Uploader', version: '0.0.0-test', dataDir, journalNotice: null }
    })
  })

  it('refuses every channel from another web contents, from a foreign frame of its window, and from a frame with no URL', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    const stranger = fake.foreignWebContents()
    const senders = [
      { sender: stranger, frameUrl: appUrlOf(window) },
      { sender: window.webContents, frameUrl: 'https://evil.example/' },
      { sender: window.webContents, frameUrl: 'app://other/index.html' },
      { sender: window.webContents, frameUrl: null }
    ]
    for (const channel of REQUEST_CHANNELS) {
      for (const from of senders) {
        expect(await fake.ipcMain.invoke(channel, undefined, from), `${channel} from ${from.frameUrl}`).toMatchObject({ ok: false, code: 'forbidden' })
      }
    }
  })

  it('trusts no sender once its window is closed (macOS keeps the app running without one)', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    expect(await invokeFromWindow(fake, window, 'files:pause', {})).toEqual({ ok: true, value: { done: 0, refused: [] } })
    await onPlatform('darwin', async () => window.close())
    expect(await fake.ipcMain.invoke('files:pause', {}, { sender: window.webContents, frameUrl: appUrlOf(window) })).toMatchObject({ ok: false, code: 'forbidden' })
  })
})

describe('native dialogs', () => {
  it('answer null when the user cancels and the chosen paths otherwise, attached to the window', async () => {
    const { fake, dataDir } = await bootShell(electron)
    const window = await fake.windowOpened()
    const video = join(dataDir, 'clip.mp4')
    await writeFile(video, 'video bytes')

    fake.dialog.answers.push({ canceled: true })
    expect(await invokeFromWindow(fake, window, 'scan:pick', { kind: 'folder' })).toEqual({ ok: true, value: null })
    fake.dialog.answers.push({ canceled: false, filePaths: [video] })
    expect(await invokeFromWindow(fake, window, 'scan:pick', { kind: 'files' })).toMatchObject({ ok: true, value: { files: 1, totalBytes: 11 } })
    expect(fake.dialog.calls.map((c) => [c.kind, c.parent === window, c.options])).toEqual([
      ['open', true, { title: 'Choose folders of videos', properties: ['openDirectory', 'multiSelections'] }],
      ['open', true, { title: 'Choose videos', properties: ['openFile', 'multiSelections'] }]
    ])

    fake.dialog.answers.push({ canceled: true })
    expect(await invokeFromWindow(fake, window, 'report:export', { format: 'csv' })).toEqual({ ok: true, value: null })
    fake.dialog.answers.push({ canceled: false, filePath: '' })
    expect(await invokeFromWindow(fake, window, 'report:export', { format: 'csv' })).toEqual({ ok: true, value: null })
    fake.dialog.answers.push({ canceled: false, filePath: join(dataDir, 'results') })
    expect(await invokeFromWindow(fake, window, 'report:export', { format: 'json' })).toEqual({ ok: true, value: { path: join(dataDir, 'results.json') } })
    expect((await stat(join(dataDir, 'results.json'))).isFile()).toBe(true)
    expect(fake.dialog.calls.slice(2).map((c) => [c.kind, c.parent === window])).toEqual([['save', true], ['save', true], ['save', true]])
  })

  it('open without a parent when there is no window', async () => {
    const { fake } = await bootShell(electron)
    await fake.windowOpened()
    const { electronDialogs } = await import('../../../src/main/shell/dialogs')
    const dialogs = electronDialogs(() => null)
    fake.dialog.answers.push({ canceled: false, filePaths: ['/videos'] }, { canceled: false, filePath: '/tmp/report.csv' })
    expect(await dialogs.pickPaths('folder')).toEqual(['/videos'])
    expect(await dialogs.saveReportPath('kaltura-upload-report.csv')).toBe('/tmp/report.csv')
    expect(fake.dialog.calls.map((c) => c.parent)).toEqual([null, null])
  })
})

describe('external links', () => {
  it('open http(s) URLs only, and refuse file:, javascript: and custom schemes', async () => {
    const { fake } = await bootShell(electron)
    await fake.windowOpened()
    const { openExternalSafely } = await import('../../../src/main/shell/security')
    await openExternalSafely('https://kmc.example/index.php/kmcng/content/entries/entry/0_abc')
    await openExternalSafely('http://localhost:8080/entry')
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'ms-settings:privacy']) {
      await expect(openExternalSafely(url), url).rejects.toThrow(/refusing/)
    }
    await expect(openExternalSafely('not a url')).rejects.toThrow()
    expect(fake.shell.opened).toEqual(['https://kmc.example/index.php/kmcng/content/entries/entry/0_abc', 'http://localhost:8080/entry'])
  })
})
