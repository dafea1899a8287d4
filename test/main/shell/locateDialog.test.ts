// The shell's "Where is this file now?" picker for Locate…: one file, under the app's window, named in the title;
// null when the user cancels.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FakeElectron } from './fakeElectron'
import { bootShell, shutDownShells, type FakeElectronHolder } from './shellHarness'

const electron = vi.hoisted((): FakeElectronHolder => ({ fake: null }))
vi.mock('electron', async () => (await import('./fakeElectron')).electronModule(() => electron.fake ?? failNoFake()))
function failNoFake(): FakeElectron {
  throw new Error('electron was imported before bootShell')
}

afterEach(shutDownShells)

describe('the Locate… picker', () => {
  it('asks for one file under the window, names the file it looks for, and answers null when cancelled', async () => {
    const { fake } = await bootShell(electron)
    const window = await fake.windowOpened()
    const { electronDialogs } = await import('../../../src/main/shell/dialogs')
    const dialogs = electronDialogs(() => window as never)
    fake.dialog.answers.push({ canceled: false, filePaths: ['/Volumes/Card/clip.mp4'] }, { canceled: true })
    expect(await dialogs.locateFile('clip.mp4')).toBe('/Volumes/Card/clip.mp4')
    expect(await dialogs.locateFile('clip.mp4')).toBeNull()
    expect(fake.dialog.calls.map((c) => [c.kind, c.parent === window])).toEqual([['open', true], ['open', true]])
    const options = fake.dialog.calls[0]!.options as { title: string; properties: string[] }
    expect(options.title).toBe('Where is clip.mp4 now?')
    expect(options.properties).toEqual(['openFile'])
  })
})
