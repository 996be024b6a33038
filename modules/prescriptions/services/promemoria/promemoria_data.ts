/*
| What a promemoria prints, as plain data: built from the stored prescription and the SAC
| outcome, so the printout is a pure function of it and a reprint is identical.
*/

export interface PromemoriaItem {
  /** AIC (drug by product) or catalogue code (specialist service). */
  code: string
  description: string
  quantity: number
  /** Nota AIFA (drug) or appropriateness note (service); `---` is printed when empty. */
  note?: string | null
  /** Drug prescribed by active ingredient: the equivalence group is printed instead of the product. */
  byActiveIngredient?: { groupCode: string; groupDescription: string } | null
  notSubstitutable?: boolean
  /** Reason (code or text) for the non-substitutability. */
  reason?: string | null
  /** Specialist only: `1` first access, `0` follow-up. */
  accessType?: '0' | '1' | null
}

export interface PromemoriaData {
  /** As printed in the region box, e.g. `Regione Lazio`. */
  regionName: string
  nre: string
  patient: {
    /** `COGNOME NOME`. */
    name: string
    fiscalCode: string
    address?: string | null
    cap?: string | null
    comune?: string | null
    province?: string | null
  }
  /** Exemption code; null prints `NON ESENTE`. */
  exemption: string | null
  /** Province of residence (`provAssistito`). */
  patientProvince?: string | null
  /** ASL of residence (`aslAssistito`). */
  aslCode?: string | null
  regionalDispositions?: string | null
  indication?: 'S' | 'H' | null
  altro?: string | null
  priority?: 'U' | 'B' | 'D' | 'P' | null
  /** `F` drugs, `P` specialist services. */
  kind: 'F' | 'P'
  items: PromemoriaItem[]
  diagnosis?: { code?: string | null; text?: string | null } | null
  /** Empty for an ordinary SSN patient (printed `Assist.SSN`). */
  tipoRic?: string | null
  /** Date of compilation: a Date or an ISO string (`2026-09-30` or with time). */
  compiledAt: Date | string
  doctor: { fiscalCode: string; name: string }
  authCode?: string | null
  /** Regional sentence (SAC communication 0197). */
  regionalMessage?: string | null
  /** `oscuramDati=1`: name and address are left blank. */
  obscured?: boolean
}

export class PromemoriaDataError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'PromemoriaDataError'
  }
}

// Spec 4.4: 3 digits (region), 2 digits or capitals (lot group), 10 digits.
const NRE = /^[0-9]{3}[0-9A-Z]{2}[0-9]{10}$/
// Spec 4.1: personal codice fiscale, omocodia letters allowed.
const PERSONAL_CF = /^[A-Z]{6}[0-9LMNPQRSTUV]{2}[ABCDEHLMPRST][0-9LMNPQRSTUV]{2}[A-Z][0-9LMNPQRSTUV]{3}[A-Z]$/
const PROVISIONAL_CF = /^[0-9]{11}$/
const STP_ENI = /^(STP|ENI)[0-9A-Z]{13}$/

const ODD_VALUES = [1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23]

function rank(char: string) {
  const code = char.charCodeAt(0)
  return code <= 57 ? code - 48 : code - 65
}

/** Check letter of a personal codice fiscale from its first 15 characters (spec 4.2). */
function cfCheckLetter(first15: string) {
  let sum = 0
  for (let i = 0; i < 15; i++) {
    // Positions are 1-based in the algorithm: index 0 is an odd position.
    sum += i % 2 === 0 ? ODD_VALUES[rank(first15[i])] : rank(first15[i])
  }
  return String.fromCharCode(65 + (sum % 26))
}

function checkFiscalCode(value: string, whose: string, allowForeign: boolean) {
  if (PERSONAL_CF.test(value)) {
    const expected = cfCheckLetter(value.slice(0, 15))
    if (value[15] !== expected) {
      throw new PromemoriaDataError(
        `Codice fiscale ${whose} «${value}» non valido: il carattere di controllo dovrebbe essere ${expected}.`
      )
    }
    return
  }
  if (allowForeign && (PROVISIONAL_CF.test(value) || STP_ENI.test(value))) return
  throw new PromemoriaDataError(
    `Codice fiscale ${whose} «${value}» non valido: servono 16 caratteri maiuscoli nel formato RSSMRA85T10A562S` +
      (allowForeign ? ' (oppure un codice STP/ENI o un codice provvisorio di 11 cifre).' : '.')
  )
}

/** Throws a PromemoriaDataError, in Italian, when the data cannot make a valid promemoria. */
export function assertPromemoriaData(data: PromemoriaData): void {
  if (typeof data.nre !== 'string' || !NRE.test(data.nre)) {
    throw new PromemoriaDataError(
      `NRE «${data.nre ?? ''}» non valido: servono 15 caratteri, 3 cifre, 2 cifre o lettere maiuscole e 10 cifre (per esempio 1300A4019294833).`
    )
  }
  checkFiscalCode(String(data.patient?.fiscalCode ?? ''), "dell'assistito", true)
  checkFiscalCode(String(data.doctor?.fiscalCode ?? ''), 'del medico', false)
  if (data.kind !== 'F' && data.kind !== 'P') {
    throw new PromemoriaDataError(`Tipo di ricetta «${data.kind}» non previsto: F (farmaci) o P (prestazioni specialistiche).`)
  }
  if (!Array.isArray(data.items) || data.items.length === 0) {
    throw new PromemoriaDataError('Il promemoria non ha prescrizioni da stampare.')
  }
  const compiledAt = data.compiledAt instanceof Date ? data.compiledAt : new Date(String(data.compiledAt))
  if (Number.isNaN(compiledAt.getTime())) {
    throw new PromemoriaDataError(`Data di compilazione «${String(data.compiledAt)}» non valida.`)
  }
}
