/*
| Reading the SAC answers (spec §6.2–6.5) with the core's SAC message set: the codes in the
| SAC's words for the doctor, the 0197 communication as the regional sentence for the
| promemoria, and what the plugin must know when an answer cannot be read: a SOAP Fault becomes
| the matching error, an unreadable or unexpected answer a transport error (it may have arrived).
*/
import type { ServiceMessage } from '#services/demat/region_plugin'
import {
  answerBody,
  readCancelAnswer,
  readSendAnswer,
  readUsedNreAnswer,
  readViewAnswer,
  SacUnexpectedAnswer,
  type CancelAnswer as CancelFields,
  type RawCommunication,
  type SacAnswer as RawAnswer,
  type SacSoapFault,
  type SendAnswer as SendFields,
  type UsedNreAnswer as UsedNreFields,
  type ViewAnswer as ViewFields,
} from '#services/demat/sac_schema/answers'
import { XmlSyntaxError, type XmlNode } from '#services/demat/sac_schema/xml'
import { sacMessage } from '../error_messages.js'
import { SacAuthError, SacSchemaError, SacTransportError } from './errors.js'
import { OPERATIONS, type SacOperation } from './protocol.js'

export type SacCommunication = RawCommunication

export interface SacAnswer {
  outcomeCode: string
  messages: ServiceMessage[]
  communications: SacCommunication[]
}

/** The fault as the error the plugin raises. */
export function faultToError(fault: SacSoapFault, httpStatus: number | null) {
  if (/credenziali/i.test(fault.faultString)) return new SacAuthError('Credenziali del Sistema TS rifiutate dal servizio (utente o password).')
  if (/cvc-/i.test(fault.faultString)) return new SacSchemaError(`Richiesta non conforme allo schema del servizio: ${fault.faultString}`)
  return new SacTransportError(`Errore del servizio: ${fault.faultString}`, true, httpStatus)
}

/** An answer that cannot be read may hide a request the service processed: a transport error. */
function readOrTransportError<T>(read: () => T): T {
  try {
    return read()
  } catch (error) {
    if (error instanceof XmlSyntaxError || error instanceof SacUnexpectedAnswer) throw new SacTransportError(error.message, true)
    throw error
  }
}

/** The body of an answer to `operation`; a SOAP Fault is thrown as the core's SacSoapFault. */
export function readAnswer(xml: string, operation: SacOperation): XmlNode {
  return readOrTransportError(() => answerBody(xml, OPERATIONS[operation].responseRoot))
}

/** An answer of the core's SAC message set with its errors as the messages the doctor reads. */
type WithMessages<T extends RawAnswer> = Omit<T, keyof RawAnswer> & SacAnswer

function withMessages<T extends RawAnswer>(answer: T): WithMessages<T> {
  const { outcomeCode, errors, communications, ...fields } = answer
  const messages = errors.map((e): ServiceMessage => ({ code: e.code, text: sacMessage(e.code, e.text), itemIndex: e.itemIndex, severity: e.severity }))
  return { outcomeCode, messages, communications, ...fields }
}

export type SendAnswer = WithMessages<SendFields> & { regionalMessage: string | null }

export function parseSendAnswer(xml: string): SendAnswer {
  const answer = withMessages(readOrTransportError(() => readSendAnswer(xml)))
  return { ...answer, regionalMessage: answer.communications.find((c) => c.code === '0197')?.message || null }
}

export type ViewAnswer = WithMessages<ViewFields>

export function parseViewAnswer(xml: string): ViewAnswer {
  return withMessages(readOrTransportError(() => readViewAnswer(xml)))
}

export type CancelAnswer = WithMessages<CancelFields>

export function parseCancelAnswer(xml: string): CancelAnswer {
  return withMessages(readOrTransportError(() => readCancelAnswer(xml)))
}

export type UsedNreAnswer = WithMessages<UsedNreFields>

export function parseUsedNreAnswer(xml: string): UsedNreAnswer {
  return withMessages(readOrTransportError(() => readUsedNreAnswer(xml)))
}
