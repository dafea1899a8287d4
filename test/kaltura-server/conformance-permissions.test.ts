// permission.getCurrentPermissions as kaltura/server c447fdb3eb has it (PermissionService.php:218-229): a plain string of
// the session's permission names joined by ",", which any role may ask for (service.permission.ini:29-36). The uploader
// reads CONTENT_MANAGE_EDIT_CATEGORIES from it to offer "Create category" only where category.add would be allowed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ROLES } from './permissions'
import { startFreshServer, userKs, type FreshServer } from './freshServer'
import { makeKsV2 } from './testKs'

let fresh: FreshServer

const roles = [...DEFAULT_ROLES, { id: 1002, systemName: 'CATEGORY_EDITOR', permissions: ['CONTENT_MANAGE_EDIT_CATEGORIES', 'CONTENT_MANAGE_BASE'] }]

beforeAll(async () => {
  fresh = await startFreshServer({ roles })
})

afterAll(async () => {
  await fresh.stop()
})

function roleKs(role: string): string {
  const server = fresh.server
  return makeKsV2({ partnerId: server.partnerId, secret: server.adminSecret, expiry: server.clock.now() + 3600, type: 0, userId: 'someone', privileges: `setrole:${role}` })
}

async function namesFor(ks: string | null): Promise<{ body: unknown; names: string[] }> {
  const reply = await fresh.api.call('permission', 'getCurrentPermissions', {}, ks)
  return { body: reply.body, names: typeof reply.body === 'string' ? reply.body.split(',') : [] }
}

describe('permission.getCurrentPermissions', () => {
  it("answers a role's permission names and ALWAYS_ALLOWED_ACTIONS as one comma-separated string (kPermissionManager.php:281-321)", async () => {
    const editor = await namesFor(roleKs('CATEGORY_EDITOR'))
    expect(typeof editor.body).toBe('string')
    expect(editor.names.sort()).toEqual(['ALWAYS_ALLOWED_ACTIONS', 'CONTENT_MANAGE_BASE', 'CONTENT_MANAGE_EDIT_CATEGORIES'])
    expect((await namesFor(roleKs('UPLOADER_ROLE'))).names.sort()).toEqual(['ALWAYS_ALLOWED_ACTIONS', 'CONTENT_INGEST_UPLOAD', 'CONTENT_MANAGE_BASE'])
  })

  it('gives a USER KS the user-session role, which may not edit categories, and an ADMIN KS every permission', async () => {
    const user = await namesFor(userKs(fresh.server, 'someone'))
    expect(user.names.sort()).toEqual(['ALWAYS_ALLOWED_ACTIONS', 'BASE_USER_SESSION_PERMISSION'])
    const admin = await namesFor(fresh.api.ks)
    expect(admin.names).toContain('CONTENT_MANAGE_EDIT_CATEGORIES')
    expect(new Set(admin.names).size).toBe(admin.names.length)
  })

  it('agrees with what category.add then does: forbidden to the user session, allowed to the category editor', async () => {
    const add = (ks: string): Promise<unknown> =>
      fresh.api.call('category', 'add', { category: { objectType: 'KalturaCategory', name: `Made by ${ks.slice(-6)}` } }, ks).then((r) => r.body)
    expect(await add(userKs(fresh.server, 'someone'))).toMatchObject({ code: 'SERVICE_FORBIDDEN' })
    expect(await add(roleKs('CATEGORY_EDITOR'))).toMatchObject({ objectType: 'KalturaCategory' })
  })

  it('refuses an expired KS like any call', async () => {
    const server = fresh.server
    const expired = makeKsV2({ partnerId: server.partnerId, secret: server.adminSecret, expiry: server.clock.now() - 10, type: 0, userId: 'someone' })
    expect((await namesFor(expired)).body).toMatchObject({ code: 'INVALID_KS' })
  })
})
