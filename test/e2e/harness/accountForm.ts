// The first-run account form, filled as a user fills it: the test server, signing in with an admin secret.
import type { Page } from '@playwright/test'
import type { Harness } from './harness'

export async function fillAccountForm(page: Page, harness: Harness, secret: string): Promise<void> {
  await page.getByLabel('Account name').fill('Test server')
  await page.getByLabel('Service URL').fill(harness.kaltura.url)
  await page.getByLabel('Partner ID').fill(String(harness.kaltura.partnerId))
  await page.getByLabel('Sign in with').selectOption('admin-secret')
  await page.getByLabel('Admin secret').fill(secret)
}
