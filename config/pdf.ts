/*
| PDF rendering through the system Chromium: one browser kept alive, a few pages reused.
*/
import env from '#start/env'

export interface PdfConfig {
  /** CHROMIUM_PATH, or the first of the usual Debian/Ubuntu locations that exists. */
  chromiumPath: string | undefined
  candidates: string[]
  /** Pages rendering at the same time; more wait their turn. */
  poolSize: number
  /** A page is recycled after this many documents (Chromium's memory grows otherwise). */
  pageUses: number
  timeoutMs: number
}

const pdfConfig: PdfConfig = {
  chromiumPath: env.get('CHROMIUM_PATH'),
  candidates: ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/snap/bin/chromium'],
  poolSize: 3,
  pageUses: 200,
  timeoutMs: 30_000,
}

export default pdfConfig
