/*
| Prescription kinds (spec §2) and what they carry. A red or white paper prescription may hold
| drugs or services, so the limits work on the content (drug / service), not on the kind.
*/

export const PRESCRIPTION_KINDS = [
  'DEM_FARMACEUTICA',
  'DEM_SPECIALISTICA',
  'ROSSA',
  'BIANCA_ELETTRONICA',
  'BIANCA',
] as const

export type PrescriptionKind = (typeof PRESCRIPTION_KINDS)[number]

/** What the items of one prescription are: packs of a drug or specialist services. */
export type ContentKind = 'drug' | 'service'

/** `tipoPrescrizione` on the wire: one character for the whole prescription. */
export type TipoPrescrizione = 'F' | 'P'

export const KIND_LABELS: Record<PrescriptionKind, string> = {
  DEM_FARMACEUTICA: 'Ricetta dematerializzata farmaceutica',
  DEM_SPECIALISTICA: 'Ricetta dematerializzata specialistica',
  ROSSA: 'Ricetta rossa (DPCM)',
  BIANCA_ELETTRONICA: 'Ricetta bianca elettronica',
  BIANCA: 'Ricetta bianca',
}

export const CONTENT_LABELS: Record<ContentKind, string> = {
  drug: 'farmaci',
  service: 'prestazioni',
}

/** The content a kind imposes; null when the kind may carry either (paper prescriptions). */
export function contentOfKind(kind: PrescriptionKind): ContentKind | null {
  switch (kind) {
    case 'DEM_FARMACEUTICA':
    case 'BIANCA_ELETTRONICA':
      return 'drug'
    case 'DEM_SPECIALISTICA':
      return 'service'
    case 'ROSSA':
    case 'BIANCA':
      return null
  }
}

export function tipoPrescrizioneOf(content: ContentKind): TipoPrescrizione {
  return content === 'drug' ? 'F' : 'P'
}
