import { test } from '@japa/runner'
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import pdf from '#services/pdf/main'
import { decodeBarcodes, inkBounds, MM_TO_PT, pdfPages, rasterize, type Raster } from '#tests/helpers/pdf_inspect'
import {
  renderNreBarcodes,
  renderPromemoria,
  renderPromemoriaBatch,
} from '#modules/prescriptions/services/promemoria/render_promemoria'
import { PromemoriaDataError } from '#modules/prescriptions/services/promemoria/promemoria_data'
import { drugPromemoria, specialistPromemoria } from '#modules/prescriptions/tests/fixtures/promemoria'

const run = promisify(execFile)
const A4 = { width: 210 * MM_TO_PT, height: 297 * MM_TO_PT }
const A5 = { width: 148 * MM_TO_PT, height: 210 * MM_TO_PT }

/** The PDF's text as poppler lays it out, page breaks included. */
async function pdfText(document: Buffer) {
  const dir = await mkdtemp(join(tmpdir(), 'promemoria-'))
  try {
    await writeFile(join(dir, 'in.pdf'), document)
    const { stdout } = await run('pdftotext', ['-layout', join(dir, 'in.pdf'), '-'])
    return stdout
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
}

async function barcodesOf(document: Buffer) {
  return decodeBarcodes((await rasterize(document, 200)).png)
}

/**
 * The PDF without what changes at every print and is not part of the page: the creation and
 * modification dates, and the ids Chromium gives the DOM nodes in the tagged-PDF structure.
 */
function withoutPrintTimeData(document: Buffer) {
  return document
    .toString('latin1')
    .replace(/\/(CreationDate|ModDate) \(D:[^)]*\)/g, '')
    .replace(/node\d{8}/g, 'node')
}

/** Dark runs along one pixel row: where each starts and how wide it is. */
function darkRuns(raster: Raster, y: number) {
  const runs: Array<{ x: number; width: number }> = []
  let start = -1
  for (let x = 0; x <= raster.width; x++) {
    const dark = x < raster.width && raster.pixels[y * raster.width + x] < 128
    if (dark && start < 0) start = x
    if (!dark && start >= 0) {
      runs.push({ x: start, width: x - start })
      start = -1
    }
  }
  return runs
}

/**
 * Geometry of the first barcodes from the top (the NRE), in points. Bars are vertical: a row of
 * bars is found as a few identical pixel rows with many dark runs, which no line of text makes;
 * the bar height is measured down the column of a bar in the middle of the row. Narrow and wide
 * bars are told apart by the midpoint of the thinnest and thickest bar.
 */
function firstBarcodeRow(raster: Raster) {
  const dark = (x: number, y: number) => raster.pixels[y * raster.width + x] < 128
  const row = (y: number) => Buffer.from(raster.pixels.subarray(y * raster.width, (y + 1) * raster.width).map((v) => (v < 128 ? 1 : 0)))
  let start = 0
  let y = 1
  for (; y < raster.height && y - start < 10; y++) {
    if (darkRuns(raster, y).length < 20 || !row(y).equals(row(y - 1))) start = y
  }
  const runs = darkRuns(raster, y)
  const widths = runs.map((r) => r.width).sort((p, q) => p - q)
  const split = (widths[0] + widths[widths.length - 1]) / 2
  const median = (list: number[]) => list[Math.floor(list.length / 2)]
  const pt = (px: number) => (px / raster.dpi) * 72

  const bar = runs[Math.floor(runs.length / 2)]
  const x = bar.x + Math.floor(bar.width / 2)
  let top = y
  while (top > 0 && dark(x, top - 1)) top--
  let bottom = y
  while (bottom < raster.height && dark(x, bottom)) bottom++
  return {
    heightPt: pt(bottom - top),
    narrowPt: pt(median(widths.filter((w) => w < split))),
    widePt: pt(median(widths.filter((w) => w >= split))),
  }
}

const DRUG_LABELS = [
  'SERVIZIO SANITARIO NAZIONALE',
  "RICETTA ELETTRONICA - PROMEMORIA PER L'ASSISTITO",
  'Regione Lazio',
  'COGNOME E NOME:',
  'INDIRIZZO:',
  'CAP:',
  'COMUNE:',
  'PROV:',
  'ESENZIONE:',
  'SIGLA PROVINCIA:',
  'CODICE ASL:',
  'DISPOSIZIONI REGIONALI:',
  'TIPOLOGIA PRESCRIZIONE(S,H):',
  'ALTRO:',
  "PRIORITA' PRESCRIZIONE(U,B,D,P):",
  'PRESCRIZIONE',
  "QTA'",
  'NOTA',
  'QUESITO DIAGNOSTICO:',
  'N.CONFEZIONI/PRESTAZIONI:',
  'TIPO RICETTA:',
  'DATA:',
  'CODICE FISCALE MEDICO:',
  'CODICE AUTENTICAZIONE:',
  'COGNOME E NOME DEL MEDICO:',
  "Rilasciato ai sensi dell'art.11, comma 16 del DL 31 mag 2010,n.78 e dell'art.1, comma 4 del DM 2 nov 2011",
]

test.group('Promemoria PDF', (group) => {
  group.teardown(() => pdf.close())

  test('a drug promemoria is the top half of an A4 page whose NRE and CF barcodes scan back', async ({ assert }) => {
    const document = await renderPromemoria(drugPromemoria())
    const pages = pdfPages(document)
    assert.lengthOf(pages, 1)
    assert.closeTo(pages[0].width, A4.width, 1.5)
    assert.closeTo(pages[0].height, A4.height, 1.5)

    const raster = await rasterize(document, 200)
    // Spec 10.1: half A4, so everything printed stays above the middle of the page.
    assert.isAbove(inkBounds(raster).bottomMm, 297 / 2)

    const codes = await decodeBarcodes(raster.png)
    assert.sameDeepMembers(codes, [
      { format: 'Code39', text: '1300A' },
      { format: 'Code39', text: '4019294833' },
      { format: 'Code39', text: 'RSSMRA85T10A562S' },
    ])
  })

  test('the barcodes are Code 39 with 0.8 pt narrow bars, wide bars twice as wide and 24 pt high', async ({ assert }) => {
    const bars = firstBarcodeRow(await rasterize(await renderPromemoria(drugPromemoria()), 600))
    assert.closeTo(bars.narrowPt, 0.8, 0.15)
    assert.closeTo(bars.widePt / bars.narrowPt, 2, 0.25)
    assert.closeTo(bars.heightPt, 24, 0.5)
  })

  test('the drug promemoria prints every label of the national layout and the items as the SAC does', async ({ assert }) => {
    const text = await pdfText(await renderPromemoria(drugPromemoria()))
    for (const label of DRUG_LABELS) assert.include(text, label)
    assert.include(text, '*1300A*')
    assert.include(text, '*4019294833*')
    assert.include(text, '*RSSMRA85T10A562S*')
    assert.include(text, 'ROSSI MARIO')
    assert.include(text, 'VIA DEI GERANI 12')
    assert.match(text, /ESENZIONE:\s+NON ESENTE/)
    assert.match(text, /012745093 - TACHIPIRINA\*20CPR 500MG\s+2\s+---/)
    assert.match(text, /G3B - LEVETIRACETAM 500MG 60 UNITA' USO ORALE\s+1\s+13/)
    assert.notInclude(text, 'KEPPRA')
    assert.include(text, 'NON SOSTITUIBILE - MOTIVAZIONE: 1')
    assert.match(text, /N\.CONFEZIONI\/PRESTAZIONI:\s+3/)
    assert.match(text, /TIPO RICETTA:\s+Assist\.SSN/)
    assert.match(text, /DATA:\s+30\/09\/2026/)
    assert.match(text, /CODICE FISCALE MEDICO:\s+BNCNNA75M41H501L/)
    assert.match(text, /CODICE AUTENTICAZIONE:\s+300920261605070123456789012345/)
    assert.include(text, 'REGIONE LAZIO: la ricetta è valida 30 giorni')
  })

  test('a specialist promemoria prints catalogue codes, access type, priority and the diagnostic question', async ({ assert }) => {
    const document = await renderPromemoria(specialistPromemoria())
    const raster = await rasterize(document, 200)
    assert.isAbove(inkBounds(raster).bottomMm, 297 / 2)
    assert.sameDeepMembers(await decodeBarcodes(raster.png), [
      { format: 'Code39', text: '1200A' },
      { format: 'Code39', text: '1000001123' },
      { format: 'Code39', text: 'PNIMRA70A01H501P' },
    ])

    const text = await pdfText(document)
    assert.match(text, /88\.74\.1 - ECOGRAFIA DELL'ADDOME SUPERIORE\s+1\s+---/)
    assert.include(text, 'TIPO ACCESSO: PRIMO ACCESSO')
    assert.include(text, '90.62.2 - EMOCROMO')
    assert.include(text, 'TIPO ACCESSO: ACCESSO SUCCESSIVO')
    assert.match(text, /PRIORITA' PRESCRIZIONE\(U,B,D,P\):\s+B/)
    assert.match(text, /ESENZIONE:\s+013/)
    assert.match(text, /QUESITO DIAGNOSTICO:\s+789\.00 - DOLORE ADDOMINALE/)
    assert.match(text, /N\.CONFEZIONI\/PRESTAZIONI:\s+2/)
    // 07:30 UTC is 09:30 in Rome, same day.
    assert.match(text, /DATA:\s+01\/10\/2026/)
  })

  test('an obscured promemoria leaves name and address blank but keeps the barcodes', async ({ assert }) => {
    const document = await renderPromemoria(drugPromemoria({ obscured: true }))
    const text = await pdfText(document)
    assert.notInclude(text, 'ROSSI MARIO')
    assert.notInclude(text, 'GERANI')
    assert.notInclude(text, '00177')
    assert.include(text, 'COGNOME E NOME:')
    assert.include(text, 'INDIRIZZO:')
    assert.sameDeepMembers(await barcodesOf(document), [
      { format: 'Code39', text: '1300A' },
      { format: 'Code39', text: '4019294833' },
      { format: 'Code39', text: 'RSSMRA85T10A562S' },
    ])
  })

  test('a reprint is identical to the first print but for the creation date', async ({ assert }) => {
    const first = await renderPromemoria(drugPromemoria())
    const again = await renderPromemoria(drugPromemoria())
    assert.equal(withoutPrintTimeData(again), withoutPrintTimeData(first))
  })

  test('a batch prints one promemoria a page, in order', async ({ assert }) => {
    const list = [
      drugPromemoria(),
      specialistPromemoria(),
      drugPromemoria({ nre: '1200A1000001124', patient: { ...drugPromemoria().patient, name: 'VERDI LUCA' } }),
    ]
    const document = await renderPromemoriaBatch(list)
    const pages = pdfPages(document)
    assert.lengthOf(pages, 3)
    for (const page of pages) assert.closeTo(page.height, A4.height, 1.5)
    const text = await pdfText(document)
    const perPage = text.split('\f').filter((page) => page.trim())
    assert.lengthOf(perPage, 3)
    assert.include(perPage[0], '*4019294833*')
    assert.include(perPage[1], '*1000001123*')
    assert.include(perPage[2], 'VERDI LUCA')
    assert.include(perPage[2], '*1000001124*')
  })

  test('a malformed NRE or codice fiscale is refused with an Italian error', async ({ assert }) => {
    await assert.rejects(() => renderPromemoria(drugPromemoria({ nre: '1300A40192948' })), /NRE «1300A40192948» non valido: servono 15 caratteri/)
    await assert.rejects(() => renderPromemoria(drugPromemoria({ nre: '1300a4019294833' })), PromemoriaDataError as any)
    await assert.rejects(
      () => renderPromemoria(drugPromemoria({ patient: { ...drugPromemoria().patient, fiscalCode: 'RSSMRA85T10A562X' } })),
      /Codice fiscale dell'assistito «RSSMRA85T10A562X» non valido: il carattere di controllo dovrebbe essere S/
    )
    await assert.rejects(
      () => renderPromemoria(drugPromemoria({ patient: { ...drugPromemoria().patient, fiscalCode: 'rssmra85t10a562s' } })),
      /Codice fiscale dell'assistito «rssmra85t10a562s» non valido/
    )
    await assert.rejects(() => renderPromemoriaBatch([]), /Nessun promemoria da stampare/)
  })

  test('the NRE sheet for e-mail scans back and names the patient by initials only', async ({ assert }) => {
    const document = await renderNreBarcodes(drugPromemoria())
    const pages = pdfPages(document)
    assert.lengthOf(pages, 1)
    assert.closeTo(pages[0].width, A5.width, 1.5)
    assert.closeTo(pages[0].height, A5.height, 1.5)
    assert.sameDeepMembers(await barcodesOf(document), [
      { format: 'Code39', text: '1300A' },
      { format: 'Code39', text: '4019294833' },
      { format: 'Code39', text: 'RSSMRA85T10A562S' },
    ])

    const text = await pdfText(document)
    assert.include(text, '1300A4019294833')
    assert.include(text, 'R. M.')
    assert.include(text, '30/09/2026')
    assert.include(text, 'BIANCHI ANNA')
    assert.notInclude(text, 'ROSSI MARIO')
    assert.notInclude(text, 'GERANI')
    assert.notInclude(text, 'LEVETIRACETAM')
  })
})
