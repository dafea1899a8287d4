// The command's per-file options as a user types them: a sheet, mirrored folders under a parent or at the top, and a
// caption language; a parent Kaltura would rename is refused before anything is opened.
import { describe, expect, it } from 'vitest'
import { parseHeadlessArgs, UsageError } from '../../../src/main/headless/args'

const parse = (...options: string[]) => parseHeadlessArgs(['/media', '--partner-id', '42', ...options], { KALTURA_ADMIN_SECRET: 'secret-for-args' })

describe('per-file options', () => {
  it('takes none by default: no sheet named, no mirroring, no caption language', () => {
    expect(parse()).toMatchObject({ metadataSheet: null, mirrorFoldersUnder: null, captionLanguage: null })
  })

  it('takes a sheet, a parent for mirrored folders (levels trimmed) and a caption language as given', () => {
    expect(parse('--metadata', 'sheet.csv', '--mirror-folders-under', ' Lectures > 2026 ', '--caption-language', 'en')).toMatchObject({
      metadataSheet: 'sheet.csv',
      mirrorFoldersUnder: 'Lectures>2026',
      captionLanguage: 'en'
    })
    expect(parse('--mirror-folders')).toMatchObject({ mirrorFoldersUnder: '' })
  })

  it('refuses a parent Kaltura would rename, both mirror options at once, and empty values', () => {
    expect(() => parse('--mirror-folders-under', 'Fall, 2026')).toThrow(UsageError)
    expect(() => parse('--mirror-folders-under', 'Fall, 2026')).toThrow(/--mirror-folders-under: The parent category "Fall, 2026" cannot be used: Kaltura does not allow ","/)
    expect(() => parse('--mirror-folders-under', 'A', '--mirror-folders')).toThrow('Give --mirror-folders-under PARENT or --mirror-folders, not both.')
    expect(() => parse('--mirror-folders-under', ' ')).toThrow(/use --mirror-folders for the top level/)
    expect(() => parse('--metadata', '')).toThrow('--metadata takes the path of a CSV file.')
    expect(() => parse('--caption-language', ' ')).toThrow(/--caption-language takes a language/)
  })
})
