/*
| Shared set-up of the prescriptions tests: the drug list and catalogue seeds, a titolare with
| credentials, his patient, a collaboratore, and the memory plugin in place of the region's.
*/
import { FingerprintCache } from '#services/fingerprint_cache'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import { importDataset } from '#services/refdata/import_dataset'
import { replaceDematPlugin } from '#services/demat/plugins'
import jobs from '#services/jobs/main'
import queueConfig from '#config/queue'
import { createPatient, createUser } from '#tests/helpers/factories'
import { testConfig } from '#tests/unit/jobs/support/test_jobs'
import { saveCredentials } from '../../services/credentials.js'
import { MemoryPlugin } from './memory_plugin.js'

export const state: { plugin: MemoryPlugin } = { plugin: new MemoryPlugin() }

export const AIC = { augmentin: '036816015', abesart150: '040915098', abesart300: '040915163', abigerd: '049818014' }

export function prescriptionsSetup() {
  return async () => {
    await jobs.reconfigure(testConfig('inline'))
    const rollback = await testUtils.db().withGlobalTransaction()
    FingerprintCache.forgetAll()
    if (!(await db.from('drugs').first())) await importDataset('drugs', null)
    if (!(await db.from('catalogue_items').first())) await importDataset('catalogue', null)
    state.plugin = new MemoryPlugin()
    const previous = replaceDematPlugin(state.plugin)
    return async () => {
      // A prescription left waiting has its retry minutes away: do not wait for it.
      await jobs.idle(1_000)
      replaceDematPlugin(previous)
      await jobs.reconfigure(queueConfig)
      await rollback()
    }
  }
}

export async function studio() {
  const doctor = await createUser({ role: 'titolare', fiscalCode: 'RSSMRA80A01H501U', lastName: 'Rossi', firstName: 'Mario' })
  await saveCredentials(doctor.id, { username: 'RSSMRA80A01H501U', password: 'Segreta!1', pincode: '1234567890', regionCode: '120', aslCode: '201' })
  const staff = await createUser({ role: 'collaboratore', unrestrictedRights: true, lastName: 'Segreta' })
  const patient = await createPatient({ doctorId: doctor.id, mobile: '3331234567', email: 'paziente@example.it' })
  return { doctor, staff, patient }
}

export async function prescriptionRows(patientId: number) {
  return db.from('prescriptions').where('patient_id', patientId).orderBy('id')
}

/** A doctor's drug prescription (ABIGERD) with this delivery, sent at once; its id. */
export async function prescribeAndSend(user: any, patientId: number, delivery: string) {
  const { preparePrescription } = await import('../../services/prepare_prescription.js')
  const { queueSend } = await import('../../services/validate_and_send.js')
  const result = await preparePrescription(user, { patientId, content: 'drug', items: [{ code: AIC.abigerd, quantity: 1 }], delivery: delivery as any })
  if (!result.ok) throw new Error(JSON.stringify(result.errors))
  await queueSend(result.ids[0])
  return result.ids[0]
}
