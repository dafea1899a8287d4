// The headless command's watch options: --watch alone is a whole command, repeated for more folders; the stable
// time is bounded by the same limits as the app's watch folders, and means nothing without --watch.
import { describe, expect, it } from 'vitest'
import { parseHeadlessArgs, UsageError } from '../../../src/main/headless/args'
import { DEFAULT_STABLE_SECONDS, WATCH_BOUNDS } from '../../../src/shared/settingsBounds'

const env = { KALTURA_ADMIN_SECRET: 'secret-for-args' }
const parse = (...options: string[]) => parseHeadlessArgs(['--partner-id', '42', ...options], env)

describe('headless watch options', () => {
  it('takes --watch without folders to upload once, repeated, with the default stable time', () => {
    expect(parse('--watch', '/in/a', '--watch', '/in/b')).toMatchObject({ paths: [], watch: ['/in/a', '/in/b'], stableSeconds: DEFAULT_STABLE_SECONDS })
    expect(parse('/once', '--watch', '/in', '--stable-seconds', '3')).toMatchObject({ paths: ['/once'], watch: ['/in'], stableSeconds: 3 })
    expect(parse('/once')).toMatchObject({ watch: [] })
  })

  it('refuses a stable time outside its bounds, naming them, and one given without --watch', () => {
    const range = `from ${WATCH_BOUNDS.stableSeconds.min} to ${WATCH_BOUNDS.stableSeconds.max}`
    expect(() => parse('--watch', '/in', '--stable-seconds', '0')).toThrow(`--stable-seconds takes a whole number of seconds ${range}.`)
    expect(() => parse('--watch', '/in', '--stable-seconds', '2.5')).toThrow(UsageError)
    expect(() => parse('--watch', '/in', '--stable-seconds', String(WATCH_BOUNDS.stableSeconds.max + 1))).toThrow(range)
    expect(() => parse('/once', '--stable-seconds', '5')).toThrow('--stable-seconds goes with --watch.')
    expect(() => parse()).toThrow('Give at least one folder or file to upload.')
  })
})
