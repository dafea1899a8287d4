// What every main state of the window must hold at the smallest and the largest size the app is drawn for: no page
// scroll (only the queue scrolls, inside itself), no accessibility violation axe-core can find, and a screenshot
// under reports/screenshots for a person to look at.
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import AxeBuilder from '@axe-core/playwright'
import { expect, type Page } from '@playwright/test'

export const SIZES = [
  { width: 800, height: 600 },
  { width: 1920, height: 1080 }
] as const

const shots = resolve(__dirname, '../../../reports/screenshots')
mkdirSync(shots, { recursive: true })

/** Checks the window as it is now at both sizes, and leaves it at the first size it was in. */
export async function checkWindowState(page: Page, name: string): Promise<void> {
  const before = page.viewportSize()
  for (const size of SIZES) {
    await page.setViewportSize(size)
    // A frame for layout and the list's resize observer.
    // Strings run in the page: this file is compiled without the DOM types.
    await page.evaluate('new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)))')
    await page.screenshot({ path: join(shots, `${name}-${size.width}x${size.height}.png`) })
    const fit = await page.evaluate<{ scrollHeight: number; innerHeight: number; scrollWidth: number; innerWidth: number }>(
      '({ scrollHeight: document.scrollingElement.scrollHeight, innerHeight, scrollWidth: document.scrollingElement.scrollWidth, innerWidth })'
    )
    expect(fit.scrollHeight, `${name} at ${size.width}×${size.height}: the page scrolls vertically`).toBeLessThanOrEqual(fit.innerHeight)
    expect(fit.scrollWidth, `${name} at ${size.width}×${size.height}: the page scrolls sideways`).toBeLessThanOrEqual(fit.innerWidth)
    const { violations } = await new AxeBuilder({ page }).analyze()
    const readable = violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(' | ')}`)
    expect(readable, `${name} at ${size.width}×${size.height}: axe-core violations`).toEqual([])
  }
  if (before) await page.setViewportSize(before)
}
