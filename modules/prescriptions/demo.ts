/*
| Demo data of the prescriptions module: credentials of the two titolari (for the region's
| simulator the demo runs; never valid at a real service), Verdi as Bianchi's signer, and the
| morning's prescriptions the secretary prepared for Dr Rossi, waiting in his queue.
*/
import db from '@adonisjs/lucid/services/db'
import User from '#models/user'
import { saveCredentials } from './services/credentials.js'
import { preparePrescription } from './services/prepare_prescription.js'

const TABLES = ['prescription_events', 'prescription_items', 'prescriptions', 'prescription_signers', 'demat_credentials']

export async function wipe() {
  for (const table of TABLES) await db.from(table).delete()
}

export async function seed(): Promise<string> {
  const rossi = await User.findBy('username', 'rossi')
  const bianchi = await User.findBy('username', 'bianchi')
  const verdi = await User.findBy('username', 'verdi')
  const segreteria = await User.findBy('username', 'segreteria')
  if (!rossi || !bianchi || !segreteria) return 'nessun medico dimostrativo: nulla da fare'
  for (const doctor of [rossi, bianchi]) {
    await saveCredentials(doctor.id, { username: doctor.fiscalCode ?? doctor.username, password: 'demo', pincode: '0000000000', regionCode: '120', aslCode: '201' })
  }
  if (verdi) {
    await db.from('prescription_signers').where('titolare_id', bianchi.id).delete()
    await db.table('prescription_signers').insert({ titolare_id: bianchi.id, substitute_id: verdi.id, set_by_user_id: segreteria.id, updated_at: new Date() })
  }
  const drugs = await db.from('drugs').whereNull('valid_to').whereIn('class', ['A']).orderBy('name').limit(40).select('aic')
  const patients = await db.from('patients').where('doctor_id', rossi.id).where('status', 'active').orderBy('id').limit(6).select('id')
  let prepared = 0
  for (const [i, patient] of patients.entries()) {
    if (!drugs.length) break
    const items = [{ code: drugs[(i * 3) % drugs.length].aic, quantity: 1 }]
    if (i % 2 === 0) items.push({ code: drugs[(i * 3 + 1) % drugs.length].aic, quantity: 1 })
    const result = await preparePrescription(segreteria, { patientId: patient.id, content: 'drug', items })
    if (result.ok) prepared += result.ids.length
  }
  return `${prepared} prescrizioni preparate dalla segreteria in attesa del dott. Rossi; Verdi firma per la dott.ssa Bianchi`
}
