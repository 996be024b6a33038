/*
| PDF benchmark: a one-page document (the clinic print test: text and two barcodes) rendered
| by the pooled PDF service and by launching a Chromium per PDF, in the same run. Prints
| PDFs/s for each and the ratio.
|
|   scripts/with-node.sh node --import=@poppinss/ts-exec scripts/bench/pdf.ts [--pdfs=60] [--naive=8]
*/
import { bootConsoleApp } from './support/console_app.js'

const arg = (name: string, fallback: number) => {
  const found = process.argv.find((a) => a.startsWith(`--${name}=`))
  return found ? Number(found.split('=')[1]) : fallback
}
const PDFS = arg('pdfs', 60)
const NAIVE = arg('naive', 8)

const app = await bootConsoleApp()

const { default: edge } = await import('edge.js')
const { default: puppeteer } = await import('puppeteer-core')
const { PdfRenderer, DEFAULT_LAYOUT, CHROMIUM_ARGS } = await import('#services/pdf/pdf_renderer')
const { resolveChromiumPath } = await import('#services/pdf/chromium_path')
const { barcodeSvg } = await import('#services/pdf/barcode')

const html = await edge.render('pdf/print_test', {
  clinic: { name: 'Ambulatorio di prova' },
  layout: DEFAULT_LAYOUT,
  fiscalCode: 'RSSMRA80A01H501U',
  code128: 'NRE-1200A4000000001',
  barcode: barcodeSvg,
})

async function naive(count: number) {
  const start = performance.now()
  for (let i = 0; i < count; i++) {
    const browser = await puppeteer.launch({ executablePath: resolveChromiumPath(), headless: true, args: CHROMIUM_ARGS })
    const page = await browser.newPage()
    await page.setContent(html, { waitUntil: 'load' })
    await page.pdf({ format: 'A4', printBackground: true, margin: { top: '10mm', right: '10mm', bottom: '10mm', left: '10mm' } })
    await browser.close()
  }
  return (count / (performance.now() - start)) * 1000
}

async function pooled(count: number, concurrency: number) {
  const renderer = new PdfRenderer({ poolSize: concurrency, pageUses: 200, timeoutMs: 30_000 })
  await renderer.render(html) // the browser launch is paid once, at the first PDF of the day
  const start = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < count) {
        next++
        await renderer.render(html)
      }
    })
  )
  const rate = (count / (performance.now() - start)) * 1000
  await renderer.close()
  return rate
}

const naiveRate = await naive(NAIVE)
const pooledOne = await pooled(PDFS, 1)
const pooledThree = await pooled(PDFS, 3)
const fmt = (n: number) => n.toFixed(1).padStart(7)
console.log('\nPDF: one-page document (text + Code 39 + Code 128), system Chromium')
console.log(`  browser per PDF (${NAIVE} PDFs)          ${fmt(naiveRate)} PDF/s   1.0×`)
console.log(`  pooled, 1 page  (${PDFS} PDFs)          ${fmt(pooledOne)} PDF/s  ${(pooledOne / naiveRate).toFixed(1)}×`)
console.log(`  pooled, 3 pages (${PDFS} PDFs)          ${fmt(pooledThree)} PDF/s  ${(pooledThree / naiveRate).toFixed(1)}×`)
await app.terminate()
