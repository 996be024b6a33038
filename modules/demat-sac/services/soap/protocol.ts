/*
| The SAC prescriber services as published (spec §6): paths, SOAP actions, namespaces and the
| XSD sequence of every request. The client and the simulator both read them from here.
*/

export const SOAP_ENV = 'http://schemas.xmlsoap.org/soap/envelope/'
export const NS_TIPI = 'http://tipodati.xsd.dem.sanita.finanze.it'

export type SacOperation = 'invio' | 'visualizza' | 'annulla' | 'interrogaNre'

export interface OperationSpec {
  path: string
  action: string
  requestRoot: string
  requestNs: string
  /** Prefix used in our envelopes (as in the official SoapUI project). */
  prefix: string
  responseRoot: string
  responseNs: string
  outcomeTag: string
}

export const OPERATIONS: Record<SacOperation, OperationSpec> = {
  invio: {
    path: '/DemRicettaPrescrittoServicesWeb/services/demInvioPrescritto',
    action: 'http://invioprescritto.wsdl.dem.sanita.finanze.it/InvioPrescritto',
    requestRoot: 'InvioPrescrittoRichiesta',
    requestNs: 'http://invioprescrittorichiesta.xsd.dem.sanita.finanze.it',
    prefix: 'inv',
    responseRoot: 'InvioPrescrittoRicevuta',
    responseNs: 'http://invioprescrittoricevuta.xsd.dem.sanita.finanze.it',
    outcomeTag: 'codEsitoInserimento',
  },
  visualizza: {
    path: '/DemRicettaPrescrittoServicesWeb/services/demVisualizzaPrescritto',
    action: 'http://visualizzaprescritto.wsdl.dem.sanita.finanze.it/VisualizzaPrescritto',
    requestRoot: 'VisualizzaPrescrittoRichiesta',
    requestNs: 'http://visualizzaprescrittorichiesta.xsd.dem.sanita.finanze.it',
    prefix: 'vis',
    responseRoot: 'VisualizzaPrescrittoRicevuta',
    responseNs: 'http://visualizzaprescrittoricevuta.xsd.dem.sanita.finanze.it',
    outcomeTag: 'codEsitoVisualizzazione',
  },
  annulla: {
    path: '/DemRicettaPrescrittoServicesWeb/services/demAnnullaPrescritto',
    action: 'http://annullaprescritto.wsdl.dem.sanita.finanze.it/AnnullaPrescritto',
    requestRoot: 'AnnullaPrescrittoRichiesta',
    requestNs: 'http://annullaprescrittorichiesta.xsd.dem.sanita.finanze.it',
    prefix: 'ann',
    responseRoot: 'AnnullaPrescrittoRicevuta',
    responseNs: 'http://annullaprescrittoricevuta.xsd.dem.sanita.finanze.it',
    outcomeTag: 'codEsitoAnnullamento',
  },
  interrogaNre: {
    path: '/DemRicettaInterrogazioniServicesWeb/services/demInterrogaNreUtilizzati',
    // "associati" as in the WSDL (spec §6.5).
    action: 'http://interroganreassociati.wsdl.dem.sanita.finanze.it/InterrogaNreUtilizzati',
    requestRoot: 'InterrogaNreUtilRichiesta',
    requestNs: 'http://interroganreutilrichiesta.xsd.dem.sanita.finanze.it',
    prefix: 'int',
    responseRoot: 'InterrogaNreUtilRicevuta',
    responseNs: 'http://interroganreutilricevuta.xsd.dem.sanita.finanze.it',
    outcomeTag: 'codEsitoInterrogaNreUtilizzati',
  },
}

export function operationByPath(path: string): SacOperation | null {
  for (const [name, spec] of Object.entries(OPERATIONS)) if (spec.path === path) return name as SacOperation
  return null
}

/** InvioPrescrittoRichiesta header, XSD sequence (spec §6.2); the foreign block only when used. */
export const SEND_HEADER_TAGS = [
  'pinCode', 'cfMedico1', 'cfMedico2', 'codRegione', 'codASLAo', 'codStruttura', 'codSpecializzazione',
  'testata1', 'testata2', 'nre', 'tipoRic', 'codiceAss', 'cognNome', 'indirizzo', 'oscuramDati',
  'numTessSasn', 'socNavigaz', 'tipoPrescrizione', 'ricettaInterna', 'codEsenzione', 'nonEsente',
  'reddito', 'codDiagnosi', 'descrizioneDiagnosi', 'dataCompilazione', 'tipoVisita', 'dispReg',
  'provAssistito', 'aslAssistito', 'indicazionePrescr', 'altro', 'classePriorita',
] as const

export const FOREIGN_TAGS = ['statoEstero', 'istituzCompetente', 'numIdentPers', 'numIdentTess', 'dataNascitaEstero', 'dataScadTessera'] as const

export const ITEM_TAGS = [
  'codProdPrest', 'descrProdPrest', 'codGruppoEquival', 'descrGruppoEquival', 'testoLibero',
  'descrTestoLiberoNote', 'nonSost', 'motivazNote', 'codMotivazione', 'notaProd', 'quantita',
  'prescrizione1', 'prescrizione2', 'codCatalogoPrescr', 'tipoAccesso', 'numeroNota', 'condErogabilita',
  'approprPrescrittiva', 'patologia', 'numsedute',
] as const

export const VIEW_TAGS = ['pinCode', 'nre', 'cfMedico'] as const
export const CANCEL_TAGS = ['pinCode', 'nre', 'cfMedico'] as const
export const USED_NRE_TAGS = [
  'pinCode', 'codRegione', 'nre', 'codLotto', 'cfMedico', 'cfAssistito', 'tipoPrescr',
  'dataCompilazioneRicettaDal', 'dataCompilazioneRicettaAl',
] as const

/** Tags the service requires a value for (a missing or empty one is a schema fault). */
export const SEND_REQUIRED = ['pinCode', 'cfMedico1', 'codRegione', 'codASLAo', 'codSpecializzazione', 'dataCompilazione', 'tipoVisita'] as const
