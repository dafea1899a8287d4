// The app:// scheme the window runs on: registered as privileged before the app is ready, answering the bundle's
// files with their types, and nothing outside the renderer folder however the path is dressed up.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { serveFromBundle } from '../../../src/main/shell/appProtocol'
import type { FakeElectron } from './fakeElectron'
import { bootShell, shutDownShells, type FakeElectronHolder } from './shellHarness'

const electron = vi.hoisted((): FakeElectronHolder => ({ fake: null }))
vi.mock('electron', async () => (await import('./fakeElectron')).electronModule(() => electron.fake ?? failNoFake()))
function failNoFake(): FakeElectron {
  throw new Error('electron was imported before bootShell')
}

afterEach(shutDownShells)

describe('the app:// scheme in the running shell', () => {
  it('is registered as a standard, secure scheme before the app is ready, with no CSP bypass, and handled once ready', async () => {
    const { fake } = await bootShell(electron)
    // The fake throws when registerSchemesAsPrivileged comes after ready, or protocol.handle before it.
    expect(fake.protocol.privileged).toEqual([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } }])
    await fake.windowOpened()
    expect([...fake.protocol.handlers.keys()]).toEqual(['app'])
  })

  it("serves the renderer's index.html, at / and by name, with the CSP that makes 'self' the bundle", async () => {
    const { fake } = await bootShell(electron)
    await fake.windowOpened()
    for (const url of ['app://bundle/', 'app://bundle/index.html']) {
      const response = await fake.protocol.request(url)
      expect(response.status, url).toBe(200)
      expect(response.headers.get('content-type'), url).toBe('text/html; charset=utf-8')
      const html = await response.text()
      const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1]
      expect(csp, url).toMatch(/(^|; )default-src 'self'(;|$)/)
      expect(csp, url).toMatch(/(^|; )script-src 'self'(;|$)/)
      expect(csp, url).not.toMatch(/unsafe-|\*|file:|app:/)
    }
  })

  it('answers a traversal through the registered handler with 403 or 404, never the file', async () => {
    const { fake } = await bootShell(electron)
    await fake.windowOpened()
    const answers = await Promise.all(
      ['app://bundle/../../etc/passwd', 'app://bundle/%2e%2e/%2e%2e/etc/passwd', 'app://bundle/..%2f..%2f..%2f..%2f..%2fetc%2fpasswd', 'app://bundle//etc/passwd'].map(
        async (url) => {
          const response = await fake.protocol.request(url)
          return { url, status: response.status, leaked: (await response.text()).includes('root:') }
        }
      )
    )
    for (const { url, status, leaked } of answers) {
      expect([403, 404], url).toContain(status)
      expect(leaked, url).toBe(false)
    }
  })
})

describe('the bundle handler', () => {
  const SECRET = 'outside-the-bundle-3f9a'
  let top: string
  let root: string
  const get = (url: string, init?: RequestInit): Promise<Response> => serveFromBundle(root, new Request(url, init))

  beforeAll(async () => {
    // out/renderer is the bundle; out/secret.txt and the sibling out/renderer-evil/ are outside it.
    top = await mkdtemp(join(tmpdir(), 'kbu-bundle-'))
    root = join(top, 'out', 'renderer')
    await mkdir(join(root, 'assets'), { recursive: true })
    await mkdir(join(top, 'out', 'renderer-evil'))
    await writeFile(join(root, 'index.html'), '<!doctype html><title>app</title>')
    await writeFile(join(root, 'assets', 'index-4f2a.js'), 'export const app = 1')
    await writeFile(join(root, 'assets', 'index-4f2a.css'), 'body{}')
    await writeFile(join(root, 'assets', 'logo.svg'), '<svg/>')
    await writeFile(join(root, 'assets', 'inter.woff2'), 'font')
    await writeFile(join(root, 'assets', 'data.bin'), 'bytes')
    await writeFile(join(top, 'out', 'secret.txt'), SECRET)
    await writeFile(join(top, 'out', 'renderer-evil', 'x.js'), SECRET)
    // Planted links: a file and a folder that point outside, and one that stays inside.
    await symlink(join(top, 'out', 'secret.txt'), join(root, 'leak.txt'))
    await symlink(join(top, 'out'), join(root, 'escape'))
    await symlink(join(root, 'assets', 'index-4f2a.js'), join(root, 'alias.js'))
  })
  afterAll(() => rm(top, { recursive: true, force: true }))

  it('serves each asset with its MIME type and nosniff, and unknown kinds as opaque bytes', async () => {
    const expected: Array<[string, string, string]> = [
      ['app://bundle/index.html', 'text/html; charset=utf-8', '<!doctype html><title>app</title>'],
      ['app://bundle/assets/index-4f2a.js', 'text/javascript; charset=utf-8', 'export const app = 1'],
      ['app://bundle/assets/index-4f2a.css', 'text/css; charset=utf-8', 'body{}'],
      ['app://bundle/assets/logo.svg', 'image/svg+xml', '<svg/>'],
      ['app://bundle/assets/inter.woff2', 'font/woff2', 'font'],
      ['app://bundle/assets/data.bin', 'application/octet-stream', 'bytes'],
      ['app://bundle/assets/index-4f2a.js?v=2#top', 'text/javascript; charset=utf-8', 'export const app = 1'],
      ['app://bundle/alias.js', 'text/javascript; charset=utf-8', 'export const app = 1']
    ]
    for (const [url, type, body] of expected) {
      const response = await get(url)
      expect([response.status, response.headers.get('content-type'), response.headers.get('x-content-type-options')], url).toEqual([200, type, 'nosniff'])
      expect(await response.text(), url).toBe(body)
    }
  })

  it('refuses every way out of the folder (dot segments, encoded separators, absolute paths, planted symlinks) without reading it', async () => {
    const refusals: Array<[string, 403 | 404]> = [
      // The URL parser folds these to a path inside the bundle, where no such file exists.
      ['app://bundle/../../etc/passwd', 404],
      ['app://bundle/%2e%2e/%2e%2e/etc/passwd', 404],
      ['app://bundle/%2E%2E/secret.txt', 404],
      ['app://bundle/.%2e/secret.txt', 404],
      // Separators that only appear once decoded.
      ['app://bundle/..%2fsecret.txt', 403],
      ['app://bundle/%2e%2e%2fsecret.txt', 403],
      ['app://bundle/..%5csecret.txt', 403],
      ['app://bundle/assets%2f..%2f..%2fsecret.txt', 403],
      ['app://bundle/..%2frenderer-evil%2fx.js', 403],
      // Absolute paths, POSIX and Windows.
      ['app://bundle//etc/passwd', 403],
      ['app://bundle/%2Fetc%2Fpasswd', 403],
      ['app://bundle/C:/Windows/win.ini', 403],
      ['app://bundle/%5C%5Cserver%5Cshare%5Cx', 403],
      // Links planted in the folder that resolve outside it.
      ['app://bundle/leak.txt', 403],
      ['app://bundle/escape/secret.txt', 403],
      ['app://bundle/escape/renderer-evil/x.js', 403],
      // Not a file: a NUL byte, a malformed escape, a folder, nothing at all.
      ['app://bundle/index.html%00.png', 403],
      ['app://bundle/%E0%A4%A', 403],
      ['app://bundle/assets/', 404],
      ['app://bundle/missing.js', 404]
    ]
    for (const [url, status] of refusals) {
      const response = await get(url)
      const body = await response.text()
      expect(response.status, url).toBe(status)
      expect(body.includes(SECRET) || body.includes('root:'), url).toBe(false)
    }
  })

  it('answers only its own host, and only GET', async () => {
    for (const url of ['app://other/index.html', 'app://bundle:8080/index.html', 'app://bundle.evil.example/index.html']) {
      expect((await get(url)).status, url).toBe(404)
    }
    expect((await get('app://bundle/index.html', { method: 'POST', body: 'x' })).status).toBe(405)
    expect((await get('app://bundle/index.html', { method: 'HEAD' })).status).toBe(405)
  })
})
