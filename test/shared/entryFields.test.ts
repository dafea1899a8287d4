// Which value a file's entry gets: the file's own over the batch's, later layers over earlier, the name as the title.
import { describe, expect, it } from 'vitest'
import { defaultTitle, layerEntryFields, resolveEntryFields } from '../../src/shared/entryFields'

describe('entry fields', () => {
  it('titles a file by its name without the extension, keeping names that only start with a dot', () => {
    expect(defaultTitle('talk.final.mp4')).toBe('talk.final')
    expect(defaultTitle('.hidden')).toBe('.hidden')
    expect(defaultTitle('README')).toBe('README')
  })

  it("takes the file's own values over the batch's, field by field, and the name when no title is given", () => {
    const batch = { description: 'Batch text', tags: 'batch', categories: 'Lectures' }
    expect(resolveEntryFields(batch, 'a.mp4', null)).toEqual({ title: 'a', description: 'Batch text', tags: 'batch', categories: 'Lectures' })
    expect(resolveEntryFields(batch, 'a.mp4', { title: '  ', tags: '', categories: 'Lectures>2026' })).toEqual({
      title: 'a',
      description: 'Batch text',
      tags: '',
      categories: 'Lectures>2026'
    })
  })

  it('lets a later layer win only for the fields it sets', () => {
    const sheet = { title: 'From the sheet', tags: 'sheet', referenceId: 'ref-1' }
    const edit = { title: 'Edited', description: undefined }
    expect(layerEntryFields({ categories: 'Mirrored' }, sheet, null, edit)).toEqual({
      categories: 'Mirrored',
      title: 'Edited',
      tags: 'sheet',
      referenceId: 'ref-1'
    })
  })
})
