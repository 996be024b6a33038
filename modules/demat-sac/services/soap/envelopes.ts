/*
| Request envelopes of the SAC prescriber services: the core's SAC message set in the Sogei
| dialect, so every header tag is present, empty when not valued, in the XSD order; the foreign
| block goes only when used (spec §3.1, §6.2).
*/
import { buildSendRequest, buildSimpleRequest, type Fields, type SendFields } from '#services/demat/sac_schema/envelopes'
import { SAC_DIALECT } from './protocol.js'

export function sendEnvelope(fields: SendFields): string {
  return buildSendRequest(SAC_DIALECT, fields)
}

export function viewEnvelope(values: { pinCode: string; nre: string; cfMedico: string }) {
  return buildSimpleRequest(SAC_DIALECT, 'visualizza', values)
}

export function cancelEnvelope(values: { pinCode: string; nre: string; cfMedico: string }) {
  return buildSimpleRequest(SAC_DIALECT, 'annulla', values)
}

export interface UsedNreQuery {
  pinCode: string
  codRegione: string
  cfMedico: string
  nre?: string
  codLotto?: string
  cfAssistito?: string
  tipoPrescr?: 'F' | 'P' | ''
  dataCompilazioneRicettaDal?: string
  dataCompilazioneRicettaAl?: string
}

export function usedNreEnvelope(query: UsedNreQuery) {
  return buildSimpleRequest(SAC_DIALECT, 'interrogaNre', query as unknown as Fields)
}
