/*
| tipoRic, the kind of patient of the prescription (spec §4.7). Empty for an ordinary SSN
| patient; the promemoria then prints `Assist.SSN`.
*/

export const TIPO_RIC_CODES = ['', 'EE', 'UE', 'NA', 'ND', 'NE', 'NX', 'ST'] as const

export type TipoRic = (typeof TIPO_RIC_CODES)[number]

export const TIPO_RIC_LABELS: Record<TipoRic, string> = {
  '': 'Assistito SSN',
  EE: 'Assicurato extra UE in temporaneo soggiorno',
  UE: 'Assicurato UE in temporaneo soggiorno',
  NA: 'Assistito SASN, visita ambulatoriale',
  ND: 'Assistito SASN, visita domiciliare',
  NE: 'Assicurato da istituzioni europee',
  NX: 'Assistito SASN extra UE',
  ST: 'Straniero temporaneamente presente (STP)',
}

/** `AD` (assistenza domiciliare integrata) exists in some regional flows only: never sent to the SAC. */
export function isTipoRic(value: unknown): value is TipoRic {
  return typeof value === 'string' && (TIPO_RIC_CODES as readonly string[]).includes(value)
}

export function tipoRicLabel(value: string | null | undefined): string {
  const code = value ?? ''
  return isTipoRic(code) ? TIPO_RIC_LABELS[code] : code
}

/** What the promemoria prints in TIPO RICETTA. */
export function promemoriaTipoRic(value: string | null | undefined): string {
  return value ? value : 'Assist.SSN'
}

/** EU insured people travel with the foreign block (state, institution, card numbers). */
export function needsForeignBlock(value: string | null | undefined): boolean {
  return value === 'UE'
}
