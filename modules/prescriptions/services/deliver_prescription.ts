/*
| After the service accepted a prescription: keep the promemoria (the service's own PDF when
| it returns one, else ours) encrypted, then deliver it the way the doctor chose: at the desk
| (waits for print), NRE by SMS, promemoria by e-mail in a protected zip (or in clear where
| the studio allows it). Each delivery is a state event with the channel and a masked address.
*/
import { Readable } from 'node:stream'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Patient from '#models/patient'
import { storeEncrypted, readDecryptedBuffer } from '#services/storage/encrypted_storage'
import { queueSms } from '#services/sms/sms_outbox'
import { queueProtectedAttachment } from '#services/mail/protected_attachment'
import { queueTemplateMail } from '#services/mail/outbox'
import Prescription from '../models/prescription.js'
import { applyTransition } from './transitions.js'
import { promemoriaFor } from './promemoria/promemoria_for.js'
import { renderNreBarcodes, renderPromemoria } from './promemoria/render_promemoria.js'
import { whiteSheetPdf } from './white_sheet.js'
import { emailInClearAllowed } from './studio_options.js'
import encryption from '@adonisjs/core/services/encryption'

const now = () => DateTime.utc().toSQL({ includeOffset: false })

export function maskAddress(address: string) {
  if (address.includes('@')) {
    const [name, domain] = address.split('@')
    return `${name.slice(0, 2)}***@${domain}`
  }
  return `${address.slice(0, 3)}****${address.slice(-3)}`
}

/** The promemoria to print or send: stored once, identical on every reprint. */
export async function promemoriaPdf(prescriptionId: number): Promise<Buffer> {
  const row = await db.from('prescriptions').where('id', prescriptionId).select('promemoria_storage_key', 'kind').first()
  if (row?.promemoria_storage_key) return readDecryptedBuffer(row.promemoria_storage_key)
  const white = row?.kind === 'BIANCA' || row?.kind === 'BIANCA_ELETTRONICA'
  const pdf = white ? await whiteSheetPdf(prescriptionId) : await renderPromemoria(await promemoriaFor(prescriptionId))
  const stored = await storeEncrypted(Readable.from([pdf]), 'promemoria')
  await db.from('prescriptions').where('id', prescriptionId).update({ promemoria_storage_key: stored.storageKey })
  return pdf
}

export async function afterAcceptance(prescriptionId: number, servicePdfBase64: string | null) {
  if (servicePdfBase64) {
    const stored = await storeEncrypted(Readable.from([Buffer.from(servicePdfBase64, 'base64')]), 'promemoria')
    await db.from('prescriptions').where('id', prescriptionId).update({ promemoria_storage_key: stored.storageKey })
  }
  const prescription = await Prescription.findOrFail(prescriptionId)
  if (prescription.delivery === 'print' || prescription.delivery === 'no_print') {
    await db.from('prescriptions').where('id', prescriptionId).update({ awaiting_print: true, updated_at: now() })
    return
  }
  await deliver(prescription, prescription.delivery)
}

export class DeliveryError extends Error {}

/** Sends by SMS or e-mail now (also the "Reinvia" of Gestione Studio). */
export async function deliver(prescription: Prescription, channel: 'sms' | 'nre_email' | 'email' | 'email_clear' | 'portal' | 'print', user: import('#models/user').default | null = null) {
  const patient = await Patient.findOrFail(prescription.patientId)
  let note: string
  if (channel === 'sms') {
    if (!patient.mobile) throw new DeliveryError('Il paziente non ha un numero di cellulare in anagrafica.')
    // NRE only: never the patient's name or the diagnosis in an SMS (spec §10.4).
    if (prescription.kind === 'BIANCA_ELETTRONICA') {
      const pin = prescription.pinEncrypted ? encryption.decrypt<string>(prescription.pinEncrypted) : null
      if (!pin) throw new DeliveryError('PIN della ricetta bianca elettronica non disponibile.')
      await queueSms({ to: patient.mobile, text: `Ricetta bianca elettronica: NRBE ${prescription.nre}, PIN {secret}. Presenti in farmacia anche il codice fiscale.`, secret: pin, purpose: 'nrbe' })
    } else {
      await queueSms({ to: patient.mobile, text: `Ricetta elettronica: NRE ${prescription.nre}. Presenti in farmacia la tessera sanitaria.`, purpose: 'nre' })
    }
    note = `SMS a ${maskAddress(patient.mobile)}`
  } else if (channel === 'email' || channel === 'email_clear') {
    if (channel === 'email_clear' && !(await emailInClearAllowed())) throw new DeliveryError("Lo studio non ha abilitato l'invio del promemoria in chiaro.")
    if (!patient.email) throw new DeliveryError("Il paziente non ha un indirizzo e-mail in anagrafica.")
    const pdf = await promemoriaPdf(prescription.id)
    const filename = `promemoria-${prescription.nre}.pdf`
    if (channel === 'email') {
      await queueProtectedAttachment({
        to: patient.email,
        subject: 'Promemoria della ricetta elettronica',
        description: 'il promemoria della ricetta elettronica',
        zipName: `promemoria-${prescription.nre}`,
        files: [{ filename, content: pdf }],
      })
    } else {
      await queueTemplateMail({
        to: patient.email,
        subject: 'Promemoria della ricetta elettronica',
        template: 'notice',
        data: { body: 'In allegato il promemoria della ricetta elettronica da presentare in farmacia.' },
        attachments: [{ filename, contentType: 'application/pdf', content: pdf }],
      })
    }
    note = `e-mail a ${maskAddress(patient.email)}`
  } else if (channel === 'nre_email') {
    if (!patient.email) throw new DeliveryError("Il paziente non ha un indirizzo e-mail in anagrafica.")
    // The NRE and its barcodes only (initials, no name, no drug, no diagnosis).
    await queueTemplateMail({
      to: patient.email,
      subject: 'Numero della ricetta elettronica',
      template: 'notice',
      data: { body: `Numero di ricetta elettronica (NRE): ${prescription.nre}.\n\nIn allegato i codici a barre da mostrare in farmacia con la tessera sanitaria.` },
      attachments: [{ filename: `nre-${prescription.nre}.pdf`, contentType: 'application/pdf', content: await nreBarcodesPdf(prescription.id) }],
    })
    note = `NRE via e-mail a ${maskAddress(patient.email)}`
  } else if (channel === 'portal') {
    // The portal serves the stored promemoria: written now, it is the same document the desk prints.
    await promemoriaPdf(prescription.id)
    await db.from('prescriptions').where('id', prescription.id).whereNull('portal_published_at').update({ portal_published_at: DateTime.utc().toSQL({ includeOffset: false }) })
    note = 'promemoria pubblicato per il portale del paziente'
  } else {
    note = 'promemoria stampato'
    await db.from('prescriptions').where('id', prescription.id).update({ awaiting_print: false })
  }
  const fresh = await Prescription.findOrFail(prescription.id)
  if (fresh.state === 'ACCEPTED' || fresh.state === 'DELIVERED') {
    await applyTransition({ id: prescription.id, event: 'deliver', actor: user ? 'staff' : 'system', user, note })
  }
}

/** The small PDF with the NRE barcodes for "NRE by e-mail" (no name, no diagnosis). */
export async function nreBarcodesPdf(prescriptionId: number) {
  return renderNreBarcodes(await promemoriaFor(prescriptionId))
}
