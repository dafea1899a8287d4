// The contract's skip reasons are the scanner's: the renderer labels every reason the scanner can give, no more.
import { expect, it } from 'vitest'
import type { SkipReason as ScannerSkipReason } from '../../../src/main/intake/scanner'
import type { SkipReason } from '../../../src/shared/ipc-contract'

type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false

// Checked by the compiler: the scanner still declares its own union (src/main/intake/scannerSkips.ts), so the two
// lists must stay equal until it takes the contract's.
const same: Same<ScannerSkipReason, SkipReason> = true

it('the contract names exactly the skip reasons the scanner gives', () => {
  expect(same).toBe(true)
})
