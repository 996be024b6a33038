/*
| The page printed on a sheet of the red pad (DM 17/03/2008 model). The sheet already carries
| its printed boxes and the two Code 39 barcodes of its code, so only the prescription's data
| is printed, placed on the boxes; the sheet code is printed in clear in the margin so that
| the user can check it against the barcodes on the paper.
*/
import edge from 'edge.js'
import db from '@adonisjs/lucid/services/db'
import { renderPdfView } from '#services/pdf/render_pdf'
import type { PageLayout } from '#services/pdf/pdf_renderer'
import { romeTime } from '../../queries/rome_time.js'

const VIEWS_DISK = 'prescriptions'
const VIEWS_DIR = new URL('../../views/', import.meta.url)

// The red form is printed landscape (as the promemoria); the clinic's margins shift the print
// onto the boxes of its own printers.
const RED_LAYOUT: Partial<PageLayout> = { format: 'A5', orientation: 'landscape' }

export class RedPrintError extends Error {}

const text = (value: unknown) => (typeof value === 'string' ? value.trim() : '')

/** dd/MM/yyyy from `YYYY-MM-DD HH:mm:ss`, already Rome time. */
function paperDate(compiledAt: string | null, fallback: unknown) {
  const match = compiledAt ? /^(\d{4})-(\d{2})-(\d{2})/.exec(compiledAt) : null
  return match ? `${match[3]}/${match[2]}/${match[1]}` : romeTime(fallback, 'dd/LL/yyyy')
}

export async function redSheetData(prescriptionId: number) {
  const p = await db
    .from('prescriptions as p')
    .join('patients as pt', 'pt.id', 'p.patient_id')
    .join('users as d', 'd.id', 'p.prescriber_id')
    .leftJoin('users as s', 's.id', 'p.substitute_id')
    .leftJoin('comuni as c', (join) => join.on('c.cadastral_code', '=', 'pt.residence_comune_code').andOnNull('c.valid_to'))
    .where('p.id', prescriptionId)
    .select(
      'p.*',
      'pt.last_name',
      'pt.first_name',
      'pt.fiscal_code',
      'pt.residence_address',
      'pt.residence_cap',
      'pt.asl_code as patient_asl',
      'c.name as comune',
      'c.province_sigla as province',
      'd.last_name as doctor_last',
      'd.first_name as doctor_first',
      'd.fiscal_code as doctor_cf',
      's.last_name as substitute_last',
      's.first_name as substitute_first',
      's.fiscal_code as substitute_cf'
    )
    .first()
  if (!p || p.kind !== 'ROSSA' || !p.red_code) throw new RedPrintError('La prescrizione non è stata stampata su ricetta rossa.')
  const transmission = await db
    .from('red_transmissions as t')
    .leftJoin('red_pads as rp', 'rp.id', 't.pad_id')
    .where('t.prescription_id', prescriptionId)
    .select('t.prescription_type', 'rp.clinic_id as pad_clinic_id')
    .first()
  const items = await db.from('prescription_items').where('prescription_id', prescriptionId).orderBy('position')
  const type = transmission?.prescription_type === 'F' ? 'F' : 'P'
  const signer = p.substitute_last ? { name: `${p.substitute_last} ${p.substitute_first}`, cf: p.substitute_cf } : null
  return {
    code: { bar1: p.red_code.slice(0, 5), bar2: p.red_code.slice(5) },
    patientName: `${p.last_name} ${p.first_name}`.toUpperCase(),
    address: [text(p.residence_address), [text(p.residence_cap), text(p.comune)].filter(Boolean).join(' ')].filter(Boolean).join(' - '),
    fiscalCode: p.fiscal_code,
    province: text(p.province),
    asl: p.patient_asl ? String(p.patient_asl).slice(-3) : '',
    exemption: text(p.exemption_code) || (Number(p.not_exempt) ? 'NON ESENTE' : ''),
    income: Boolean(Number(p.income_exempt)),
    tipoRic: text(p.tipo_ric),
    priority: type === 'P' ? text(p.priority) : '',
    visitType: p.visit_type === 'D' ? 'DOMICILIARE' : 'AMBULATORIALE',
    indication: p.indication === 'S' ? 'SUGGERITA' : p.indication === 'H' ? 'RICOVERO' : '',
    diagnosis: [text(p.diagnosis_code), text(p.diagnosis_text)].filter(Boolean).join(' - '),
    items: items.map((item: any) => ({
      line: item.equivalence_group ? `${item.equivalence_group} - ${item.equivalence_description ?? ''}` : [text(item.code), text(item.description)].filter(Boolean).join(' - '),
      quantity: Number(item.quantity),
      notes: [
        item.aifa_note ? `NOTA ${item.aifa_note}` : '',
        Number(item.not_substitutable) ? `NON SOSTITUIBILE${item.not_substitutable_reason ? ` (${item.not_substitutable_reason})` : ''}` : '',
        type === 'P' && item.access_type ? (item.access_type === '1' ? 'PRIMO ACCESSO' : 'ACCESSO SUCCESSIVO') : '',
        text(item.posology),
      ].filter(Boolean).join(' · '),
    })),
    total: items.reduce((sum: number, item: any) => sum + (Number(item.quantity) || 0), 0),
    date: paperDate(p.compiled_at, p.updated_at),
    doctorName: `${p.doctor_last} ${p.doctor_first}`.toUpperCase(),
    doctorFiscalCode: text(p.doctor_cf),
    signer,
    clinicId: (transmission?.pad_clinic_id ?? p.clinic_id) as number | null,
  }
}

export type RedSheetData = Awaited<ReturnType<typeof redSheetData>>

function ensureViewsMounted() {
  if (!(VIEWS_DISK in edge.loader.mounted)) edge.mount(VIEWS_DISK, VIEWS_DIR)
}

/** The PDF for the sheet the prescription was printed on; printing it again takes no new sheet. */
export async function redPrescriptionPdf(prescriptionId: number): Promise<Buffer> {
  const sheet = await redSheetData(prescriptionId)
  ensureViewsMounted()
  // The clinic of the pad's printer: its margins place the print on the sheet's boxes.
  return renderPdfView(`${VIEWS_DISK}::pdf/red_prescription`, { sheet }, { clinicId: sheet.clinicId, layout: RED_LAYOUT })
}
