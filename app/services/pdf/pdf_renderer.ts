/*
| HTML → PDF through puppeteer-core and the system Chromium. One browser stays alive for
| the life of the process and a small pool of pages is reused: launching Chromium costs
| far more than printing a page. A crashed browser is relaunched on the next document.
*/
import puppeteer, { type Browser, type Page } from 'puppeteer-core'
import pdfConfig from '#config/pdf'
import { resolveChromiumPath } from '#services/pdf/chromium_path'

export interface PageLayout {
  format: 'A4' | 'A5'
  orientation: 'portrait' | 'landscape'
  /** Millimetres. */
  margins: { top: number; right: number; bottom: number; left: number }
}

export const DEFAULT_LAYOUT: PageLayout = {
  format: 'A4',
  orientation: 'portrait',
  margins: { top: 10, right: 10, bottom: 10, left: 10 },
}

interface PooledPage {
  page: Page
  uses: number
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--font-render-hinting=none',
]

export class PdfRenderer {
  #browser: Promise<Browser> | null = null
  #idle: PooledPage[] = []
  #busy = 0
  #launches = 0
  #documents = 0
  #waiting: Array<{ resolve: (page: PooledPage) => void; reject: (error: unknown) => void }> = []

  constructor(private options: { poolSize: number; pageUses: number; timeoutMs: number } = pdfConfig) {}

  async render(html: string, layout: PageLayout = DEFAULT_LAYOUT): Promise<Buffer> {
    const pooled = await this.#acquire()
    let healthy = true
    try {
      await pooled.page.setContent(html, { waitUntil: 'load', timeout: this.options.timeoutMs })
      const pdf = await pooled.page.pdf({
        format: layout.format,
        landscape: layout.orientation === 'landscape',
        margin: {
          top: `${layout.margins.top}mm`,
          right: `${layout.margins.right}mm`,
          bottom: `${layout.margins.bottom}mm`,
          left: `${layout.margins.left}mm`,
        },
        printBackground: true,
        timeout: this.options.timeoutMs,
      })
      this.#documents++
      return Buffer.from(pdf)
    } catch (error) {
      healthy = false
      throw error
    } finally {
      this.#release(pooled, healthy)
    }
  }

  /** Pages in the pool and documents waiting, for the health page and the benchmark. */
  stats() {
    return { idle: this.#idle.length, busy: this.#busy, waiting: this.#waiting.length, launches: this.#launches, documents: this.#documents }
  }

  /** The running browser, if any (tests kill it to prove the relaunch). */
  async browser(): Promise<Browser | null> {
    return this.#browser ? this.#browser.catch(() => null) : null
  }

  async close() {
    const browser = this.#browser
    this.#browser = null
    this.#idle = []
    if (browser) await (await browser.catch(() => null))?.close().catch(() => {})
  }

  #launch(): Promise<Browser> {
    if (!this.#browser) {
      this.#launches++
      const launching = puppeteer
        .launch({ executablePath: resolveChromiumPath(), headless: true, args: CHROMIUM_ARGS })
        .then((browser) => {
          browser.on('disconnected', () => {
            // Chromium died (OOM, killed): forget it and its pages; the next render relaunches.
            if (this.#browser === launching) {
              this.#browser = null
              this.#idle = []
            }
          })
          return browser
        })
      launching.catch(() => {
        if (this.#browser === launching) this.#browser = null
      })
      this.#browser = launching
    }
    return this.#browser
  }

  async #acquire(): Promise<PooledPage> {
    const ready = this.#idle.pop()
    if (ready && !ready.page.isClosed()) {
      this.#busy++
      return ready
    }
    if (this.#busy < this.options.poolSize) {
      this.#busy++
      try {
        const browser = await this.#launch()
        const page = await browser.newPage()
        // Documents are self-contained: nothing is fetched from the network while printing.
        await page.setJavaScriptEnabled(false)
        return { page, uses: 0 }
      } catch (error) {
        this.#busy--
        throw error
      }
    }
    return new Promise((resolve, reject) => this.#waiting.push({ resolve, reject }))
  }

  #release(pooled: PooledPage, healthy: boolean) {
    pooled.uses++
    const recycle = !healthy || pooled.uses >= this.options.pageUses || pooled.page.isClosed()
    const next = this.#waiting.shift()
    if (!recycle) {
      if (next) return next.resolve(pooled)
      this.#busy--
      this.#idle.push(pooled)
      return
    }
    void pooled.page.close().catch(() => {})
    this.#busy--
    if (next) {
      // Hand the waiting document a fresh page.
      this.#acquire().then(next.resolve, next.reject)
    }
  }
}
