/*
| The promemoria published for the patient portal (delivery "pubblica sul portale"): listed
| and opened for the patient they belong to, while the prescription still stands. A cancelled
| prescription's promemoria is withdrawn from the portal: the pharmacy would refuse it.
*/
import db from '@adonisjs/lucid/services/db'
import type { PatientDocumentsProvider } from '#services/patient_documents'
import { promemoriaPdf } from './deliver_prescription.js'

const WITHDRAWN = ['CANCEL_REQUESTED', 'CANCELLED', 'DISCARDED']

function published(patientId: number) {
  return db.from('prescriptions as p').where('p.patient_id', patientId).whereNotNull('p.portal_published_at').whereNotNull('p.nre').whereNotIn('p.state', WITHDRAWN)
}

const isoOf = (value: unknown) => (value instanceof Date ? value.toISOString() : new Date(`${String(value).replace(' ', 'T')}Z`).toISOString())

const provider: PatientDocumentsProvider = {
  async list(patientId) {
    const rows = await published(patientId)
      .leftJoin('prescription_items as i', (join) => join.on('i.prescription_id', '=', 'p.id').andOnVal('i.position', '=', 1))
      .orderBy('p.portal_published_at', 'desc')
      .select('p.id', 'p.nre', 'p.kind', 'p.portal_published_at', 'i.description')
    return rows.map((r) => ({
      id: String(r.id),
      title: r.kind === 'DEM_SPECIALISTICA' ? 'Promemoria della prescrizione specialistica' : 'Promemoria della ricetta elettronica',
      publishedAt: isoOf(r.portal_published_at),
      summary: `NRE ${r.nre}${r.description ? ` · ${r.description}` : ''}`,
      filename: `promemoria-${r.nre}.pdf`,
    }))
  },

  async open(patientId, id) {
    if (!/^\d+$/.test(id)) return null
    const row = await published(patientId).where('p.id', Number(id)).select('p.id', 'p.nre').first()
    if (!row) return null
    return { filename: `promemoria-${row.nre}.pdf`, contentType: 'application/pdf', content: await promemoriaPdf(row.id) }
  },
}

export default provider
