/*
| The printed white prescription: the private paper one, and the patient's copy of the white
| electronic one (NRBE, PIN and the NRBE as Code 128). A4 portrait, the clinic's margins.
*/
import db from '@adonisjs/lucid/services/db'
import encryption from '@adonisjs/core/services/encryption'
import Patient from '#models/patient'
import User from '#models/user'
import Studio from '#models/studio'
import { renderPdfView } from '#services/pdf/render_pdf'
import { barcodeSvg } from '#services/pdf/barcode'
import Prescription from '../models/prescription.js'

export async function whiteSheetPdf(prescriptionId: number): Promise<Buffer> {
  const prescription = await Prescription.findOrFail(prescriptionId)
  const patient = await Patient.findOrFail(prescription.patientId)
  const doctor = await User.findOrFail(prescription.substituteId ?? prescription.prescriberId)
  const items = await db.from('prescription_items').where('prescription_id', prescriptionId).orderBy('position')
  const electronic = prescription.kind === 'BIANCA_ELETTRONICA'
  const pin = electronic && prescription.pinEncrypted ? encryption.decrypt<string>(prescription.pinEncrypted) : null
  const date = (prescription.compiledAt ?? '').slice(0, 10).split('-').reverse().join('/')
  return renderPdfView('prescriptions::pdf/white_prescription', {
    data: {
      electronic,
      nrbe: prescription.nre,
      pin,
      nrbeBarcode: electronic && prescription.nre ? barcodeSvg('code128', prescription.nre, { heightMm: 12 }) : '',
      doctorName: doctor.displayName,
      doctorCf: doctor.fiscalCode ?? '',
      studioName: (await Studio.first())?.name ?? '',
      patientName: `${patient.lastName} ${patient.firstName}`,
      patientCf: patient.fiscalCode,
      items: items.map((i) => ({ description: i.description, quantity: i.quantity, posology: i.posology })),
      date,
    },
  }, { clinicId: prescription.clinicId, layout: { format: 'A4', orientation: 'portrait' } })
}
