import type { ApplicationService } from '@adonisjs/core/types'
import { DateTime } from 'luxon'

/**
 * Core helpers for the Edge views (dates in Italian, the translator) and the
 * Italian messages for VineJS validation errors.
 */
export default class StudioProvider {
  constructor(protected app: ApplicationService) {}

  async boot() {
    const edge = (await import('edge.js')).default
    const { translate, messagesOf } = await import('#services/i18n')
    const vine = (await import('@vinejs/vine')).default
    const { SimpleMessagesProvider } = await import('@vinejs/vine')

    edge.global('t', translate)
    edge.global('formatDate', (value: DateTime | Date | string | null | undefined) => {
      if (!value) return ''
      const dt = DateTime.isDateTime(value)
        ? value
        : value instanceof Date
          ? DateTime.fromJSDate(value)
          : DateTime.fromISO(String(value))
      return dt.isValid ? dt.setLocale('it').toFormat('dd/MM/yyyy') : ''
    })
    edge.global('formatDateTime', (value: DateTime | null | undefined) =>
      value ? value.setLocale('it').toFormat('dd/MM/yyyy HH:mm') : ''
    )
    edge.global('isoDate', (value: DateTime | null | undefined) => (value ? value.toISODate() : ''))

    vine.messagesProvider = new SimpleMessagesProvider(messagesOf('validation'), fieldNames())

    function fieldNames() {
      return messagesOf('fields')
    }
  }
}
