/*
| The FVG SAR (Insiel) speaks the SAC messages "without changes to the layouts" (Insiel interface
| specification Idof-dem-AT-01, par. 2.2) under its own namespaces, plus (spec §7.1, [P]):
| - the `prodottoCme` attribute (types namespace) on the root of send, view and cancel;
| - the `versioneCR` attribute on ElencoDettagliPrescrizioni for specialist prescriptions;
| - optional tags written only when valued (the regional XSD refuses an empty one), `pinCode`
|   always present and empty ("non utilizzato"), no `numsedute` in the items;
| - an empty SOAPAction, endpoints `/SARWs/<Servizio>Secure`;
| - a substitute-position check service (GestoreAutorizzazioni).
| The client and the simulator both read them from here.
*/
import { CANCEL_TAGS, VIEW_TAGS, type SacDialect, type SacOperation } from '#services/demat/sac_schema/protocol'

export const FVG_REGION_CODE = '060'

// Interface version in the namespaces ("VersioneAddOn"); the used-NRE messages have none.
const V = '-v1.0'
const ns = (message: string, versioned = true) => `http://${message}.xsd.dem.sanita.fvg.it${versioned ? V : ''}`

export const FVG_TYPES_NS = ns('tipodati')

export const FVG_NAMESPACES: SacDialect['namespaces'] = {
  invio: { request: ns('invioprescrittorichiesta'), response: ns('invioprescrittoricevuta') },
  visualizza: { request: ns('visualizzaprescrittorichiesta'), response: ns('visualizzaprescrittoricevuta') },
  annulla: { request: ns('annullaprescrittorichiesta'), response: ns('annullaprescrittoricevuta') },
  interrogaNre: { request: ns('interroganreutilrichiesta', false), response: ns('interroganreutilricevuta', false) },
}

export const FVG_SUBSTITUTE_NS = {
  request: ns('verificaposizionemedicosostitutorichiesta'),
  response: ns('verificaposizionemedicosostitutoricevuta'),
}

export const SUBSTITUTE_REQUEST_ROOT = 'VerificaPosizioneMedicoSostitutoRichiesta'
export const SUBSTITUTE_RESPONSE_ROOT = 'VerificaPosizioneMedicoSostitutoRicevuta'
export const SUBSTITUTE_TAGS = ['pinCode', 'cfMedicoTitolare', 'cfMedicoSostituto', 'codASLAo'] as const

export type FvgOperation = SacOperation | 'sostituto'

/**
 * Test-environment paths of the regional specification (chapter 5). The used-NRE service has no
 * published endpoint [U]: same base, overridable with its own URL.
 */
export const FVG_PATHS: Record<FvgOperation, string> = {
  invio: '/SARWs/InvioPrescrittoSecure',
  visualizza: '/SARWs/visualizzaPrescrittoSecure',
  annulla: '/SARWs/annullaPrescrittoSecure',
  interrogaNre: '/SARWs/InterrogaNreUtil',
  sostituto: '/SARWs/GestoreAutorizzazioniSecure',
}

export function fvgOperationByPath(path: string): FvgOperation | null {
  const found = Object.entries(FVG_PATHS).find(([, p]) => p === path)
  return found ? (found[0] as FvgOperation) : null
}

/** Header tags the regional XSD requires (written even when empty). */
export const FVG_REQUIRED_SEND_TAGS = ['pinCode', 'cfMedico1', 'codRegione', 'codASLAo', 'codSpecializzazione', 'tipoPrescrizione', 'dataCompilazione', 'tipoVisita'] as const
export const FVG_REQUIRED_USED_NRE_TAGS = ['pinCode', 'codRegione', 'cfMedico'] as const

/** The dialect, with the product code Insiel gave the software. */
export function fvgDialect(productCode: string): SacDialect {
  const product = { prodottoCme: productCode }
  return {
    namespaces: FVG_NAMESPACES,
    typesNamespace: FVG_TYPES_NS,
    emptyTags: 'valued',
    requiredTags: { invio: FVG_REQUIRED_SEND_TAGS, visualizza: VIEW_TAGS, annulla: CANCEL_TAGS, interrogaNre: FVG_REQUIRED_USED_NRE_TAGS },
    requiredItemTags: ['quantita'],
    omittedItemTags: ['numsedute'],
    // The used-NRE schema has no prodottoCme.
    rootAttributes: { invio: product, visualizza: product, annulla: product },
  }
}

/**
 * Spec §6.7 / §7.1 [P]: for these six-digit codes the doctor's software must issue the red
 * prescription instead (Idof-dem-AT-01 par. 2.3.6, specialist prescriptions).
 */
export const DOWNGRADE_FIRST = 60120
export const DOWNGRADE_LAST = 60130

export function isDowngradeCode(code: string | null | undefined): boolean {
  const c = (code ?? '').trim()
  return /^[0-9]{6}$/.test(c) && Number(c) >= DOWNGRADE_FIRST && Number(c) <= DOWNGRADE_LAST
}

/** A downgrade code written as a number of its own in a text (e.g. a SOAP Fault's faultstring). */
export function downgradeCodeIn(text: string | null | undefined): string | null {
  for (const match of (text ?? '').matchAll(/(?<![0-9])([0-9]{6})(?![0-9])/g)) if (isDowngradeCode(match[1])) return match[1]
  return null
}

/** `versioneCR`: the regional catalogue version with its patch number, e.g. `1.4.4` (par. 3.1). */
export const CATALOGUE_VERSION_PATTERN = /^[0-9]+\.[0-9]+\.[0-9]+$/
