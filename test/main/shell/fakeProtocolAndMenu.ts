// The fake Electron's protocol and Menu modules: they record what the shell registered and when (before or after
// the app was ready, as Electron requires), let a test request an app:// URL as the window would, and keep the menu.

export interface FakeCustomScheme {
  scheme: string
  privileges?: Record<string, boolean>
}

type ProtocolHandler = (request: Request) => Response | Promise<Response>

export class FakeProtocol {
  readonly privileged: FakeCustomScheme[] = []
  readonly handlers = new Map<string, ProtocolHandler>()

  constructor(private readonly isReady: () => boolean) {}

  /** Electron accepts this once, and only before ready; later calls are the bug the fake must show. */
  registerSchemesAsPrivileged(schemes: FakeCustomScheme[]): void {
    if (this.isReady()) throw new Error('protocol.registerSchemesAsPrivileged should be called before app is ready')
    if (this.privileged.length > 0) throw new Error('protocol.registerSchemesAsPrivileged can be called only once')
    this.privileged.push(...schemes)
  }

  handle(scheme: string, handler: ProtocolHandler): void {
    if (!this.isReady()) throw new Error('protocol.handle can only be used after the app is ready')
    if (this.handlers.has(scheme)) throw new Error(`The scheme '${scheme}' is already handled`)
    this.handlers.set(scheme, handler)
  }

  /** Requests a URL as the page would; Node's URL parser folds dot segments as Chromium does for a standard scheme. */
  async request(url: string, init?: RequestInit): Promise<Response> {
    const scheme = new URL(url).protocol.slice(0, -1)
    const handler = this.handlers.get(scheme)
    if (!handler) throw new Error(`net::ERR_UNKNOWN_URL_SCHEME (${scheme})`)
    return handler(new Request(url, init))
  }
}

/** A menu item as the shell builds it: a role, or a labelled submenu, or a separator. */
export interface FakeMenuItem {
  role?: string
  label?: string
  type?: string
  submenu?: FakeMenuItem[]
}

export class FakeMenu {
  constructor(readonly items: FakeMenuItem[]) {}

  /** Every role in the menu and its submenus, in order. */
  roles(): string[] {
    const walk = (items: FakeMenuItem[]): string[] => items.flatMap((i) => [...(i.role ? [i.role] : []), ...walk(i.submenu ?? [])])
    return walk(this.items)
  }

  /** The roles under the top-level item with this label (or role). */
  rolesUnder(label: string): string[] {
    const top = this.items.find((i) => i.label === label || i.role === label)
    if (!top) throw new Error(`the menu has no '${label}'`)
    return new FakeMenu(top.submenu ?? []).roles()
  }
}

export function fakeMenuModule(): { applicationMenu: FakeMenu | null; buildFromTemplate(template: FakeMenuItem[]): FakeMenu; setApplicationMenu(menu: FakeMenu | null): void } {
  return {
    applicationMenu: null,
    buildFromTemplate: (template) => new FakeMenu(template),
    setApplicationMenu(menu) {
      this.applicationMenu = menu
    }
  }
}
