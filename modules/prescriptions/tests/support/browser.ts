/*
| Browser-test helpers of the prescriptions module: a signed-in page that listens to its live
| channels, and whether it is still the same document (no reload happened).
| Code passed to page.evaluate runs in the browser: the server's tsconfig has no DOM types,
| hence `globalThis as any` for window and document.
*/
import type { Browser, BrowserContextOptions, Page } from 'playwright'
import type User from '#models/user'

export const baseURL = `http://${process.env.HOST}:${process.env.PORT}`
export const PHONE: BrowserContextOptions = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 3 }

/** A signed-in page listening to its live channels, marked so that a reload would show. */
export async function signedIn(browser: Browser, user: User, path: string, options: BrowserContextOptions = {}) {
  const context = await browser.newContext({ baseURL, locale: 'it-IT', ...options })
  await (context as any).loginAs(user)
  const page: Page = await (context as any).visit(path)
  await page.waitForSelector('body[data-live="ready"]', { timeout: 10_000 })
  await page.evaluate(() => ((globalThis as any).__sameDocument = true))
  return { context, page }
}

export const sameDocument = (page: Page) => page.evaluate(() => (globalThis as any).__sameDocument === true)
