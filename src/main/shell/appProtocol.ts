// The app:// scheme the window runs on instead of file://: registered as a privileged standard scheme before the
// app is ready, then answered from the built renderer folder only, so 'self' in the page's CSP means the bundle.
import { realpath as realpathCallback } from 'node:fs'
import { readFile } from 'node:fs/promises'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'
import { promisify } from 'node:util'
import { protocol } from 'electron'

const SCHEME = 'app'
const HOST = 'bundle'
/** Where the window starts; every other page or frame URL is judged against this one's scheme and host. */
export const APP_ENTRY_URL = `${SCHEME}://${HOST}/index.html`

// The callback form, because Electron's asar support is sure to patch it: the bundle lives inside app.asar.
const realpath = promisify(realpathCallback)

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8'
}

/**
 * Before ready (Electron refuses it later). Standard, so relative URLs and the origin work like http's; secure, so
 * the page is a secure context; fetch for module scripts. Not bypassCSP: the page's own policy must apply.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }])
}

/** After ready: every app:// request is answered from this folder, and from nowhere else. */
export function serveAppBundle(rendererRoot: string): void {
  protocol.handle(SCHEME, (request) => serveFromBundle(rendererRoot, request))
}

/**
 * Whether a parsed URL is on the app's scheme and host. Node gives non-special schemes an opaque origin ("null" for
 * app://bundle and app://other alike), so the parts are compared instead; credentials or a port make it another URL.
 */
export function isAppOrigin(url: URL): boolean {
  return url.protocol === `${SCHEME}:` && url.host === HOST && url.username === '' && url.password === ''
}

/** One response for a request: the bundle file it names, or 403/404/405 without reading anything else. */
export async function serveFromBundle(rendererRoot: string, request: Request): Promise<Response> {
  if (request.method !== 'GET') return status(405)
  if (!URL.canParse(request.url) || !isAppOrigin(new URL(request.url))) return status(404)
  const wanted = bundlePath(new URL(request.url).pathname)
  if (wanted === null) return status(403)
  const root = await realpath(rendererRoot)
  const candidate = resolve(root, wanted)
  if (!inside(root, candidate)) return status(403)
  let real: string
  try {
    real = await realpath(candidate)
  } catch {
    return status(404)
  }
  // A symlink planted in the folder resolves elsewhere: refused before a byte of its target is read.
  if (!inside(root, real)) return status(403)
  let body: Buffer
  try {
    body = await readFile(real)
  } catch {
    return status(404)
  }
  return new Response(new Uint8Array(body), {
    status: 200,
    headers: { 'Content-Type': MIME_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream', 'X-Content-Type-Options': 'nosniff' }
  })
}

/**
 * The relative file a URL path names, or null when it tries to leave the folder. The URL parser already folds
 * "..", "%2e%2e" and friends, but an encoded separator ("..%2f") only becomes one after decoding, so the decoded
 * path is checked again. An absolute path ("//etc/passwd", "C:/…", a UNC "\\\\server") or a NUL byte is never a
 * bundle file.
 */
function bundlePath(pathname: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const withoutLead = decoded.startsWith('/') ? decoded.slice(1) : decoded
  if (withoutLead === '') return 'index.html'
  // Absolute on some platform, if not this one: the bundle has no file whose name starts like that.
  if (isAbsolute(withoutLead) || /^([\\/]|[a-zA-Z]:)/.test(withoutLead)) return null
  if (withoutLead.split(/[\\/]/).some((segment) => segment === '..')) return null
  return withoutLead
}

/** Containment by path.relative, not a string prefix: "/out/renderer-evil" is not inside "/out/renderer". */
function inside(root: string, path: string): boolean {
  const rel = relative(root, path)
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel)
}

function status(code: 403 | 404 | 405): Response {
  return new Response(null, { status: code, headers: { 'Content-Type': 'text/plain; charset=utf-8' } })
}
