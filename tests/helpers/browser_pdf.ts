/*
| The PDF a user gets by clicking a link in the browser (a promemoria opened in a new tab): the
| bytes the server sent to the browser for that click. They are taken on the way in, because
| Chromium hands a PDF to its viewer and the page then holds the viewer, not the document.
*/
import type { Locator, Page, Route } from 'playwright'

export async function pdfFromLink(page: Page, link: Locator, timeoutMs = 15_000): Promise<Buffer> {
  const context = page.context()
  const href = await link.getAttribute('href')
  if (!href) throw new Error('the link has no href')
  const url = new URL(href, page.url()).toString()
  let resolveBody!: (body: Buffer) => void
  const received = new Promise<Buffer>((resolve) => (resolveBody = resolve))
  const capture = async (route: Route) => {
    const response = await route.fetch()
    const body = await response.body()
    resolveBody(body)
    await route.fulfill({ response, body })
  }
  await context.route(url, capture)
  try {
    await link.click()
    let timer: NodeJS.Timeout | undefined
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer to ${url} within ${timeoutMs} ms`)), timeoutMs)
    })
    try {
      return await Promise.race([received, timeout])
    } finally {
      clearTimeout(timer)
    }
  } finally {
    await context.unroute(url, capture)
  }
}
