/*
| The SAC prescriber services as published (spec §6): paths, SOAP actions and namespaces of
| every operation, and the XSD sequence of the NRBE and DPCM requests. The element names and
| sequences of the four SAC prescriber messages are the core's SAC message set: here the Sogei
| SAC is the dialect that speaks it. The client and the simulator both read them from here.
*/
import {
  DEFAULT_PREFIXES,
  OUTCOME_TAGS,
  REQUEST_ROOTS,
  RESPONSE_ROOTS,
  SAC_OPERATIONS,
  type SacDialect,
  type SacOperation as SacMessageOperation,
} from '#services/demat/sac_schema/protocol'

export const NS_TIPI = 'http://tipodati.xsd.dem.sanita.finanze.it'

/** The white electronic prescription (NRBE) service, spec §6.8: its own host. */
export type WhiteOperation = 'invioBianca' | 'visualizzaBianca' | 'annullaBianca'

/** DPCM 26/03/2008: the red prescription's data as a file, and the MEF's verdict on it. */
export type DpcmOperation = 'dpcmInvio' | 'dpcmEsiti'

export type SacOperation = SacMessageOperation | WhiteOperation | DpcmOperation

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
  /** Namespace of the nested types (items, errors), when the operation has its own. */
  typesNs?: string
}

/** One of the four SAC prescriber messages where the Sogei SAC serves it. */
function prescriberOperation(operation: SacMessageOperation, place: Pick<OperationSpec, 'path' | 'action' | 'requestNs' | 'responseNs'>): OperationSpec {
  return {
    ...place,
    requestRoot: REQUEST_ROOTS[operation],
    prefix: DEFAULT_PREFIXES[operation],
    responseRoot: RESPONSE_ROOTS[operation],
    outcomeTag: OUTCOME_TAGS[operation],
  }
}

export const OPERATIONS: Record<SacOperation, OperationSpec> = {
  invio: prescriberOperation('invio', {
    path: '/DemRicettaPrescrittoServicesWeb/services/demInvioPrescritto',
    action: 'http://invioprescritto.wsdl.dem.sanita.finanze.it/InvioPrescritto',
    requestNs: 'http://invioprescrittorichiesta.xsd.dem.sanita.finanze.it',
    responseNs: 'http://invioprescrittoricevuta.xsd.dem.sanita.finanze.it',
  }),
  visualizza: prescriberOperation('visualizza', {
    path: '/DemRicettaPrescrittoServicesWeb/services/demVisualizzaPrescritto',
    action: 'http://visualizzaprescritto.wsdl.dem.sanita.finanze.it/VisualizzaPrescritto',
    requestNs: 'http://visualizzaprescrittorichiesta.xsd.dem.sanita.finanze.it',
    responseNs: 'http://visualizzaprescrittoricevuta.xsd.dem.sanita.finanze.it',
  }),
  annulla: prescriberOperation('annulla', {
    path: '/DemRicettaPrescrittoServicesWeb/services/demAnnullaPrescritto',
    action: 'http://annullaprescritto.wsdl.dem.sanita.finanze.it/AnnullaPrescritto',
    requestNs: 'http://annullaprescrittorichiesta.xsd.dem.sanita.finanze.it',
    responseNs: 'http://annullaprescrittoricevuta.xsd.dem.sanita.finanze.it',
  }),
  interrogaNre: prescriberOperation('interrogaNre', {
    path: '/DemRicettaInterrogazioniServicesWeb/services/demInterrogaNreUtilizzati',
    // "associati" as in the WSDL (spec §6.5).
    action: 'http://interroganreassociati.wsdl.dem.sanita.finanze.it/InterrogaNreUtilizzati',
    requestNs: 'http://interroganreutilrichiesta.xsd.dem.sanita.finanze.it',
    responseNs: 'http://interroganreutilricevuta.xsd.dem.sanita.finanze.it',
  }),
  // Spec §6.8 [P]: paths, actions and namespaces as used by public clients of the NRBE service.
  invioBianca: {
    path: '/RicettaBiancaDemPrescrittoServicesWeb/services/demInvioPrescrittoRicettaBianca',
    action: 'http://invioprescrittoricettabianca.wsdl.dem.sanita.finanze.it/InvioPrescrittoRicettaBianca',
    requestRoot: 'InvioPrescrittoRicettaBiancaRichiesta',
    requestNs: 'http://invioprescrittoricettabiancarichiesta.xsd.dem.sanita.finanze.it',
    prefix: 'inv',
    responseRoot: 'InvioPrescrittoRicettaBiancaRicevuta',
    responseNs: 'http://invioprescrittoricettabiancaricevuta.xsd.dem.sanita.finanze.it',
    outcomeTag: 'codEsitoInserimento',
    typesNs: 'http://tipodatiinvioprescrittoricettabianca.xsd.dem.sanita.finanze.it',
  },
  visualizzaBianca: {
    path: '/RicettaBiancaDemPrescrittoServicesWeb/services/demVisualizzaPrescrittoRicettaBianca',
    action: 'http://visualizzaprescrittoricettabianca.wsdl.dem.sanita.finanze.it/VisualizzaPrescrittoRicettaBianca',
    requestRoot: 'VisualizzaPrescrittoRicettaBiancaRichiesta',
    requestNs: 'http://visualizzaprescrittoricettabiancarichiesta.xsd.dem.sanita.finanze.it',
    prefix: 'vis',
    responseRoot: 'VisualizzaPrescrittoRicettaBiancaRicevuta',
    responseNs: 'http://visualizzaprescrittoricettabiancaricevuta.xsd.dem.sanita.finanze.it',
    outcomeTag: 'codEsitoVisualizzazione',
    typesNs: 'http://tipodativisualizzaprescrittoricettabianca.xsd.dem.sanita.finanze.it',
  },
  annullaBianca: {
    path: '/RicettaBiancaDemPrescrittoServicesWeb/services/demAnnullaPrescrittoRicettaBianca',
    action: 'http://annullaprescrittoricettabianca.wsdl.dem.sanita.finanze.it/AnnullaPrescrittoRicettaBianca',
    requestRoot: 'AnnullaPrescrittoRicettaBiancaRichiesta',
    requestNs: 'http://annullaprescrittoricettabiancarichiesta.xsd.dem.sanita.finanze.it',
    prefix: 'ann',
    responseRoot: 'AnnullaPrescrittoRicettaBiancaRicevuta',
    responseNs: 'http://annullaprescrittoricettabiancaricevuta.xsd.dem.sanita.finanze.it',
    outcomeTag: 'codEsitoAnnullamento',
    typesNs: 'http://tipodatiannullaprescrittoricettabianca.xsd.dem.sanita.finanze.it',
  },
  // Sistema TS DPCM specification ("Collegamento telematico in rete dei medici"): the file goes
  // as a SOAP attachment [P]; the paths on the national host are not public [U], the host is
  // configuration (SAC_DPCM_URL).
  dpcmInvio: {
    path: '/DpcmRicettaServicesWeb/services/invioTelematicoSanita',
    action: 'invio',
    requestRoot: 'inputBean',
    requestNs: 'urn:attachment.ws.it',
    prefix: 'urn',
    responseRoot: 'ricevuta',
    responseNs: 'urn:attachment.ws.it',
    outcomeTag: 'codiceEsito',
  },
  // "Elenco analitico dell'esito dei controlli delle ricette inviate" [P]; action [U].
  dpcmEsiti: {
    path: '/DpcmRicettaServicesWeb/services/elencoAnaliticoEsitoRicette',
    action: 'visualizzaElencoStatoRicette',
    requestRoot: 'visualizzaElencoStatoRicette',
    requestNs: 'http://service.elencoAnaliticoEsitoRicette.wsdl.dpcm.dem.sanita.finanze.it',
    prefix: 'ela',
    responseRoot: 'visualizzaElencoStatoRicetteResponse',
    responseNs: 'http://service.elencoAnaliticoEsitoRicette.wsdl.dpcm.dem.sanita.finanze.it',
    outcomeTag: 'isOperazioneValida',
    typesNs: 'http://elencoanaliticoesitoricette.dto.auxservices.mir.sanita.finanze.it',
  },
}

export function operationByPath(path: string): SacOperation | null {
  for (const [name, spec] of Object.entries(OPERATIONS)) if (spec.path === path) return name as SacOperation
  return null
}

/**
 * The Sogei SAC as a dialect of the SAC message set: its namespaces, and every tag of the
 * sequence written, empty when not valued (spec §3.1).
 */
export const SAC_DIALECT: SacDialect = {
  namespaces: Object.fromEntries(SAC_OPERATIONS.map((op) => [op, { request: OPERATIONS[op].requestNs, response: OPERATIONS[op].responseNs }])) as SacDialect['namespaces'],
  typesNamespace: NS_TIPI,
  emptyTags: 'all',
}

/** Tags the service requires a value for (a missing or empty one is a schema fault). */
export const SEND_REQUIRED = ['pinCode', 'cfMedico1', 'codRegione', 'codASLAo', 'codSpecializzazione', 'dataCompilazione', 'tipoVisita'] as const

/**
 * InvioPrescrittoRicettaBiancaRichiesta [P]: the order public clients send. Optional tags are
 * left out when empty (their patterns refuse an empty value); the items follow.
 */
export const WHITE_SEND_TAGS = [
  'pinCode', 'cfMedico', 'codRegione', 'codASLAo', 'codStruttura', 'codSpecializzazione', 'numIscrizAlbo',
  'indirMedico', 'telefMedico', 'codicePaziente', 'cognNome', 'indirizzo', 'tipoPrescrizione', 'codDiagnosi',
  'descrDiagnosi', 'dataCompilazione',
] as const
export const WHITE_SEND_REQUIRED = [
  'pinCode', 'cfMedico', 'codRegione', 'codASLAo', 'codSpecializzazione', 'numIscrizAlbo', 'indirMedico',
  'telefMedico', 'codicePaziente', 'tipoPrescrizione', 'dataCompilazione',
] as const
export const WHITE_ITEM_TAG = 'dettaglioPrescrizioneRicettaBianca'
export const WHITE_ITEM_TAGS = [
  'codProdPrest', 'descrProdPrest', 'codGruppoEquival', 'descrGruppoEquival', 'nonSost', 'codMotivazNonSost',
  'tdl', 'descrTestoLiberoNote', 'quantita', 'posologia', 'durataTrattamento', 'modalitaImpiego',
  'preparazFarmaceutica', 'numRipetibilita', 'validitaFarm', 'prescrizione1', 'prescrizione2',
] as const
export const WHITE_ITEM_REQUIRED = ['tdl', 'quantita'] as const
/** Visualizza and annulla of the NRBE service: the NRBE or its PIN identifies the prescription. */
export const WHITE_LOOKUP_TAGS = ['pinCode', 'codicePaziente', 'nrbe', 'pinNrbe', 'cfMedico'] as const

/** The SOAP body of the DPCM upload: the file travels as an attachment. */
export const DPCM_UPLOAD_TAGS = ['nomeFileAllegato', 'telematico1', 'telematico2', 'telematico3'] as const
/** RicetteMIR, the DPCM file (no namespace): a header, then one RicettaI a prescription. */
export const MIR_HEADER_TAGS = ['PinCode', 'TipoInvio', 'Testata1', 'Testata2'] as const
export const MIR_RICETTA_TAGS = [
  'Bar1', 'Bar2', 'Altro', 'NoteInvio', 'CodiceAss', 'TipoPrescrizione', 'CodEsenzione', 'NonEsente', 'Reddito',
  'CodiceDiagnosi', 'DescrizioneDiagnosi', 'TotPezzi', 'TipoRic', 'DataCompilazione', 'TipoVisita', 'DispReg',
  'ProvAssistito', 'AslAssistito', 'IndicazionePrescr', 'ClassePriorita', 'StatoEstero', 'IstituzCompetente',
  'NumIdentPers', 'NumIdentTess', 'DataNascitaEstero', 'DataScadTessera', 'Ricetta1', 'Ricetta2',
] as const
export const MIR_ITEM_TAGS = ['CodProdPrest', 'DescrProdPrest', 'NotaProd', 'Quantita', 'Prescrizione1', 'Prescrizione2'] as const
/** `RPS`: prescription on an SSN pad; `REL`: numbered with an NRE (not used here). */
export const MIR_SEND_KIND = 'RPS'
/** The upload receipt's outcome when the file was taken for the checks [P]. */
export const DPCM_RECEIVED = '000'
/** The verdict query [U] order: by protocol, or by a reception date range. */
export const DPCM_VERDICT_TAGS = ['pinCodeIn', 'protocolloSac', 'dataIniRange', 'dataFineRange'] as const
