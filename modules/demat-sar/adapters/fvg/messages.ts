/*
| What the FVG SAR's codes mean for the doctor, in Italian: the SAC codes it passes through, and
| its own downgrade codes 060120–060130, which ask for the red prescription instead (spec §6.7).
*/
import { sacCodeMessage } from '#services/demat/sac_schema/messages'
import { isDowngradeCode } from './protocol.js'

export function downgradeMessage(code: string) {
  return `Il SAR del Friuli Venezia Giulia non accetta questa prescrizione in forma dematerializzata (codice ${code}): la compili su ricetta rossa del ricettario SSN.`
}

const REGIONAL: Record<string, string> = {
  // Communication of the regional SAR (not an error): drugs dispensed on behalf of the ASL.
  '0196': 'La ricetta contiene farmaci in distribuzione per conto (DPC) nella regione di prescrizione.',
}

export function fvgMessage(code: string, serviceText?: string | null): string {
  if (isDowngradeCode(code)) return downgradeMessage(code)
  // 9999 is the generic refusal: the service's own (Italian) reason says more than ours.
  if (code === '9999' && serviceText?.trim()) return sentence(serviceText)
  return REGIONAL[code] ?? sacCodeMessage(code, serviceText)
}

/** The service writes in capitals: shown as a sentence. */
function sentence(text: string) {
  const t = text.trim()
  const lower = t === t.toUpperCase() ? t.toLowerCase() : t
  return `${lower.charAt(0).toUpperCase()}${lower.slice(1)}${/[.!?]$/.test(lower) ? '' : '.'}`
}

/** Codes that need the doctor's card or position: retrying does not help (spec §8). */
export const FVG_CREDENTIAL_CODES: readonly string[] = ['1003', '1004', '1005', '1007', '1212']
