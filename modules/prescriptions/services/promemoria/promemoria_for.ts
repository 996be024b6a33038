/*
| The promemoria data of a stored prescription: the prescription, its items, the patient's
| registry and the doctor. A reprint builds the same data, so it prints the same page.
*/
import db from '@adonisjs/lucid/services/db'
import Patient from '#models/patient'
import User from '#models/user'
import { studioRegion } from '#config/modules'
import Prescription from '../../models/prescription.js'
import type { PromemoriaData } from './promemoria_data.js'

function regionName(slug: string) {
  const name = slug.split('-').map((w) => (w.length > 1 ? w[0].toUpperCase() + w.slice(1) : w)).join(' ')
  return `Regione ${name.replace(/ D /g, " d'").replace("Valle d' Aosta", "Valle d'Aosta")}`
}

export async function promemoriaFor(prescriptionId: number): Promise<PromemoriaData> {
  const prescription = await Prescription.query().where('id', prescriptionId).preload('items').firstOrFail()
  const patient = await Patient.findOrFail(prescription.patientId)
  const doctor = await User.findOrFail(prescription.substituteId ?? prescription.prescriberId)
  const comune = patient.residenceComuneCode
    ? await db.from('comuni').where('cadastral_code', patient.residenceComuneCode).orderBy('valid_to', 'desc').select('name', 'province_sigla').first()
    : null
  return {
    regionName: regionName(studioRegion()),
    nre: prescription.nre ?? '',
    patient: {
      name: `${patient.lastName} ${patient.firstName}`.toUpperCase(),
      fiscalCode: patient.fiscalCode,
      address: patient.residenceAddress,
      cap: patient.residenceCap,
      comune: comune?.name ?? null,
      province: comune?.province_sigla ?? null,
    },
    exemption: prescription.notExempt ? null : prescription.exemptionCode,
    patientProvince: comune?.province_sigla ?? null,
    aslCode: patient.aslCode ? patient.aslCode.slice(-3) : null,
    indication: prescription.indication,
    priority: prescription.priority,
    kind: prescription.isDrug ? 'F' : 'P',
    items: prescription.items.map((item) => ({
      code: item.catalogueCode ?? item.code ?? '',
      description: item.description,
      quantity: item.quantity,
      note: item.aifaNote,
      byActiveIngredient: item.equivalenceGroup ? { groupCode: item.equivalenceGroup, groupDescription: item.equivalenceDescription ?? item.description } : null,
      notSubstitutable: item.notSubstitutable,
      reason: item.notSubstitutableReason,
      accessType: item.accessType,
    })),
    diagnosis: prescription.diagnosisCode || prescription.diagnosisText ? { code: prescription.diagnosisCode, text: prescription.diagnosisText } : null,
    tipoRic: prescription.tipoRic,
    compiledAt: prescription.compiledAt ?? prescription.createdAt.toISO()!,
    doctor: { fiscalCode: doctor.fiscalCode ?? '', name: `${doctor.lastName} ${doctor.firstName}`.toUpperCase() },
    authCode: prescription.authCode,
    regionalMessage: prescription.regionalMessage,
    obscured: prescription.obscured,
  }
}
