/*
| The regions whose prescribers talk to a regional reception system (SAR) instead of the
| Sogei SAC (spec §4.6). Keys are STUDIO_REGION values (lower case with dashes).
*/
export interface SarRegion {
  /** STUDIO_REGION value. */
  key: string
  /** Name shown to the user. */
  name: string
  /** codRegione (spec §4.6). */
  code: string
  /** The regional system, when known. */
  system?: string
}

export const SAR_REGIONS: SarRegion[] = [
  { key: 'piemonte', name: 'Piemonte', code: '010', system: 'SIRPED' },
  { key: 'lombardia', name: 'Lombardia', code: '030' },
  { key: 'bolzano', name: 'Provincia autonoma di Bolzano', code: '041' },
  { key: 'alto-adige', name: 'Provincia autonoma di Bolzano', code: '041' },
  { key: 'trento', name: 'Provincia autonoma di Trento', code: '042' },
  { key: 'trentino', name: 'Provincia autonoma di Trento', code: '042' },
  { key: 'veneto', name: 'Veneto', code: '050' },
  { key: 'friuli-venezia-giulia', name: 'Friuli Venezia Giulia', code: '060', system: 'Insiel' },
  { key: 'liguria', name: 'Liguria', code: '070' },
  { key: 'emilia-romagna', name: 'Emilia-Romagna', code: '080' },
  { key: 'toscana', name: 'Toscana', code: '090' },
  { key: 'umbria', name: 'Umbria', code: '100', system: 'PuntoZero' },
  { key: 'puglia', name: 'Puglia', code: '160', system: 'SIST' },
  { key: 'sardegna', name: 'Sardegna', code: '200' },
]

export function sarRegion(key: string): SarRegion | undefined {
  return SAR_REGIONS.find((r) => r.key === key)
}
