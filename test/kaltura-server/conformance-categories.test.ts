// Categories as kaltura/server c447fdb3eb has them: category.add/get/list (CategoryService.php), categoryEntry.add/list/
// delete (CategoryEntryService.php, categoryEntry.php), the entry's categories fields and entry.categories at media.add.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_ROLES } from './permissions'
import { startFreshServer, userKs, type FreshServer } from './freshServer'
import { record, type RawReply } from './rawApi'
import { makeKsV2 } from './testKs'

let fresh: FreshServer

const roles = [...DEFAULT_ROLES, { id: 1002, systemName: 'CATEGORY_EDITOR', permissions: ['CONTENT_MANAGE_EDIT_CATEGORIES', 'CONTENT_MANAGE_BASE'] }]

beforeAll(async () => {
  fresh = await startFreshServer({ roles })
})

afterAll(async () => {
  await fresh.stop()
})

const objectOf = (reply: RawReply): Record<string, unknown> => record(reply.body)

function roleKs(role: string): string {
  const server = fresh.server
  return makeKsV2({ partnerId: server.partnerId, secret: server.adminSecret, expiry: server.clock.now() + 3600, type: 0, userId: 'someone', privileges: `setrole:${role}` })
}

async function addCategory(name: string, parentId?: number): Promise<Record<string, unknown>> {
  return fresh.api.ok('category', 'add', { category: { objectType: 'KalturaCategory', name, ...(parentId === undefined ? {} : { parentId }) } })
}

async function listNames(filter: Record<string, unknown>, pager?: Record<string, unknown>): Promise<{ names: unknown[]; totalCount: unknown }> {
  const reply = await fresh.api.ok('category', 'list', { filter: { objectType: 'KalturaCategoryFilter', ...filter }, ...(pager ? { pager } : {}) })
  const objects = reply.objects as Array<Record<string, unknown>>
  return { names: objects.map((c) => c.fullName), totalCount: reply.totalCount }
}

describe('category.add', () => {
  it('builds fullName and fullIds from the parent (">" separated), depth from the parent + 1 (category.php:618-646)', async () => {
    const root = await addCategory('Lectures')
    const child = await addCategory('2026', Number(root.id))
    expect(root).toMatchObject({ name: 'Lectures', fullName: 'Lectures', fullIds: String(root.id), depth: 0, parentId: 0, status: 2, objectType: 'KalturaCategory' })
    expect(child).toMatchObject({ name: '2026', fullName: 'Lectures>2026', fullIds: `${String(root.id)}>${String(child.id)}`, depth: 1, parentId: root.id })
    expect(objectOf(await fresh.api.call('category', 'get', { id: root.id }))).toMatchObject({ directSubCategoriesCount: 1 })
  })

  it('trims the name and turns "<", ">" and "," into "_" (KalturaCategory.php:594, categoryPeer.php:194-206)', async () => {
    expect(await addCategory('  a>b,c<d  ')).toMatchObject({ name: 'a_b_c_d', fullName: 'a_b_c_d' })
  })

  it('refuses a missing, empty or over-200-byte name, an unknown parent and readonly fields, with the real codes', async () => {
    const call = (category: Record<string, unknown>): Promise<RawReply> => fresh.api.call('category', 'add', { category: { objectType: 'KalturaCategory', ...category } })
    expect((await call({})).body).toMatchObject({ code: 'PROPERTY_VALIDATION_CANNOT_BE_NULL', args: { PROP_NAME: 'KalturaCategory::name' } })
    expect((await call({ name: '' })).body).toMatchObject({ code: 'PROPERTY_VALIDATION_MIN_LENGTH', args: { MIN_LEN: '1' } })
    // 100 two-byte letters are 200 bytes (allowed); 101 are 202 bytes: strlen counts bytes.
    expect(objectOf(await call({ name: 'é'.repeat(100) })).name).toBe('é'.repeat(100))
    expect((await call({ name: 'é'.repeat(101) })).body).toMatchObject({
      code: 'PROPERTY_VALIDATION_MAX_LENGTH',
      message: 'The property "KalturaCategory::name" cannot have more than 200 characters'
    })
    expect((await call({ name: 'orphan', parentId: 999999 })).body).toMatchObject({ code: 'CATEGORY_NOT_FOUND', message: 'Category id "999999" not found' })
    expect((await call({ name: 'x', fullName: 'y' })).body).toMatchObject({ code: 'PROPERTY_VALIDATION_NOT_UPDATABLE', args: { PROP_NAME: 'KalturaCategory::fullName' } })
  })

  it('refuses a second category with the same full name, whatever its case: DUPLICATE_CATEGORY naming it (category.php:522-537)', async () => {
    const parent = await addCategory('Events')
    await addCategory('Day 1', Number(parent.id))
    const again = await fresh.api.call('category', 'add', { category: { objectType: 'KalturaCategory', name: 'day 1', parentId: parent.id } })
    expect(again.body).toMatchObject({ code: 'DUPLICATE_CATEGORY', message: 'The category "Events>day 1" already exists', args: { CATEGORY: 'Events>day 1' } })
  })

  it('needs CONTENT_MANAGE_EDIT_CATEGORIES: a USER KS and the uploader role get SERVICE_FORBIDDEN, a category editor role may (service.category.ini:9)', async () => {
    const params = { category: { objectType: 'KalturaCategory', name: 'By role' } }
    const asUser = await fresh.api.call('category', 'add', params, userKs(fresh.server, 'someone'))
    expect(asUser.body).toMatchObject({ code: 'SERVICE_FORBIDDEN', args: { SERVICE: 'category->add' } })
    expect((await fresh.api.call('category', 'add', params, roleKs('UPLOADER_ROLE'))).body).toMatchObject({ code: 'SERVICE_FORBIDDEN' })
    expect(objectOf(await fresh.api.call('category', 'add', params, roleKs('CATEGORY_EDITOR')))).toMatchObject({ fullName: 'By role' })
    // Listing is open to a USER KS (service.category.ini:45).
    const listed = objectOf(await fresh.api.call('category', 'list', { filter: { fullNameEqual: 'By role' } }, userKs(fresh.server, 'someone')))
    expect(listed.totalCount).toBe(1)
  })
})

describe('category.list', () => {
  it('filters by fullNameEqual and fullNameStartsWith without regard to case, by parentIdEqual and nameOrReferenceIdStartsWith, depth first', async () => {
    const physics = await addCategory('Physics')
    const week = await addCategory('Week 1', Number(physics.id))
    await addCategory('Lab', Number(week.id))
    await addCategory('Physical Education')
    expect((await listNames({ fullNameEqual: 'physics>week 1' })).names).toEqual(['Physics>Week 1'])
    expect((await listNames({ fullNameStartsWith: 'physics>' })).names).toEqual(['Physics>Week 1', 'Physics>Week 1>Lab'])
    expect((await listNames({ fullNameStartsWith: 'Physic' })).names).toEqual(['Physics', 'Physical Education', 'Physics>Week 1', 'Physics>Week 1>Lab'])
    expect((await listNames({ parentIdEqual: physics.id })).names).toEqual(['Physics>Week 1'])
    expect((await listNames({ nameOrReferenceIdStartsWith: 'lab' })).names).toEqual(['Physics>Week 1>Lab'])
  })

  it('pages with a pager and counts every match in totalCount', async () => {
    const page = await listNames({ fullNameStartsWith: 'Physic' }, { pageSize: 2, pageIndex: 2 })
    expect(page).toEqual({ names: ['Physics>Week 1', 'Physics>Week 1>Lab'], totalCount: 4 })
  })
})

describe('categoryEntry and the entry’s categories', () => {
  it('assigns an entry; media.get then shows categories (full names) and categoriesIds; list finds it by entry and by category', async () => {
    const music = await addCategory('Music')
    const live = await addCategory('Live', Number(music.id))
    const entryId = await fresh.api.addEntry({ name: 'concert' })
    expect(objectOf(await fresh.api.call('media', 'get', { entryId }))).toMatchObject({ categories: '', categoriesIds: '' })
    const added = await fresh.api.ok('categoryEntry', 'add', { categoryEntry: { objectType: 'KalturaCategoryEntry', entryId, categoryId: live.id } })
    expect(added).toMatchObject({ entryId, categoryId: live.id, status: 2, categoryFullIds: live.fullIds, creatorUserId: 'admin-user', objectType: 'KalturaCategoryEntry' })
    expect(objectOf(await fresh.api.call('media', 'get', { entryId }))).toMatchObject({ categories: 'Music>Live', categoriesIds: String(live.id) })
    expect(fresh.server.inspect.entry(entryId)?.categories).toBe('Music>Live')
    const byEntry = await fresh.api.ok('categoryEntry', 'list', { filter: { entryIdEqual: entryId } })
    const byCategory = await fresh.api.ok('categoryEntry', 'list', { filter: { categoryIdEqual: live.id } })
    expect([byEntry.totalCount, byCategory.totalCount]).toEqual([1, 1])
    expect(objectOf(await fresh.api.call('category', 'get', { id: music.id }))).toMatchObject({ entriesCount: 1, directEntriesCount: 0 })
  })

  it('refuses an unknown entry, an unknown category, a second assignment and missing ids with the real codes (CategoryEntryService.php:341-366)', async () => {
    const category = await addCategory('Refusals')
    const entryId = await fresh.api.addEntry({ name: 'refused' })
    const add = (categoryEntry: Record<string, unknown>): Promise<RawReply> => fresh.api.call('categoryEntry', 'add', { categoryEntry: { objectType: 'KalturaCategoryEntry', ...categoryEntry } })
    expect((await add({ entryId: '0_nothere1', categoryId: category.id })).body).toMatchObject({ code: 'INVALID_ENTRY_ID', message: 'Invalid entry id ["0_nothere1"]' })
    expect((await add({ entryId, categoryId: 424242 })).body).toMatchObject({ code: 'CATEGORY_NOT_FOUND', args: { ID: '424242' } })
    expect((await add({ entryId })).body).toMatchObject({ code: 'PROPERTY_VALIDATION_CANNOT_BE_NULL', args: { PROP_NAME: 'KalturaCategoryEntry::categoryId' } })
    await fresh.api.ok('categoryEntry', 'add', { categoryEntry: { objectType: 'KalturaCategoryEntry', entryId, categoryId: category.id } })
    expect((await add({ entryId, categoryId: category.id })).body).toMatchObject({ code: 'CATEGORY_ENTRY_ALREADY_EXISTS', message: 'Entry already assigned to this category' })
  })

  it('stops at 32 categories per entry: MAX_CATEGORIES_FOR_ENTRY_REACHED (entry.php:105, categoryEntry.php:280-290)', async () => {
    const entryId = await fresh.api.addEntry({ name: 'many categories' })
    const parent = await addCategory('Many')
    for (let index = 0; index < 33; index++) {
      const category = await addCategory(`c${String(index)}`, Number(parent.id))
      const reply = await fresh.api.call('categoryEntry', 'add', { categoryEntry: { objectType: 'KalturaCategoryEntry', entryId, categoryId: category.id } })
      if (index < 32) expect(objectOf(reply).status).toBe(2)
      else expect(reply.body).toMatchObject({ code: 'MAX_CATEGORIES_FOR_ENTRY_REACHED', args: { CATEGORIES: '32' } })
    }
  })

  it('delete removes the assignment and the entry’s category; deleting again → ENTRY_IS_NOT_ASSIGNED_TO_CATEGORY', async () => {
    const category = await addCategory('Temporary')
    const entryId = await fresh.api.addEntry({ name: 'moved' })
    await fresh.api.ok('categoryEntry', 'add', { categoryEntry: { objectType: 'KalturaCategoryEntry', entryId, categoryId: category.id } })
    expect((await fresh.api.call('categoryEntry', 'delete', { entryId, categoryId: category.id })).body).toBeNull()
    expect(objectOf(await fresh.api.call('media', 'get', { entryId }))).toMatchObject({ categories: '', categoriesIds: '' })
    expect((await fresh.api.call('categoryEntry', 'delete', { entryId, categoryId: category.id })).body).toMatchObject({ code: 'ENTRY_IS_NOT_ASSIGNED_TO_CATEGORY' })
  })

  it('a USER KS may assign (service.categoryentry.ini:18) but must filter list on an entry or category (KalturaCategoryEntryFilter.php:24-32)', async () => {
    const category = await addCategory('Users may assign')
    const ks = userKs(fresh.server, 'owner-9')
    const entryId = String(objectOf(await fresh.api.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, name: 'mine' } }, ks)).id)
    const added = await fresh.api.call('categoryEntry', 'add', { categoryEntry: { objectType: 'KalturaCategoryEntry', entryId, categoryId: category.id } }, ks)
    expect(objectOf(added)).toMatchObject({ status: 2, creatorUserId: 'owner-9' })
    expect((await fresh.api.call('categoryEntry', 'list', {}, ks)).body).toMatchObject({ code: 'MUST_FILTER_ON_ENTRY_OR_CATEGORY' })
  })
})

describe('entry.categories at media.add (deprecated, kept for compatibility)', () => {
  it('with the permission: unknown full names are created level by level and assigned (categoryEntryPeer.php:297-353)', async () => {
    const created = objectOf(await fresh.api.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, categories: 'Archive>2019>Spring, Archive>2019' } }))
    const spring = await listNames({ fullNameEqual: 'Archive>2019>Spring' })
    expect(spring.totalCount).toBe(1)
    expect(created.categories).toBe('Archive>2019>Spring,Archive>2019')
    const assignments = await fresh.api.ok('categoryEntry', 'list', { filter: { entryIdEqual: created.id } })
    expect(assignments.totalCount).toBe(2)
  })

  it('without it (the uploader role): the categories are dropped and the entry is created anyway (KalturaObject.php:736-746)', async () => {
    const reply = await fresh.api.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, categories: 'Dropped>Silently' } }, roleKs('UPLOADER_ROLE'))
    expect(objectOf(reply)).toMatchObject({ status: 7, categories: '', categoriesIds: '' })
    expect((await listNames({ fullNameStartsWith: 'Dropped' })).totalCount).toBe(0)
  })

  it('a USER KS, refused by category.add, still creates categories through entry.categories (BASE_USER_SESSION_PERMISSION may insert it)', async () => {
    const ks = userKs(fresh.server, 'student')
    expect((await fresh.api.call('category', 'add', { category: { objectType: 'KalturaCategory', name: 'Backdoor' } }, ks)).body).toMatchObject({ code: 'SERVICE_FORBIDDEN' })
    const created = objectOf(await fresh.api.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, categories: 'Backdoor>Made by a user' } }, ks))
    expect(created.categories).toBe('Backdoor>Made by a user')
    expect((await listNames({ fullNameStartsWith: 'Backdoor' })).names).toEqual(['Backdoor', 'Backdoor>Made by a user'])
  })

  it('categoriesIds alone assigns those categories; an unknown id → CATEGORY_NOT_FOUND (KalturaBaseEntry.php:672-684)', async () => {
    const category = await addCategory('By id')
    const created = objectOf(await fresh.api.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, categoriesIds: String(category.id) } }))
    expect(created).toMatchObject({ categories: 'By id', categoriesIds: String(category.id) })
    const unknown = await fresh.api.call('media', 'add', { entry: { objectType: 'KalturaMediaEntry', mediaType: 1, categoriesIds: '31337' } })
    expect(unknown.body).toMatchObject({ code: 'CATEGORY_NOT_FOUND', args: { ID: '31337' } })
  })
})

describe('persistence', () => {
  it('keeps categories and assignments across a restart on the same directory, and new ids continue after the old ones', async () => {
    const category = await addCategory('Survives')
    const entryId = await fresh.api.addEntry({ name: 'kept' })
    await fresh.api.ok('categoryEntry', 'add', { categoryEntry: { objectType: 'KalturaCategoryEntry', entryId, categoryId: category.id } })
    await fresh.restart()
    expect((await listNames({ fullNameEqual: 'Survives' })).totalCount).toBe(1)
    expect(objectOf(await fresh.api.call('media', 'get', { entryId }))).toMatchObject({ categories: 'Survives', categoriesIds: String(category.id) })
    expect(Number((await addCategory('After restart')).id)).toBeGreaterThan(Number(category.id))
  })
})
