// The metadata sheet read from real files in a temporary folder: what each file gets, and every refused line with why.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { METADATA_SHEET_NAME, readMetadataSheet } from '../../../src/main/intake/metadataSheet'

let folder: string
const media = ['talk 1.mp4', 'talk 2.mp4', 'Talk 3.mp4', 'Week 1/lab.mov']

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'metadata-sheet-'))
})

afterAll(async () => {
  await rm(folder, { recursive: true, force: true })
})

async function sheet(content: string | Uint8Array, name = METADATA_SHEET_NAME): Promise<ReturnType<typeof readMetadataSheet>> {
  const path = join(folder, name)
  await writeFile(path, content)
  return readMetadataSheet(path, media)
}

describe('a good sheet', () => {
  it('gives each file its title, description, tags, categories and referenceId; quoted commas, quotes and line breaks survive (CRLF, BOM)', async () => {
    const text = [
      'file,title,description,tags,categories,referenceId',
      'talk 1.mp4,"Opening, day 1","She said ""welcome""',
      'and left",keynote, day1,Lectures>2026;Physics>Week 1,ref-001',
      'Week 1/lab.mov,Lab,,,,'
    ]
      .join('\r\n')
      .replace('keynote, day1', '"keynote, day1"')
    const result = await sheet(`\uFEFF${text}\r\n`)
    expect(result.problems).toEqual([])
    expect(result.files).toEqual([
      {
        file: 'talk 1.mp4',
        line: 2,
        title: 'Opening, day 1',
        description: 'She said "welcome"\r\nand left',
        tags: ['keynote', 'day1'],
        categories: ['Lectures>2026', 'Physics>Week 1'],
        referenceId: 'ref-001'
      },
      { file: 'Week 1/lab.mov', line: 4, title: 'Lab' }
    ])
  })

  it('takes columns in any order and case, LF line ends, no BOM, paths written with backslashes or ./', async () => {
    const result = await sheet('Title,FILE\nSecond talk,talk 2.mp4\nThe lab,.\\Week 1\\lab.mov\n')
    expect(result).toEqual({
      files: [
        { file: 'talk 2.mp4', line: 2, title: 'Second talk' },
        { file: 'Week 1/lab.mov', line: 3, title: 'The lab' }
      ],
      problems: []
    })
  })
})

describe('bad lines are refused, with their line, and nothing wrong is applied', () => {
  it('a file that is not in the folder (with a hint when only the case differs), a short referenceId, an over-long title', async () => {
    const longTitle = 'é'.repeat(129)
    const result = await sheet(['file,title,referenceId', 'talk 1.mp4,Fine,ok-1', 'talk 3.mp4,Three,', 'talk 9.mp4,Nine,', 'talk 2.mp4,Two,x', `Week 1/lab.mov,${longTitle},`].join('\n'))
    expect(result.files).toEqual([{ file: 'talk 1.mp4', line: 2, title: 'Fine', referenceId: 'ok-1' }])
    expect(result.problems).toEqual([
      { line: 3, message: "line 3: the file 'talk 3.mp4' is not in this folder (did you mean 'Talk 3.mp4'?)" },
      { line: 4, message: "line 4: the file 'talk 9.mp4' is not in this folder" },
      { line: 5, message: "line 5: the referenceId 'x' is shorter than Kaltura's minimum of 2 characters" },
      { line: 6, message: 'line 6: the title is 258 bytes long; Kaltura keeps 256 bytes (UTF-8) of an entry name' }
    ])
  })

  it('two rows for one file: neither is applied, each names the other line', async () => {
    const result = await sheet('file,title\ntalk 1.mp4,First\ntalk 2.mp4,Two\ntalk 1.mp4,Again\n')
    expect(result.files).toEqual([{ file: 'talk 2.mp4', line: 3, title: 'Two' }])
    expect(result.problems).toEqual([
      { line: 2, message: "line 2: 'talk 1.mp4' also has a row on line 4; none of them was applied" },
      { line: 4, message: "line 4: 'talk 1.mp4' also has a row on line 2; none of them was applied" }
    ])
  })

  it('a category Kaltura would rename, a row with too many values, and a stray quote: only the good line applies', async () => {
    const result = await sheet(['file,title,categories', 'talk 1.mp4,One,"Q1, Q2>Week 1"', 'talk 2.mp4,Two,A,B', 'Talk 3.mp4,Th"ree,', 'Week 1/lab.mov,Lab,Labs'].join('\n'))
    expect(result.files).toEqual([{ file: 'Week 1/lab.mov', line: 5, title: 'Lab', categories: ['Labs'] }])
    expect(result.problems).toEqual([
      { line: 2, message: `line 2: the category 'Q1, Q2>Week 1' cannot be used: Kaltura does not allow "," in a category name (it would change it to "_")` },
      { line: 3, message: 'line 3: 4 values but the header names 3 columns' },
      { line: 4, message: 'line 4: a quote inside a value that does not start with one; put the value in quotes and double the quote ("")' }
    ])
  })

  it('an unterminated quote: the lines before it apply, that line and everything after it do not (line numbers count quoted line breaks)', async () => {
    const result = await sheet('file,description\ntalk 1.mp4,"two\nlines"\ntalk 2.mp4,"never closed\nTalk 3.mp4,lost\n')
    expect(result.files).toEqual([{ file: 'talk 1.mp4', line: 2, description: 'two\nlines' }])
    expect(result.problems).toEqual([{ line: 4, message: 'line 4: a quote opened on this line is never closed, so this line and the rest of the sheet were not read' }])
  })
})

describe('a sheet that cannot be trusted is refused whole', () => {
  it('an unknown column, a repeated column, a header without "file", a file that is not UTF-8', async () => {
    expect(await sheet('file,titel\ntalk 1.mp4,One\n')).toEqual({
      files: [],
      problems: [{ line: 1, message: "line 1: unknown column 'titel' (the columns are file, title, description, tags, categories, referenceId); the sheet was not applied" }]
    })
    expect((await sheet('file,Title,title\ntalk 1.mp4,a,b\n')).problems).toEqual([{ line: 1, message: "line 1: the column 'title' appears twice; the sheet was not applied" }])
    expect((await sheet('title\nOne\n')).problems).toEqual([{ line: 1, message: "line 1: the header has no 'file' column; the sheet was not applied" }])
    const latin1 = Uint8Array.from([...Buffer.from('file,title\ntalk 1.mp4,Caf'), 0xe9, 0x0a])
    expect(await sheet(latin1)).toEqual({ files: [], problems: [{ line: 0, message: 'kaltura-metadata.csv is not UTF-8 text; save it as "CSV UTF-8"' }] })
  })

  it('a broken header line, and an empty sheet', async () => {
    expect((await sheet('file,"title\n')).problems).toEqual([
      { line: 1, message: 'line 1: a quote opened on this line is never closed, so this line and the rest of the sheet were not read' }
    ])
    expect((await sheet('fi"le,title\ntalk 1.mp4,One\n')).files).toEqual([])
    expect(await sheet('\r\n\r\n')).toEqual({ files: [], problems: [{ line: 0, message: 'kaltura-metadata.csv is empty' }] })
  })
})
