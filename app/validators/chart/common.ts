/*
| Building blocks of the chart validators and their Italian messages: the studio's generic
| validation messages, the chart's field names and a few messages of its own (chart.json).
*/
import vine, { SimpleMessagesProvider } from '@vinejs/vine'
import type { SchemaTypes } from '@vinejs/vine/types'
import { messagesOf } from '#services/i18n'

/** Dates as the browser's date input sends them, or as typed by hand. */
export const day = () => vine.date({ formats: ['YYYY-MM-DD', 'DD/MM/YYYY'] })

/** Date and time (datetime-local input), or a bare date. */
export const moment = () =>
  vine.date({ formats: ['YYYY-MM-DDTHH:mm', 'YYYY-MM-DD HH:mm', 'YYYY-MM-DD', 'DD/MM/YYYY HH:mm', 'DD/MM/YYYY'] })

export const text = (max: number) => vine.string().trim().maxLength(max)

/** The id of a problem of the same patient (checked against the database by the section). */
export const problemRef = () => vine.number().withoutDecimals().positive().optional()

let provider: SimpleMessagesProvider | null = null

export function chartMessages() {
  provider ??= new SimpleMessagesProvider(
    { ...messagesOf('validation'), ...stripPrefix(messagesOf('chart'), 'validation.') },
    stripPrefix(messagesOf('chart'), 'fields.')
  )
  return provider
}

function stripPrefix(messages: Record<string, string>, prefix: string) {
  return Object.fromEntries(
    Object.entries(messages)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value])
  )
}

export type ChartSchema = Record<string, SchemaTypes>
