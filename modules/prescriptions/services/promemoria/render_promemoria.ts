/*
| Our own promemoria (when the SAC gave no PDF, for reprints and batch print) and the small
| "NRE by e-mail" sheet. Both are pure functions of PromemoriaData: a reprint differs from
| the first print only in the PDF's creation date.
*/
import bwipjs from 'bwip-js'
import edge from 'edge.js'
import { renderPdfView } from '#services/pdf/render_pdf'
import type { PageLayout } from '#services/pdf/pdf_renderer'
import {
  assertPromemoriaData,
  PromemoriaDataError,
  type PromemoriaData,
  type PromemoriaItem,
} from '#modules/prescriptions/services/promemoria/promemoria_data'

export interface PromemoriaPrintOptions {
  /** Page margins in millimetres, for printers that cannot print near the edge. */
  margins?: Partial<PageLayout['margins']>
}

const VIEWS_DISK = 'prescriptions'
const VIEWS_DIR = new URL('../../views/', import.meta.url)

// Spec 10.1: the promemoria is the top half of an A4 portrait page, the same nationwide,
// so the clinic's print settings do not apply.
const PROMEMORIA_LAYOUT: PageLayout = {
  format: 'A4',
  orientation: 'portrait',
  margins: { top: 8, right: 10, bottom: 10, left: 10 },
}

const NRE_SHEET_LAYOUT: PageLayout = {
  format: 'A5',
  orientation: 'portrait',
  margins: { top: 12, right: 12, bottom: 12, left: 12 },
}

// Spec 10.1 (DM 2/11/2011, as the SAC prints it): Code 39 without check character, narrow bar
// 0.8 pt, wide bar twice the narrow one, bars 24 pt high, text under the bars with the asterisks.
const NARROW_PT = 0.8
const WIDE_PT = 2 * NARROW_PT
const BAR_HEIGHT_PT = 24
const QUIET_ZONE_PT = 10 * NARROW_PT
const TEXT_SIZE_PT = 7

const round = (n: number) => Math.round(n * 1000) / 1000

/**
 * bwip-js encodes the symbol (start/stop, no check character); its renderer draws wide bars
 * three times the narrow one, so the bars are drawn here at the 2:1 ratio of the SAC print.
 */
function code39Svg(text: string): string {
  const [symbol] = bwipjs.raw('code39', text, { includecheck: false }) as Array<{ sbs: number[] }>
  const bars: string[] = []
  let x = QUIET_ZONE_PT
  symbol.sbs.forEach((modules, index) => {
    const width = modules > 1 ? WIDE_PT : NARROW_PT
    if (index % 2 === 0) bars.push(`<rect x="${round(x)}" y="0" width="${width}" height="${BAR_HEIGHT_PT}"/>`)
    x += width
  })
  const width = round(x + QUIET_ZONE_PT)
  const height = BAR_HEIGHT_PT + TEXT_SIZE_PT + 2
  const label = `*${text}*`
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="code39" width="${width}pt" height="${height}pt" viewBox="0 0 ${width} ${height}">` +
    `<g fill="#000">${bars.join('')}</g>` +
    `<text x="${round(width / 2)}" y="${height - 0.5}" text-anchor="middle" font-family="Helvetica, Arial, 'Liberation Sans', sans-serif" font-size="${TEXT_SIZE_PT}">${label}</text>` +
    `</svg>`
  )
}

/** dd/MM/yyyy in Rome time; a date without a zone is already the studio's local date. */
function formatDate(value: Date | string): string {
  if (typeof value === 'string') {
    const local = /^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/.exec(value.trim())
    if (local) return `${local[3]}/${local[2]}/${local[1]}`
  }
  const date = value instanceof Date ? value : new Date(value)
  const parts = new Intl.DateTimeFormat('it-IT', {
    timeZone: 'Europe/Rome',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).formatToParts(date)
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
  return `${part('day')}/${part('month')}/${part('year')}`
}

const text = (value: string | null | undefined) => (value ?? '').trim()

function itemView(item: PromemoriaItem, kind: PromemoriaData['kind']) {
  const line = item.byActiveIngredient
    ? `${item.byActiveIngredient.groupCode} - ${item.byActiveIngredient.groupDescription}`
    : `${item.code} - ${item.description}`
  const details: string[] = []
  if (kind === 'F' && item.notSubstitutable) {
    details.push(item.reason ? `NON SOSTITUIBILE - MOTIVAZIONE: ${item.reason}` : 'NON SOSTITUIBILE')
  }
  if (kind === 'P' && item.accessType) {
    details.push(`TIPO ACCESSO: ${item.accessType === '1' ? 'PRIMO ACCESSO' : 'ACCESSO SUCCESSIVO'}`)
  }
  return { line, quantity: item.quantity, note: text(item.note) || '---', detail: details.join(' · ') }
}

function sheetView(data: PromemoriaData) {
  const nre = [data.nre.slice(0, 5), data.nre.slice(5)]
  // Spec 10.4: an obscured prescription never carries the name and address into the page.
  const hidden = data.obscured === true
  const diagnosis = [text(data.diagnosis?.code), text(data.diagnosis?.text)].filter(Boolean).join(' - ')
  return {
    regionName: text(data.regionName),
    nre,
    nreBarcodes: nre.map(code39Svg),
    fiscalCodeBarcode: code39Svg(data.patient.fiscalCode),
    patientName: hidden ? '' : text(data.patient.name),
    address: hidden ? '' : text(data.patient.address),
    cap: hidden ? '' : text(data.patient.cap),
    comune: hidden ? '' : text(data.patient.comune),
    province: hidden ? '' : text(data.patient.province),
    exemption: text(data.exemption) || 'NON ESENTE',
    patientProvince: text(data.patientProvince),
    aslCode: text(data.aslCode),
    regionalDispositions: text(data.regionalDispositions),
    indication: text(data.indication),
    altro: text(data.altro),
    priority: text(data.priority),
    items: data.items.map((item) => itemView(item, data.kind)),
    diagnosis,
    total: data.items.reduce((sum, item) => sum + (Number(item.quantity) || 0), 0),
    tipoRic: text(data.tipoRic) || 'Assist.SSN',
    date: formatDate(data.compiledAt),
    doctorFiscalCode: data.doctor.fiscalCode,
    doctorName: text(data.doctor.name),
    authCode: text(data.authCode),
    regionalMessage: text(data.regionalMessage),
  }
}

function initials(name: string) {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${word[0].toUpperCase()}.`)
    .join(' ')
}

function layout(base: PageLayout, options: PromemoriaPrintOptions): PageLayout {
  return { ...base, margins: { ...base.margins, ...options.margins } }
}

/** The module's view disk is normally mounted at boot; printing must not depend on it. */
function ensureViewsMounted() {
  if (!(VIEWS_DISK in edge.loader.mounted)) edge.mount(VIEWS_DISK, VIEWS_DIR)
}

/** One promemoria, top half of an A4 portrait page. */
export async function renderPromemoria(data: PromemoriaData, options: PromemoriaPrintOptions = {}): Promise<Buffer> {
  return renderPromemoriaBatch([data], options)
}

/** Many promemoria in one PDF, one a page, in the order given (batch print). */
export async function renderPromemoriaBatch(list: PromemoriaData[], options: PromemoriaPrintOptions = {}): Promise<Buffer> {
  if (list.length === 0) throw new PromemoriaDataError('Nessun promemoria da stampare.')
  list.forEach(assertPromemoriaData)
  ensureViewsMounted()
  return renderPdfView(`${VIEWS_DISK}::pdf/promemoria`, { sheets: list.map(sheetView) }, {
    layout: layout(PROMEMORIA_LAYOUT, options),
  })
}

/**
 * The sheet sent when the patient gets the NRE by e-mail: initials only, no diagnosis, the NRE
 * in clear and as barcodes with the CF barcode, so the pharmacy can scan it from a phone.
 */
export async function renderNreBarcodes(data: PromemoriaData, options: PromemoriaPrintOptions = {}): Promise<Buffer> {
  assertPromemoriaData(data)
  ensureViewsMounted()
  const sheet = sheetView(data)
  return renderPdfView(
    `${VIEWS_DISK}::pdf/nre_barcodes`,
    {
      sheet: {
        regionName: sheet.regionName,
        nre: data.nre,
        nreBarcodes: sheet.nreBarcodes,
        fiscalCodeBarcode: sheet.fiscalCodeBarcode,
        initials: data.obscured ? '' : initials(data.patient.name),
        date: sheet.date,
        doctorName: sheet.doctorName,
        kind: data.kind,
      },
    },
    { layout: layout(NRE_SHEET_LAYOUT, options) }
  )
}
