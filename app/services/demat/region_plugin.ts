/*
| The contract between the prescriptions module and the region plugin that talks to the
| region's service (Sogei SAC or a regional SAR). Plain data in and out: the core and the
| prescriptions module never build XML or JSON for the region, the plugin never touches the
| database. A rejection is an outcome; an exception means "did not talk to the service".
*/

export type DematKind = 'F' | 'P'

export interface DematItem {
  /** AIC (drug) or national catalogue code (service). */
  code: string | null
  description: string | null
  equivalenceGroup?: { code: string; description: string } | null
  quantity: number
  notSubstitutable?: boolean
  notSubstitutableReason?: string | null
  aifaNote?: string | null
  /** Specialist: regional catalogue code, first access (1) or follow-up (0). */
  catalogueCode?: string | null
  accessType?: '0' | '1' | null
  notes?: string | null
}

export interface PrescriptionToSend {
  /** Our id, for the plugin's logs and the simulator; never sent as a business field. */
  localId: number
  kind: DematKind
  /** `YYYY-MM-DD HH:mm:ss`, Europe/Rome: fixed at validation, identical on every retry. */
  compiledAt: string
  /** Filled for lot-based regions (reserved NRE); empty: the service assigns one. */
  nre: string | null
  patient: {
    fiscalCode: string
    lastName: string
    firstName: string
    address?: string | null
    province?: string | null
    asl?: string | null
  }
  tipoRic: string | null
  obscured: boolean
  exemptionCode: string | null
  notExempt: boolean
  incomeExempt: boolean
  diagnosisCode: string | null
  diagnosisText: string | null
  priority: 'U' | 'B' | 'D' | 'P' | null
  visitType: 'A' | 'D'
  indication: 'S' | 'H' | null
  items: DematItem[]
}

/** Who signs the call: the prescriber's credentials (never seen by staff). */
export interface DoctorContext {
  userId: number
  fiscalCode: string
  /** Substitute prescribing for the titolare: his own credentials sign (cfMedico2). */
  substituteFiscalCode?: string | null
  regionCode: string
  aslCode: string
  structureCode?: string | null
  specializationCode: string
  credentials: { username: string; password: string; pincode: string }
  /**
   * The doctor's two-factor session (Sistema TS `Authorization2F`, spec §6.1), when he has one
   * that has not expired. A plugin whose service requires it and finds none refuses to call
   * (auth failure: the doctor renews it), never calls without it.
   */
  twoFactorSession?: { id: string; expiresAt: string } | null
  /**
   * What a white electronic prescription names besides the doctor's CF (spec §6.8): his
   * registration with the Ordine and the office he prescribes from. Null when not known yet.
   */
  prescriber?: PrescriberDetails | null
}

export interface PrescriberDetails {
  /** Number of the registration with the Ordine dei Medici. */
  registrationNumber: string
  office: { street: string; postalCode: string; city: string; province: string }
  phone: string
}

export interface ServiceMessage {
  code: string
  text: string
  itemIndex?: number | null
  severity: 'blocking' | 'warning'
}

export interface SendOutcome {
  status: 'accepted' | 'accepted_with_warnings' | 'rejected' | 'uncertain'
  nre?: string
  /** White electronic prescription (Fascia C, non-SSN): its number and the PIN for the pharmacy. */
  nrbe?: string
  pin?: string
  authCode?: string
  insertedAt?: string
  /** The service's own promemoria (base64 PDF), when it returns one. */
  promemoriaPdf?: string | null
  regionalMessage?: string | null
  /**
   * The service says this prescription cannot be dematerialised (e.g. FVG codes 060120–060130):
   * the doctor is offered the red prescription on a pad instead of a retry.
   */
  fallbackToRed?: boolean
  messages: ServiceMessage[]
}

/** Result of a harmless call made with the doctor's credentials ("Prova credenziali"). */
export interface CredentialsCheckOutcome {
  ok: boolean
  /** Italian, for the doctor: what the service said, or why the call did not succeed. */
  message: string
  messages: ServiceMessage[]
}

export interface ViewOutcome {
  found: boolean
  /** statoProcesso: 3 to dispense, 4 cancelled, 5 dispensing, 8 dispensed (spec §8). */
  remoteStatus?: string
  authCode?: string
  messages: ServiceMessage[]
}

export interface CancelOutcome {
  status: 'cancelled' | 'refused'
  messages: ServiceMessage[]
}

/**
 * A red (DPCM) prescription printed on a pad sheet: its data goes online as well
 * (DPCM 26/03/2008), identified by the two codes of the sheet instead of an NRE.
 */
export interface RedPrescriptionToSend extends Omit<PrescriptionToSend, 'nre'> {
  /** Region code + year, 5 digits: the sheet's first barcode (`Bar1`). */
  bar1: string
  /** Pad number + counter + control digit, 10 digits: the second barcode (`Bar2`). */
  bar2: string
}

export interface RedSendOutcome {
  /**
   * `received`: protocolled, the MEF has still to check it; `accepted` and
   * `accepted_with_warnings`: checked; `rejected`: discarded, the messages say why.
   */
  status: 'received' | 'accepted' | 'accepted_with_warnings' | 'rejected'
  /** The MEF's protocol number of the transmission. */
  protocol?: string | null
  messages: ServiceMessage[]
}

export interface DematCapabilities {
  assignsNre: 'central' | 'lot' | 'either'
  needsPatientCfToView: boolean
  returnsPromemoriaPdf: boolean
  supportsUsedNreQuery: boolean
  supportsSubstituteDeclaration: boolean
  supportsRedPrescriptionOnline: boolean
}

export interface DematRegionPlugin {
  readonly id: string
  readonly regionCodes: string[]
  capabilities(): DematCapabilities
  /** Regional structural rules checked before any call (Italian messages). */
  validate(prescription: PrescriptionToSend): ServiceMessage[]
  send(prescription: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome>
  view(nre: string, ctx: DoctorContext, patientFiscalCode?: string): Promise<ViewOutcome>
  cancel(nre: string, ctx: DoctorContext): Promise<CancelOutcome>
  /** After an uncertain send: finds the copy the service kept, if any (spec §8). */
  reconcile(prescription: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome | null>
  /**
   * Sends the data of a red prescription printed on a pad sheet. Optional: without it red
   * prescriptions wait in the queue with the reason shown, nothing is faked.
   */
  sendRed?(data: RedPrescriptionToSend, ctx: DoctorContext): Promise<RedSendOutcome>
  /**
   * Sends a white electronic prescription (NRBE service, spec §6.8); the outcome carries
   * `nrbe` and `pin`. Optional: without it such prescriptions wait with the reason shown.
   */
  sendWhite?(prescription: PrescriptionToSend, ctx: DoctorContext): Promise<SendOutcome>
  /**
   * The MEF's later verdict on a red transmission that was only `received` (protocol given at
   * sending). Optional: without it the row stays "ricevuta" until checked by hand.
   */
  checkRed?(protocol: string, ctx: DoctorContext): Promise<RedSendOutcome>
  /**
   * Withdraws the data of a red sheet already transmitted (the doctor cancelled the paper
   * prescription). Optional: without it the sheet is void at the studio and the page says the
   * MEF was not told.
   */
  cancelRed?(sheet: { bar1: string; bar2: string; protocol: string | null }, ctx: DoctorContext): Promise<CancelOutcome>
  /**
   * A call that changes nothing at the service (e.g. a used-NRE query for today), made with the
   * doctor's credentials, to tell him whether they work. Exceptions are turned into `ok: false`
   * by the caller.
   */
  testCredentials?(ctx: DoctorContext): Promise<CredentialsCheckOutcome>
  /** What kind of failure an exception was: transport errors are retried, auth errors stop. */
  classify(error: unknown): 'transport' | 'auth' | 'rejected' | 'schema' | 'unknown'
}
