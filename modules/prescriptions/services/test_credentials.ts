/*
| "Prova credenziali": a call that changes nothing at the region's service, signed with the
| doctor's own credentials, so that he learns they work before a patient is waiting. The
| answer is kept with the credentials (when, whether, what the service said).
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { activeDematPlugin } from '#services/demat/plugins'
import type { CredentialsCheckOutcome } from '#services/demat/region_plugin'
import { doctorContext, MissingCredentials } from './credentials.js'

export async function testCredentials(userId: number): Promise<CredentialsCheckOutcome> {
  const outcome = await check(userId)
  await db
    .from('demat_credentials')
    .where('user_id', userId)
    .update({ checked_at: DateTime.utc().toSQL({ includeOffset: false }), check_ok: outcome.ok, check_message: outcome.message.slice(0, 500) })
  return outcome
}

async function check(userId: number): Promise<CredentialsCheckOutcome> {
  const plugin = activeDematPlugin()
  if (!plugin) return failed('Nessun servizio regionale è configurato per questa installazione: non è possibile provare le credenziali.')
  if (typeof plugin.testCredentials !== 'function') {
    return failed(`Il servizio regionale in uso (${plugin.id}) non offre una prova delle credenziali: saranno verificate al primo invio.`)
  }
  let ctx
  try {
    ctx = await doctorContext(userId, userId)
  } catch (error) {
    if (error instanceof MissingCredentials) return failed(error.message)
    throw error
  }
  try {
    return await plugin.testCredentials(ctx)
  } catch (error) {
    const message = (error as Error).message
    if (plugin.classify(error) === 'auth') return failed(`Credenziali rifiutate dal servizio: ${message}`)
    return failed(`Servizio non raggiungibile, credenziali non verificate: ${message}. Riprovi più tardi.`)
  }
}

const failed = (message: string): CredentialsCheckOutcome => ({ ok: false, message, messages: [] })
