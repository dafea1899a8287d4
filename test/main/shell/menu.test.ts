// The application menu: editing and window roles everywhere (copy and paste in the account form), the macOS app
// menu with Quit, and reload or DevTools only when the app is not packaged.
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FakeElectron } from './fakeElectron'
import type { FakeMenu } from './fakeProtocolAndMenu'
import { bootShell, onPlatform, shutDownShells, type FakeElectronHolder } from './shellHarness'

const electron = vi.hoisted((): FakeElectronHolder => ({ fake: null }))
vi.mock('electron', async () => (await import('./fakeElectron')).electronModule(() => electron.fake ?? failNoFake()))
function failNoFake(): FakeElectron {
  throw new Error('electron was imported before bootShell')
}

afterEach(shutDownShells)

const DEVELOPER_ROLES = ['toggleDevTools', 'reload', 'forceReload']
const EDITING_ROLES = ['undo', 'redo', 'cut', 'copy', 'paste', 'selectAll']

/** Boots the shell on a platform and returns the menu it installed once its window is open. */
async function menuOf(platform: NodeJS.Platform, isPackaged: boolean): Promise<FakeMenu> {
  return onPlatform(platform, async () => {
    const { fake } = await bootShell(electron, { isPackaged })
    await fake.windowOpened()
    const menu = fake.Menu.applicationMenu
    if (!menu) throw new Error('the shell installed no application menu')
    return menu
  })
}

describe('the application menu', () => {
  for (const platform of ['linux', 'win32', 'darwin'] as const) {
    it(`packaged on ${platform}, keeps editing, window and quit roles and offers no DevTools or reload`, async () => {
      const menu = await menuOf(platform, true)
      expect(menu.rolesUnder('Edit')).toEqual(expect.arrayContaining(EDITING_ROLES))
      expect(menu.roles()).toEqual(expect.arrayContaining(['quit', 'minimize']))
      for (const role of DEVELOPER_ROLES) expect(menu.roles()).not.toContain(role)
    })
  }

  it('on macOS, opens with the app menu named after the app, ending in Quit', async () => {
    const menu = await menuOf('darwin', true)
    const [first] = menu.items
    expect(first?.label).toBe('Kaltura Batch Uploader')
    expect(menu.rolesUnder('Kaltura Batch Uploader').at(-1)).toBe('quit')
    expect(menu.rolesUnder('window')).toContain('front')
  })

  it('not packaged, offers reload and DevTools under View', async () => {
    const menu = await menuOf('linux', false)
    expect(menu.rolesUnder('View')).toEqual(expect.arrayContaining(DEVELOPER_ROLES))
    expect(menu.rolesUnder('Edit')).toEqual(expect.arrayContaining(EDITING_ROLES))
  })
})
