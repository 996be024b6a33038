/*
| The SAC outcome codes (spec §6.7) in the words the doctor and the staff read: the core's SAC
| texts, except where a SAC doctor fixes the problem in this plugin's own places (the pincode in
| «Credenziali ricetta», the SanitelCF certificate). The service's own text is kept next to ours
| in the outcome; this is what the studio shows first.
*/
import { sacCodeMessage } from '#services/demat/sac_schema/messages'

const SAC_WORDING: Record<string, string> = {
  '1001': 'Pincode mancante: inserisca il pincode nelle «Credenziali ricetta».',
  '1002': 'Pincode errato: controlli il pincode nelle «Credenziali ricetta».',
  '1034': 'Codice fiscale dell’assistito non decifrabile: controllare il certificato SanitelCF.',
  '1035': 'Codice fiscale dell’assistito non cifrato: controllare il certificato SanitelCF.',
}

/** Italian text of a SAC code; the service's own text when we have none. */
export function sacMessage(code: string, serviceText?: string | null): string {
  return SAC_WORDING[code] ?? sacCodeMessage(code, serviceText)
}

/** Codes that need the doctor (credentials, position): retrying does not help (spec §8). */
export const CREDENTIAL_CODES = ['1001', '1002', '1003', '1004', '1005', '1007']
