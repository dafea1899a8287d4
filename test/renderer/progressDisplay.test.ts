// What the window shows of progress: a bar with a solid confirmed part and a lighter in-flight part, a number that
// is the confirmed share only, and totals for a batch of thousands that read like a person would say them.
import { createElement } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { describe, expect, it } from 'vitest'
import type { FileView, Totals } from '../../src/shared/uploads'
import { ProgressBar } from '../../src/renderer/src/components/ProgressBar'
import { barParts, rowBar } from '../../src/renderer/src/fileStatus'
import { totalsText } from '../../src/renderer/src/totalsText'

const MB = 1_000_000

function row(patch: Partial<FileView>): FileView {
  return {
    id: 1, batchId: 1, name: 'a.mp4', relativePath: 'a.mp4', size: 10 * MB, state: 'uploading', waiting: null, waitingDetail: null,
    error: null, notice: null, entryId: null, duplicateOf: null, confirmedBytes: 0, inFlightBytes: 0, speed: 0, etaSeconds: null, ...patch
  }
}

/** A batch like the one in the report: 2,520 files, 11 % confirmed, moving at about 1.3 MB/s. */
function batch(patch: Partial<Totals>): Totals {
  return {
    files: 2520, byState: { uploading: 4, queued: 2236, done: 280 }, bytes: 20_000 * MB, confirmedBytes: 2_200 * MB, inFlightBytes: 40 * MB,
    filesLeft: 2240, bytesLeft: 17_800 * MB, speed: 1.3 * MB, etaSeconds: Math.ceil((17_800 * MB) / (1.3 * MB)), flow: 'moving', ...patch
  }
}

describe('a progress bar', () => {
  it('reads out the confirmed share; in-flight bytes only lengthen the lighter part', () => {
    expect(barParts(2 * MB, 8 * MB, 10 * MB)).toEqual({ percent: 20, confirmed: 0.2, ahead: 1 })
    expect(barParts(0, 0, 0)).toEqual({ percent: 0, confirmed: 0, ahead: 0 })
    expect(barParts(12 * MB, 5 * MB, 10 * MB)).toEqual({ percent: 100, confirmed: 1, ahead: 1 })
  })

  it('shows a row whose whole part sits in socket buffers as what the server has, not 100 %', () => {
    expect(rowBar(row({ confirmedBytes: MB, inFlightBytes: 9 * MB })).percent).toBe(10)
    expect(rowBar(row({ state: 'paused', confirmedBytes: 6 * MB })).percent).toBe(60)
    expect(rowBar(row({ state: 'done', confirmedBytes: 0 })).percent).toBe(100)
  })

  it('renders both parts, the confirmed one on top, and announces only the confirmed percent', () => {
    const html = renderToStaticMarkup(createElement(ProgressBar, { label: 'Progress a.mp4', parts: barParts(3 * MB, 4 * MB, 10 * MB), tone: 'active' }))
    expect(html).toContain('aria-valuenow="30"')
    expect(html).toContain('aria-valuetext="30% confirmed"')
    expect(html).toMatch(/class="progress-ahead" style="transform:scaleX\(0\.7\)".*class="progress-fill" style="transform:scaleX\(0\.3\)"/)
  })
})

describe('the totals of 2,520 files', () => {
  it('says the true speed, the rounded time left, and files beside bytes left', () => {
    expect(totalsText(batch({}))).toEqual({
      bar: { percent: 11, confirmed: 0.11, ahead: 0.112 },
      bytes: '2.2 GB of 20.0 GB',
      left: '2,240 files · 17.8 GB left',
      pace: 'Speed 1.3 MB/s',
      timeLeft: 'Time left about 4 h'
    })
  })

  it('in an outage says it waits and will resume, with no speed and no time left', () => {
    const text = totalsText(batch({ flow: 'waiting', speed: 10.45944029805688, etaSeconds: null }))
    expect(text.pace).toBe('Waiting — resumes automatically')
    expect(text.timeLeft).toBeNull()
    expect(text.bytes).toBe('2.2 GB of 20.0 GB')
  })

  it('says it is measuring for the first seconds, and shows a dash when nothing runs', () => {
    expect(totalsText(batch({ speed: null, etaSeconds: null }))).toMatchObject({ pace: 'Speed measuring…', timeLeft: null })
    expect(totalsText(batch({ flow: 'idle', speed: null, etaSeconds: null, byState: { paused: 2240, done: 280 } }))).toMatchObject({ pace: 'Speed —', timeLeft: null })
  })

  it('says nothing is left once every file is uploaded', () => {
    expect(totalsText(batch({ filesLeft: 0, bytesLeft: 0, confirmedBytes: 20_000 * MB, flow: 'idle' }))).toMatchObject({ left: null, bar: { percent: 100 } })
  })
})
