// The three-level story, through the headless command against the test server: a lecture tree with a metadata sheet
// (and a nested one) and caption files goes up with its folders mirrored as categories, every entry with its own
// title, description, tags and referenceId, each file once and byte-exact; a sheet with a bad line stops the command
// with the line named, before anything is sent. What an entry gets is checked twice: in the journal (the one rule,
// resolveEntryFields, over what intake wrote) and on the server (the engine sending it at media.add and categoryEntry).
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { resolveEntryFields } from '../../src/shared/entryFields'
import { clientForProfile } from '../../src/main/accounts/accounts'
import { accountArgs, runHeadless } from './engine/headlessRun'
import { createWorld, type World } from './engine/engineFixture'
import { expectCleanEnd } from './engine/storyEnd'

const SRT = '1\n00:00:00,000 --> 00:00:02,000\nWelcome\n'
const VTT = 'WEBVTT\n\n00:00.000 --> 00:02.000\nWillkommen\n'

let world: World
let lectures: string

beforeEach(async () => {
  world = await createWorld()
  lectures = join(world.mediaDir, 'Lectures')
})
afterEach(async () => world.dispose())

async function write(relativePath: string, content: string): Promise<string> {
  const path = join(lectures, relativePath)
  await mkdir(join(path, '..'), { recursive: true })
  await writeFile(path, content)
  return path
}

/** A comma-separated field as a set, whatever its spacing. */
function list(text: string | undefined): string[] {
  return (text ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '').sort()
}

/** The values an entry carries, as the server keeps them. */
function onServer(entryId: string): { name: string; description: string | undefined; tags: string[]; categories: string[]; referenceId: string | undefined } {
  const entry = world.server.inspect.entry(entryId)!
  return { name: entry.name, description: entry.description, tags: list(entry.tags), categories: list(entry.categories), referenceId: entry.referenceId }
}

describe('a lecture tree with a metadata sheet and captions, through the command', () => {
  it('mirrors Lectures/2026/Physics as categories and gives every entry its own details; the captions land as caption assets of their videos', async () => {
    const waves = await world.makeFile('Lectures/2026/Physics/waves.mp4', 700 * 1024)
    const optics = await world.makeFile('Lectures/2026/Physics/optics.mp4', 400 * 1024)
    const bonds = await world.makeFile('Lectures/2026/Chemistry/bonds.mov', 300 * 1024)
    const intro = await world.makeFile('Lectures/intro.mp4', 200 * 1024)
    await write('2026/Physics/waves.en.srt', SRT)
    await write('2026/Physics/waves.de.vtt', VTT)
    await write('2026/Physics/optics.vtt', VTT)
    await write('2026/Chemistry/bonds.English.srt', SRT)
    await write(
      'kaltura-metadata.csv',
      [
        'File,Title,Description,Tags,referenceId',
        '2026/Physics/waves.mp4,"Waves, part 1","Wave motion; with a ""quote""","physics, waves",phys-waves-001',
        '2026/Physics/optics.mp4,Optics,Light and lenses,"physics,optics",phys-optics-002',
        '2026/Chemistry/bonds.mov,Bonds,Covalent bonds,chemistry,chem-bonds-003',
        'intro.mp4,Introduction,Welcome to the course,intro,intro-000'
      ].join('\r\n')
    )
    // Deeper in the tree, a sheet of the chemistry folder renames its lecture; the rest of the outer line stays.
    await write('2026/Chemistry/kaltura-metadata.csv', 'file,title\nbonds.mov,Chemical bonds\n')

    const run = runHeadless(world.server, [lectures, ...accountArgs(world.server, world.dir), '--mirror-folders-under', 'Courses', '--category', 'Archive', '--caption-language', 'fr', '--quiet'])
    const { code, stdout, stderr } = await run.done
    expect(code, stderr).toBe(0)
    expect(stdout).toContain('Lectures/kaltura-metadata.csv: details for 4 file(s)')
    expect(stdout).toContain('Lectures/2026/Chemistry/kaltura-metadata.csv: details for 1 file(s)')
    expect(stdout).toContain('4 caption file(s) go with their videos')

    const journal = world.reopenJournal()
    await expectCleanEnd(world, [waves, optics, bonds, intro])
    const expected = new Map([
      [waves, { name: 'Waves, part 1', description: 'Wave motion; with a "quote"', tags: ['physics', 'waves'], categories: ['Archive', 'Courses>Lectures>2026>Physics'], referenceId: 'phys-waves-001' }],
      [optics, { name: 'Optics', description: 'Light and lenses', tags: ['optics', 'physics'], categories: ['Archive', 'Courses>Lectures>2026>Physics'], referenceId: 'phys-optics-002' }],
      [bonds, { name: 'Chemical bonds', description: 'Covalent bonds', tags: ['chemistry'], categories: ['Archive', 'Courses>Lectures>2026>Chemistry'], referenceId: 'chem-bonds-003' }],
      [intro, { name: 'Introduction', description: 'Welcome to the course', tags: ['intro'], categories: ['Archive', 'Courses>Lectures'], referenceId: 'intro-000' }]
    ])
    for (const [path, values] of expected) {
      const row = journal.allFiles().find((f) => f.path === path)!
      // What the journal says the entry gets (the one rule the engine applies at media.add), then what the server has.
      const own = resolveEntryFields(journal.getBatch(row.batchId)!.metadata, row.name, row.entryFields)
      expect({ name: own.title, description: own.description, tags: list(own.tags), categories: list(own.categories), referenceId: row.referenceId }, path).toEqual(values)
      expect(onServer(row.entryId!), path).toEqual(values)
    }

    const captionsOf = (path: string): Array<[string, string, string]> =>
      journal.captions
        .of(journal.allFiles().find((f) => f.path === path)!.id)
        .map((c) => [c.path.slice(lectures.length + 1), c.language, c.format] as [string, string, string])
        .sort()
    expect(captionsOf(waves)).toEqual([
      ['2026/Physics/waves.de.vtt', 'German', 'WEBVTT'],
      ['2026/Physics/waves.en.srt', 'English', 'SRT']
    ])
    expect(captionsOf(optics)).toEqual([['2026/Physics/optics.vtt', 'French', 'WEBVTT']])
    expect(captionsOf(bonds)).toEqual([['2026/Chemistry/bonds.English.srt', 'English', 'SRT']])
    expect(captionsOf(intro)).toEqual([])

    // On the server: each video's entry has exactly its caption files as READY assets, byte for byte.
    const admin = clientForProfile({ serviceUrl: world.server.url, partnerId: world.server.partnerId, userId: '', authKind: 'admin-secret' }, world.server.adminSecret)
    for (const path of [waves, optics, bonds, intro]) {
      const row = journal.allFiles().find((f) => f.path === path)!
      const assets = (await admin.caption.list(row.entryId!)).objects
      const expected = journal.captions.of(row.id)
      expect(assets.map((a) => a.language).sort(), path).toEqual(expected.map((c) => c.language).sort())
      for (const caption of expected) {
        const asset = assets.find((a) => a.language === caption.language)!
        expect(asset, caption.path).toMatchObject({ status: 2, format: caption.format === 'SRT' ? 1 : 3 })
        expect((await readFile(world.server.inspect.captionContentPath(asset.id)!)).equals(await readFile(caption.path)), caption.path).toBe(true)
      }
    }
  })

  it('stops on a bad sheet line, naming every refused line, and sends nothing at all', async () => {
    await world.makeFile('Lectures/2026/Physics/waves.mp4', 300 * 1024)
    await world.makeFile('Lectures/2026/Physics/optics.mp4', 300 * 1024)
    await write(
      'kaltura-metadata.csv',
      ['file,title,categories', '2026/Physics/waves.mp4,Waves,', `2026/Physics/optics.mp4,${'Ω'.repeat(150)},`, '2026/Physics/lasers.mp4,Lasers,', '2026/Physics/waves.mp4,Waves again,'].join('\n')
    )

    const { code, stdout, stderr } = await runHeadless(world.server, [lectures, ...accountArgs(world.server, world.dir), '--quiet']).done
    expect(code, stdout).toBe(2)
    expect(stderr.trim().split('\n')).toEqual([
      "Lectures/kaltura-metadata.csv: line 2: '2026/Physics/waves.mp4' also has a row on line 5; none of them was applied",
      'Lectures/kaltura-metadata.csv: line 3: the title is 300 bytes long; Kaltura keeps 256 bytes (UTF-8) of an entry name',
      "Lectures/kaltura-metadata.csv: line 4: the file '2026/Physics/lasers.mp4' is not in this folder",
      "Lectures/kaltura-metadata.csv: line 5: '2026/Physics/waves.mp4' also has a row on line 2; none of them was applied",
      'Nothing was uploaded: fix the metadata sheet and run the same command again.'
    ])
    // Only the connection check's look (uploadToken.list), no call that makes anything, and not one file queued: a
    // fixed sheet and the same command start clean.
    expect(world.server.inspect.requests().map((r) => `${r.service}.${r.action}`)).toEqual(['uploadtoken.list'])
    expect(world.server.inspect.uploads()).toEqual([])
    expect(world.server.inspect.entries()).toEqual([])
    expect(world.reopenJournal().allFiles()).toEqual([])
  })

  it('takes a sheet named with --metadata from beside the folder, paths relative to the sheet; a missing one stops the command', async () => {
    const talk = await world.makeFile('Lectures/talk.mp4', 200 * 1024)
    const sheet = join(world.mediaDir, 'details.csv')
    await writeFile(sheet, 'file,description,referenceId\nLectures/talk.mp4,From the flag,flag-001\n')
    const missing = await runHeadless(world.server, [lectures, ...accountArgs(world.server, world.dir), '--metadata', join(world.mediaDir, 'nope.csv'), '--quiet']).done
    expect(missing.code).toBe(2)
    expect(missing.stderr).toContain(`${join(world.mediaDir, 'nope.csv')}: nope.csv could not be opened: there is no such file`)
    expect(world.server.inspect.uploads()).toEqual([])

    const { code, stderr } = await runHeadless(world.server, [lectures, ...accountArgs(world.server, world.dir), '--metadata', sheet, '--quiet']).done
    expect(code, stderr).toBe(0)
    const journal = world.reopenJournal()
    await expectCleanEnd(world, [talk])
    const row = journal.allFiles()[0]!
    expect(row.entryFields).toEqual({ description: 'From the flag', referenceId: 'flag-001' })
    expect(world.server.inspect.entry(row.entryId!)!.referenceId).toBe('flag-001')
  })
})
