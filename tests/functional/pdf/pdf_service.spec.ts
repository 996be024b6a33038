import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Clinic from '#models/clinic'
import { PdfRenderer, DEFAULT_LAYOUT } from '#services/pdf/pdf_renderer'
import { ChromiumMissingError, resolveChromiumPath } from '#services/pdf/chromium_path'
import { BarcodeError, barcodeSvg } from '#services/pdf/barcode'
import { renderPdfView } from '#services/pdf/render_pdf'
import pdf from '#services/pdf/main'
import pdfConfig from '#config/pdf'
import { createUser } from '#tests/helpers/factories'
import { binaryGet } from '#tests/helpers/binary_download'
import { decodeBarcodes, inkBounds, MM_TO_PT, pdfPages, rasterize } from '#tests/helpers/pdf_inspect'

const A4 = { width: 210 * MM_TO_PT, height: 297 * MM_TO_PT }
const A5 = { width: 148 * MM_TO_PT, height: 210 * MM_TO_PT }

async function clinic(overrides: Partial<Clinic> = {}) {
  return Clinic.create({ name: 'Ambulatorio Centro', isActive: true, printFormat: 'A4', printOrientation: 'portrait', printMarginTopMm: 10, printMarginRightMm: 10, printMarginBottomMm: 10, printMarginLeftMm: 10, ...overrides })
}

test.group('PDF service (system Chromium)', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.teardown(() => pdf.close())

  test('an Edge template becomes a one-page A4 PDF whose Code 39 and Code 128 barcodes scan back', async ({ assert }) => {
    const c = await clinic()
    const out = await renderPdfView('pdf/print_test', { clinic: c, layout: DEFAULT_LAYOUT, fiscalCode: 'RSSMRA80A01H501U', code128: 'NRE-1200A4000000001' }, { clinicId: c.id })
    assert.equal(out.subarray(0, 5).toString(), '%PDF-')
    const pages = pdfPages(out)
    assert.lengthOf(pages, 1)
    assert.closeTo(pages[0].width, A4.width, 1.5)
    assert.closeTo(pages[0].height, A4.height, 1.5)

    const raster = await rasterize(out, 200)
    const codes = await decodeBarcodes(raster.png)
    assert.deepInclude(codes, { format: 'Code39', text: 'RSSMRA80A01H501U' })
    assert.deepInclude(codes, { format: 'Code128', text: 'NRE-1200A4000000001' })
  })

  test("format, orientation and margins come from the clinic's print settings", async ({ assert }) => {
    const c = await clinic({ printFormat: 'A5', printOrientation: 'landscape', printMarginTopMm: 12, printMarginLeftMm: 25, printMarginRightMm: 8, printMarginBottomMm: 15 })
    const out = await renderPdfView('pdf/print_test', { clinic: c, layout: DEFAULT_LAYOUT, fiscalCode: 'RSSMRA80A01H501U', code128: 'X1' }, { clinicId: c.id })
    const [page] = pdfPages(out)
    assert.closeTo(page.width, A5.height, 1.5) // landscape: the long side across
    assert.closeTo(page.height, A5.width, 1.5)
    // The frame is drawn at the edge of the printable area: the ink starts at the margins.
    const ink = inkBounds(await rasterize(out, 100))
    assert.closeTo(ink.leftMm, 25, 1)
    assert.closeTo(ink.topMm, 12, 1)
    assert.closeTo(ink.rightMm, 8, 1)
    assert.closeTo(ink.bottomMm, 15, 1.5)
  })

  test('one browser serves many documents through the page pool, also concurrently', async ({ assert }) => {
    const renderer = new PdfRenderer({ poolSize: 2, pageUses: 3, timeoutMs: 20_000 })
    try {
      const docs = await Promise.all(Array.from({ length: 8 }, (_, i) => renderer.render(`<h1>Documento ${i}</h1>`)))
      assert.isTrue(docs.every((d) => d.subarray(0, 5).toString() === '%PDF-'))
      const stats = renderer.stats()
      assert.equal(stats.launches, 1)
      assert.equal(stats.documents, 8)
      assert.isAtMost(stats.idle, 2)
      assert.equal(stats.waiting, 0)
    } finally {
      await renderer.close()
    }
  })

  test('a Chromium that died is relaunched for the next document', async ({ assert }) => {
    const renderer = new PdfRenderer({ poolSize: 1, pageUses: 100, timeoutMs: 20_000 })
    try {
      await renderer.render('<p>prima</p>')
      const browser = await renderer.browser()
      browser!.process()!.kill('SIGKILL')
      await new Promise((resolve) => setTimeout(resolve, 300))
      const again = await renderer.render('<p>dopo</p>')
      assert.equal(again.subarray(0, 5).toString(), '%PDF-')
      assert.equal(renderer.stats().launches, 2)
    } finally {
      await renderer.close()
    }
  })

  test('a missing Chromium is a clear Italian error, and the print test page says it instead of failing', async ({ assert, client }) => {
    assert.throws(() => resolveChromiumPath('/opt/nessun/chromium'), /Chromium non trovato.*apt-get install chromium.*CHROMIUM_PATH/)
    const renderer = new PdfRenderer()
    const saved = pdfConfig.chromiumPath
    pdfConfig.chromiumPath = '/opt/nessun/chromium'
    try {
      await assert.rejects(() => renderer.render('<p>x</p>'), ChromiumMissingError as any)
      await pdf.close()
      const c = await clinic()
      const admin = await createUser({ role: 'admin' })
      const response = await client.get(`/admin/ambulatori/${c.id}/prova-stampa`).loginAs(admin).redirects(0)
      response.assertStatus(302)
      assert.include(String(response.flashMessages().error), 'Chromium non trovato')
    } finally {
      pdfConfig.chromiumPath = saved
    }
  })

  test('the print test of a clinic is served as a PDF to who manages the studio only', async ({ assert, client }) => {
    const c = await clinic({ printFormat: 'A5' })
    const titolare = await createUser({ role: 'titolare' })
    const response = await binaryGet(client, `/admin/ambulatori/${c.id}/prova-stampa`, titolare)
    response.assertStatus(200)
    assert.equal(response.header('content-type'), 'application/pdf')
    assert.closeTo(pdfPages(response.body() as Buffer)[0].width, A5.width, 1.5)
    const staff = await createUser({ role: 'collaboratore' })
    ;(await client.get(`/admin/ambulatori/${c.id}/prova-stampa`).loginAs(staff)).assertStatus(403)
  })

  test('text a barcode cannot carry is refused with the reason', ({ assert }) => {
    assert.throws(() => barcodeSvg('code39', 'rssmra80a01h501u'), BarcodeError as any)
    assert.throws(() => barcodeSvg('code128', ''), /mancante/)
    assert.include(barcodeSvg('code128', 'abc-123'), '<svg')
  })
})
