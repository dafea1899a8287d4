// The window's Cancel for a scan under way: it asks main to end the scan, and the canceled answer puts the window
// back at the drop zone with no error banner; any other failure still shows one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { IpcRequestChannel, IpcTransport, RequestResult, Result } from '../../src/shared/ipc-contract'
import { createUploaderApi } from '../../src/preload/uploaderApi'
import { cancelScan, pickAndScan } from '../../src/renderer/src/actions/scanActions'
import { INITIAL_STATE, useUploaderStore } from '../../src/renderer/src/store/appStore'

/** Stands in for main: a pick stays open until scan:cancel, or the story, answers it. */
class FakeMain implements IpcTransport {
  readonly asked: IpcRequestChannel[] = []
  private answerScan: ((answer: Result<never>) => void) | null = null
  private notifyScanStarted: () => void = () => undefined
  readonly scanStarted = new Promise<void>((resolve) => {
    this.notifyScanStarted = resolve
  })

  invoke<C extends IpcRequestChannel>(channel: C): Promise<Result<RequestResult<C>>> {
    this.asked.push(channel)
    if (channel === 'scan:pick') {
      return new Promise((resolve) => {
        this.answerScan = resolve
        this.notifyScanStarted()
      })
    }
    if (channel === 'scan:cancel') {
      this.failScan({ ok: false, code: 'canceled', message: 'The scan was canceled.' })
      // scan:cancel answers nothing: its Result carries undefined, which the generic signature cannot see.
      return Promise.resolve({ ok: true, value: undefined } as Result<RequestResult<C>>)
    }
    return Promise.resolve({ ok: false, code: 'not-in-this-story', message: channel })
  }

  on(): () => void {
    return () => undefined
  }

  failScan(answer: Result<never>): void {
    this.answerScan?.(answer)
    this.answerScan = null
  }
}

let main: FakeMain
beforeEach(() => {
  main = new FakeMain()
  vi.stubGlobal('window', { uploader: createUploaderApi(main, () => []) })
  useUploaderStore.setState(INITIAL_STATE)
})
afterEach(() => {
  vi.unstubAllGlobals()
})

describe('canceling a scan from the window', () => {
  it('ends the scan under way and returns to the drop zone without an error', async () => {
    const scanning = pickAndScan('folder')
    await main.scanStarted
    expect(useUploaderStore.getState().scan).toEqual({ stage: 'scanning' })

    await cancelScan()
    await scanning

    expect(main.asked).toEqual(['scan:pick', 'scan:cancel'])
    expect(useUploaderStore.getState().scan).toEqual({ stage: 'idle' })
    expect(useUploaderStore.getState().notices).toEqual([])
  })

  it('still shows a scan that failed for another reason', async () => {
    const scanning = pickAndScan('folder')
    await main.scanStarted
    main.failScan({ ok: false, code: 'internal', message: 'Something went wrong; the details are in the log file.' })
    await scanning

    expect(useUploaderStore.getState().scan).toEqual({ stage: 'idle' })
    expect(useUploaderStore.getState().notices.map((notice) => [notice.tone, notice.text])).toEqual([
      ['error', 'Something went wrong; the details are in the log file.']
    ])
  })
})
