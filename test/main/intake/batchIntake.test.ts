// What a scan's sheets and caption files give its videos, told as real folders on disk: the walk keeps them as
// companions (not skips), the sheets are read relative to their own folders, and Start layers mirrored folder, sheet
// and edit as shared/entryFields.ts says.
import { rmSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { readIntake, sheetProblemLines } from '../../../src/main/intake/batchIntake'
import { scanDropped } from '../../../src/main/intake/scanner'
import { intakeForStart, startChoicesProblem } from '../../../src/main/intake/startIntake'
import { build, tempFolder } from './scanTrees'

const SRT = '1\n00:00:00,000 --> 00:00:01,000\nHello\n'
const VTT = 'WEBVTT\n\n00:00.000 --> 00:01.000\nHallo\n'

describe('the walk keeps sheets and caption files beside the media', () => {
  it('lists kaltura-metadata.csv and .srt/.vtt files as companions, not as skipped items; hidden ones stay hidden', async () => {
    const desk = tempFolder()
    const lectures = build(join(desk, 'Lectures'), {
      'kaltura-metadata.csv': 'file,title\n',
      '2026': { Physics: { 'talk.mp4': 'video', 'talk.en.srt': SRT, 'Kaltura-Metadata.CSV': 'file\n', 'notes.txt': 'x' } },
      '.drafts': { 'old.en.srt': SRT }
    })
    const scan = await scanDropped([lectures])
    expect(scan.companions).toEqual([
      { kind: 'sheet', path: join(lectures, '2026/Physics/Kaltura-Metadata.CSV'), relativePath: 'Lectures/2026/Physics/Kaltura-Metadata.CSV' },
      { kind: 'caption', path: join(lectures, '2026/Physics/talk.en.srt'), relativePath: 'Lectures/2026/Physics/talk.en.srt' },
      { kind: 'sheet', path: join(lectures, 'kaltura-metadata.csv'), relativePath: 'Lectures/kaltura-metadata.csv' }
    ])
    expect(scan.skipped.map((s) => [s.path.slice(lectures.length + 1), s.reason])).toEqual([
      ['.drafts', 'hidden'],
      ['2026/Physics/notes.txt', 'not-media']
    ])
  })

  it('keeps the walk bounded: a tree past the cap still stops, with the companions found until then', async () => {
    const desk = tempFolder()
    const tree: Record<string, Record<string, string>> = {}
    for (let i = 0; i < 40; i++) tree[`f${i}`] = { 'a.mp4': 'v', 'a.en.srt': SRT }
    const root = build(join(desk, 'big'), tree)
    const scan = await scanDropped([root], { maxEntries: 30 })
    expect(scan.stoppedEarly).not.toBeNull()
    expect(scan.entriesSeen).toBe(30)
    expect(scan.files.length + scan.companions.length).toBeLessThan(30)
  })
})

describe('reading a scan\'s sheets and captions', () => {
  it('applies each sheet to the files below its folder, paths relative to it; a deeper sheet wins field by field', async () => {
    const desk = tempFolder()
    const lectures = build(join(desk, 'Lectures'), {
      'kaltura-metadata.csv': 'file,title,description,tags\n2026/Physics/a.mp4,Outer A,Outer description,"x, y"\n2026/b.mp4,Outer B,,\n',
      '2026': {
        'b.mp4': 'bb',
        Physics: { 'a.mp4': 'aa', 'kaltura-metadata.csv': 'file,title,categories,referenceId\na.mp4,Inner A,Lectures>Physics;Science,phys-a\n' }
      }
    })
    const scan = await scanDropped([lectures])
    const intake = await readIntake(scan)
    expect(intake.sheets.map((s) => [s.relativePath, s.applied, s.problems])).toEqual([
      ['Lectures/kaltura-metadata.csv', 2, []],
      ['Lectures/2026/Physics/kaltura-metadata.csv', 1, []]
    ])
    expect(intake.fields.get(join(lectures, '2026/Physics/a.mp4'))).toEqual({
      title: 'Inner A',
      description: 'Outer description',
      tags: 'x,y',
      categories: 'Lectures>Physics,Science',
      referenceId: 'phys-a'
    })
    expect(intake.fields.get(join(lectures, '2026/b.mp4'))).toEqual({ title: 'Outer B' })
  })

  it('names every refused line with its sheet and line; the other lines still apply', async () => {
    const desk = tempFolder()
    const folder = build(join(desk, 'Event'), {
      'a.mp4': 'a',
      'b.mp4': 'b',
      'kaltura-metadata.csv': `file,title\na.mp4,${'é'.repeat(129)}\nb.mp4,Fine\nc.mp4,Missing\n`
    })
    const intake = await readIntake(await scanDropped([folder]))
    expect(intake.sheets[0]!.applied).toBe(1)
    expect(sheetProblemLines(intake)).toEqual([
      "Event/kaltura-metadata.csv: line 2: the title is 258 bytes long; Kaltura keeps 256 bytes (UTF-8) of an entry name",
      "Event/kaltura-metadata.csv: line 4: the file 'c.mp4' is not in this folder"
    ])
  })

  it('reads a sheet named on purpose from beside the folders, relative to its own folder', async () => {
    const desk = tempFolder()
    const videos = build(join(desk, 'videos'), { 'a.mp4': 'a' })
    const sheet = join(desk, 'sheet.csv')
    writeFileSync(sheet, 'file,title\nvideos/a.mp4,From the flag\n')
    const intake = await readIntake(await scanDropped([videos]), { sheetPath: sheet })
    expect(intake.fields.get(join(videos, 'a.mp4'))).toEqual({ title: 'From the flag' })
    expect(sheetProblemLines(intake)).toEqual([])
  })

  it('refuses a sheet that is missing as a whole, with line 0', async () => {
    const desk = tempFolder()
    const videos = build(join(desk, 'videos'), { 'a.mp4': 'a' })
    const intake = await readIntake(await scanDropped([videos]), { sheetPath: join(desk, 'nope.csv') })
    expect(intake.sheets[0]!.problems).toEqual([{ line: 0, message: 'nope.csv could not be opened: there is no such file' }])
  })

  it('pairs caption files with the video beside them, and says why the others were left out', async () => {
    const desk = tempFolder()
    const talks = build(join(desk, 'Talks'), {
      'talk.mp4': 'v',
      'talk.en.srt': SRT,
      'talk.de.vtt': VTT,
      'talk.vtt': VTT,
      'orphan.en.srt': SRT,
      Other: { 'intro.mov': 'v', 'intro.xx.srt': SRT }
    })
    const scan = await scanDropped([talks])
    const intake = await readIntake(scan)
    expect(intake.captions.get(join(talks, 'talk.mp4'))!.map((c) => c.language).sort()).toEqual(['English', 'German'])
    expect(intake.captionsMatched).toBe(2)
    expect(intake.captionsSkipped.map((s) => s.relativePath)).toEqual(['Talks/orphan.en.srt', 'Talks/Other/intro.xx.srt', 'Talks/talk.vtt'])
    expect(intake.captionsSkipped[0]!.reason).toMatch(/no video in this folder is named like 'orphan\.en\.srt'/)
    expect(intake.captionsSkipped[1]!.reason).toMatch(/'xx' in 'intro\.xx\.srt' is not a language Kaltura knows/)
    expect(intake.captionsSkipped[2]!.reason).toMatch(/does not say its language/)
    const withDefault = await readIntake(scan, { captionLanguage: 'French' })
    expect(withDefault.captions.get(join(talks, 'talk.mp4'))!.map((c) => c.language).sort()).toEqual(['English', 'French', 'German'])
  })
})

describe('what Start gives each file', () => {
  it('adds the mirrored folder to the batch categories; a sheet or an edit replaces them; an edit wins over the sheet', async () => {
    const desk = tempFolder()
    const lectures = build(join(desk, 'Lectures'), {
      'top.mp4': 't',
      'kaltura-metadata.csv': 'file,title,categories\n2026/Physics/b.mp4,Sheet B,Own>Cat\n2026/Physics/c.mp4,Sheet C,\n',
      '2026': { Physics: { 'a.mp4': 'a', 'b.mp4': 'b', 'c.mp4': 'c' } }
    })
    const scan = await scanDropped([lectures])
    const perFile = await intakeForStart(await readIntake(scan), scan.files, {
      metadata: { categories: 'Batch,Lectures>2026>Physics' },
      mirrorFoldersUnder: 'Courses',
      edits: [{ relativePath: 'Lectures/2026/Physics/c.mp4', fields: { title: 'Edited C', tags: 'edited' } }]
    })
    const fields = (name: string): unknown => perFile.get(join(lectures, name))?.entryFields
    expect(fields('top.mp4')).toEqual({ categories: 'Courses>Lectures,Batch,Lectures>2026>Physics' })
    expect(fields('2026/Physics/a.mp4')).toEqual({ categories: 'Courses>Lectures>2026>Physics,Batch,Lectures>2026>Physics' })
    expect(fields('2026/Physics/b.mp4')).toEqual({ title: 'Sheet B', categories: 'Own>Cat' })
    expect(fields('2026/Physics/c.mp4')).toEqual({ title: 'Edited C', tags: 'edited', categories: 'Courses>Lectures>2026>Physics,Batch,Lectures>2026>Physics' })
  })

  it('gives a file whose folder Kaltura cannot take as a category a notice and no mirrored category, never a renamed one', async () => {
    const desk = tempFolder()
    const root = build(join(desk, 'Show'), { 'Day 1, Camera B': { 'a.mp4': 'a' }, 'Day 2': { 'b.mp4': 'b' } })
    const scan = await scanDropped([root])
    const perFile = await intakeForStart(await readIntake(scan), scan.files, { metadata: { categories: 'Batch' }, mirrorFoldersUnder: '' })
    expect(perFile.get(join(root, 'Day 1, Camera B/a.mp4'))).toEqual({
      notice: 'Not put in a category for its folder: The folder "Day 1, Camera B" cannot be a category name: Kaltura does not allow "," in a category name (it would change it to "_").'
    })
    expect(perFile.get(join(root, 'Day 2/b.mp4'))).toEqual({ entryFields: { categories: 'Show>Day 2,Batch' } })
  })

  it('journals captions with their size and time as they are at Start; a caption gone since the scan is a notice', async () => {
    const desk = tempFolder()
    const talks = build(join(desk, 'Talks'), { 'talk.mp4': 'v', 'talk.en.srt': SRT, 'talk.de.vtt': VTT })
    const scan = await scanDropped([talks])
    const intake = await readIntake(scan)
    rmSync(join(talks, 'talk.de.vtt'))
    const perFile = await intakeForStart(intake, scan.files, { metadata: {} })
    const onDisk = statSync(join(talks, 'talk.en.srt'))
    expect(perFile.get(join(talks, 'talk.mp4'))).toEqual({
      captions: [{ path: join(talks, 'talk.en.srt'), language: 'English', format: 'SRT', size: onDisk.size, mtimeMs: onDisk.mtimeMs }],
      notice: 'The German captions (talk.de.vtt) were not sent: the file is gone.'
    })
  })

  it('refuses a parent Kaltura would rename and an edited title over 256 bytes', () => {
    expect(startChoicesProblem({ mirrorFoldersUnder: 'Lectures>Fall, 2026' })).toMatch(/cannot be used: Kaltura does not allow ","/)
    expect(startChoicesProblem({ edits: [{ relativePath: 'a.mp4', fields: { title: 'x'.repeat(257) } }] })).toMatch(/a\.mp4 is 257 bytes long/)
    expect(startChoicesProblem({ mirrorFoldersUnder: '', edits: [{ relativePath: 'a.mp4', fields: { title: 'x'.repeat(256) } }] })).toBeNull()
  })
})
