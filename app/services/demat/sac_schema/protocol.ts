/*
| The SAC prescriber message set (spec §6.2–6.5) independent of who serves it: element names
| and their XSD sequence, roots and outcome tags. Sogei and the regional SARs that replicate the
| SAC messages differ only in namespaces, a few attributes and which empty tags they accept: that
| is a `SacDialect`, given by the caller.
*/

export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'

export type SacOperation = 'invio' | 'visualizza' | 'annulla' | 'interrogaNre'

export const SAC_OPERATIONS: readonly SacOperation[] = ['invio', 'visualizza', 'annulla', 'interrogaNre']

export const REQUEST_ROOTS: Record<SacOperation, string> = {
  invio: 'InvioPrescrittoRichiesta',
  visualizza: 'VisualizzaPrescrittoRichiesta',
  annulla: 'AnnullaPrescrittoRichiesta',
  interrogaNre: 'InterrogaNreUtilRichiesta',
}

export const RESPONSE_ROOTS: Record<SacOperation, string> = {
  invio: 'InvioPrescrittoRicevuta',
  visualizza: 'VisualizzaPrescrittoRicevuta',
  annulla: 'AnnullaPrescrittoRicevuta',
  interrogaNre: 'InterrogaNreUtilRicevuta',
}

export const OUTCOME_TAGS: Record<SacOperation, string> = {
  invio: 'codEsitoInserimento',
  visualizza: 'codEsitoVisualizzazione',
  annulla: 'codEsitoAnnullamento',
  interrogaNre: 'codEsitoInterrogaNreUtilizzati',
}

/** Prefixes of our envelopes, as in the official SoapUI project. */
export const DEFAULT_PREFIXES: Record<SacOperation, string> = { invio: 'inv', visualizza: 'vis', annulla: 'ann', interrogaNre: 'int' }

/** InvioPrescrittoRichiesta header, XSD sequence (spec §6.2). */
export const SEND_HEADER_TAGS = [
  'pinCode', 'cfMedico1', 'cfMedico2', 'codRegione', 'codASLAo', 'codStruttura', 'codSpecializzazione',
  'testata1', 'testata2', 'nre', 'tipoRic', 'codiceAss', 'cognNome', 'indirizzo', 'oscuramDati',
  'numTessSasn', 'socNavigaz', 'tipoPrescrizione', 'ricettaInterna', 'codEsenzione', 'nonEsente',
  'reddito', 'codDiagnosi', 'descrizioneDiagnosi', 'dataCompilazione', 'tipoVisita', 'dispReg',
  'provAssistito', 'aslAssistito', 'indicazionePrescr', 'altro', 'classePriorita',
] as const

/** The foreign-insured block, after classePriorita and only when used (spec §3.1). */
export const FOREIGN_TAGS = ['statoEstero', 'istituzCompetente', 'numIdentPers', 'numIdentTess', 'dataNascitaEstero', 'dataScadTessera'] as const

export const ITEM_LIST_TAG = 'ElencoDettagliPrescrizioni'
export const ITEM_TAG = 'DettaglioPrescrizione'

/** DettaglioPrescrizione, XSD sequence (spec §6.2). */
export const ITEM_TAGS = [
  'codProdPrest', 'descrProdPrest', 'codGruppoEquival', 'descrGruppoEquival', 'testoLibero',
  'descrTestoLiberoNote', 'nonSost', 'motivazNote', 'codMotivazione', 'notaProd', 'quantita',
  'prescrizione1', 'prescrizione2', 'codCatalogoPrescr', 'tipoAccesso', 'numeroNota', 'condErogabilita',
  'approprPrescrittiva', 'patologia', 'numsedute',
] as const

export const VIEW_TAGS = ['pinCode', 'nre', 'cfMedico'] as const
export const CANCEL_TAGS = ['pinCode', 'nre', 'cfMedico'] as const

/** InterrogaNreUtilRichiesta, XSD sequence (spec §6.5). */
export const USED_NRE_TAGS = [
  'pinCode', 'codRegione', 'nre', 'codLotto', 'cfMedico', 'cfAssistito', 'tipoPrescr',
  'dataCompilazioneRicettaDal', 'dataCompilazioneRicettaAl',
] as const

/** The request sequence of an operation (header only for the send). */
export function requestTags(operation: SacOperation): readonly string[] {
  switch (operation) {
    case 'invio':
      return SEND_HEADER_TAGS
    case 'visualizza':
      return VIEW_TAGS
    case 'annulla':
      return CANCEL_TAGS
    case 'interrogaNre':
      return USED_NRE_TAGS
  }
}

/** What a service that speaks the SAC messages does its own way. */
export interface SacDialect {
  /** Request and response namespace of each operation. */
  namespaces: Record<SacOperation, { request: string; response: string }>
  /** Namespace of the shared types (items, errors, global attributes). */
  typesNamespace: string
  prefixes?: Partial<Record<SacOperation, string>>
  /**
   * `all`: every tag of the sequence is written, empty when not valued (Sogei SAC, spec §3.1);
   * `valued`: optional tags only when valued, because the schema refuses an empty one.
   */
  emptyTags: 'all' | 'valued'
  /** Tags always written, even empty, when `emptyTags` is `valued` (request tags and item tags). */
  requiredTags?: Partial<Record<SacOperation, readonly string[]>>
  requiredItemTags?: readonly string[]
  /** Item tags this schema does not have. */
  omittedItemTags?: readonly string[]
  /** Attributes in the types namespace on the request root of each operation. */
  rootAttributes?: Partial<Record<SacOperation, Record<string, string>>>
}

export function prefixOf(dialect: SacDialect, operation: SacOperation) {
  return dialect.prefixes?.[operation] ?? DEFAULT_PREFIXES[operation]
}
