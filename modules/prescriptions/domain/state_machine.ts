/*
| Local states of a prescription and the moves between them (spec §8), as a table.
| `who` says who may make a move: a doctor may also do what staff may (he prepares too);
| system moves come from the sending queue, the reconciliation and the status polling.
*/

export const PRESCRIPTION_STATES = [
  'DRAFT',
  'AWAITING_VALIDATION',
  'VALIDATED',
  'SENDING',
  'PENDING',
  'ACCEPTED',
  'REJECTED',
  'DELIVERED',
  'DISPENSING',
  'DISPENSED',
  'CANCEL_REQUESTED',
  'CANCELLED',
  'EXPIRED',
  'DISCARDED',
] as const

export type PrescriptionState = (typeof PRESCRIPTION_STATES)[number]

export const PRESCRIPTION_EVENTS = [
  'submit',
  'approve',
  'refuse',
  'send',
  'accepted',
  'rejected',
  'send_failed',
  'retry',
  'reconciled',
  'edit',
  'deliver',
  'dispensing',
  'dispensed',
  'cancelled_remotely',
  'cancel',
  'cancel_confirmed',
  'cancel_refused',
  'expire',
  'print_red',
] as const

export type PrescriptionEvent = (typeof PRESCRIPTION_EVENTS)[number]

export type Actor = 'staff' | 'doctor' | 'system'

export interface TransitionRule {
  from: PrescriptionState
  event: PrescriptionEvent
  /** `previous`: back to the state before the cancellation request. */
  to: PrescriptionState | 'previous'
  who: Actor
  /** `no_remote_copy`: allowed only once reconciliation found no copy at the SAC/SAR. */
  guard?: 'no_remote_copy' | 'red_not_transmitted'
}

const row = (
  from: PrescriptionState,
  event: PrescriptionEvent,
  to: TransitionRule['to'],
  who: Actor,
  guard?: TransitionRule['guard']
): TransitionRule => (guard ? { from, event, to, who, guard } : { from, event, to, who })

export const TRANSITIONS: readonly TransitionRule[] = [
  row('DRAFT', 'submit', 'AWAITING_VALIDATION', 'staff'),
  row('AWAITING_VALIDATION', 'approve', 'VALIDATED', 'doctor'),
  // The doctor gives the reason; it is kept with the prescription.
  row('AWAITING_VALIDATION', 'refuse', 'DISCARDED', 'doctor'),
  row('DRAFT', 'approve', 'VALIDATED', 'doctor'),
  // The call is signed with the doctor's own credentials.
  row('VALIDATED', 'send', 'SENDING', 'doctor'),
  // 0000 / 0001: accepted, with or without warnings.
  row('SENDING', 'accepted', 'ACCEPTED', 'system'),
  // 9999: blocking messages, stored for the staff.
  row('SENDING', 'rejected', 'REJECTED', 'system'),
  // Timeout, 5xx, network down, 2FA session missing: outcome unknown.
  row('SENDING', 'send_failed', 'PENDING', 'system'),
  row('PENDING', 'retry', 'SENDING', 'system'),
  row('PENDING', 'reconciled', 'ACCEPTED', 'system'),
  // A new attempt with the same patient and items.
  row('REJECTED', 'edit', 'DRAFT', 'staff'),
  // The doctor keeps the prescription as it is and prints it on a red pad sheet (the data goes
  // to the MEF as a DPCM transmission): the seed manual's "NO" to "annullare e correggere?".
  row('REJECTED', 'print_red', 'SENDING', 'doctor'),
  // Print at the desk, or e-mail / SMS / portal sent by a job; further deliveries only add flags.
  row('ACCEPTED', 'deliver', 'DELIVERED', 'staff'),
  row('ACCEPTED', 'deliver', 'DELIVERED', 'system'),
  row('DELIVERED', 'deliver', 'DELIVERED', 'staff'),
  row('DELIVERED', 'deliver', 'DELIVERED', 'system'),
  // Remote statoProcesso from polling: 5 dispensing, 8 dispensed, 4 cancelled, 3 past validity.
  row('ACCEPTED', 'dispensing', 'DISPENSING', 'system'),
  row('DELIVERED', 'dispensing', 'DISPENSING', 'system'),
  row('ACCEPTED', 'dispensed', 'DISPENSED', 'system'),
  row('DELIVERED', 'dispensed', 'DISPENSED', 'system'),
  // Polling goes on until a final state, so dispensing ends in dispensed.
  row('DISPENSING', 'dispensed', 'DISPENSED', 'system'),
  row('ACCEPTED', 'cancelled_remotely', 'CANCELLED', 'system'),
  row('DELIVERED', 'cancelled_remotely', 'CANCELLED', 'system'),
  row('ACCEPTED', 'expire', 'EXPIRED', 'system'),
  row('DELIVERED', 'expire', 'EXPIRED', 'system'),
  // Spec §9: cancelling a sent prescription goes through the SAC/SAR.
  row('ACCEPTED', 'cancel', 'CANCEL_REQUESTED', 'doctor'),
  row('DELIVERED', 'cancel', 'CANCEL_REQUESTED', 'doctor'),
  row('CANCEL_REQUESTED', 'cancel_confirmed', 'CANCELLED', 'system'),
  // 1120 or remote state ≥ 5: already dispensing or dispensed.
  row('CANCEL_REQUESTED', 'cancel_refused', 'previous', 'system'),
  // Never sent: cancelled locally, nothing to call.
  row('DRAFT', 'cancel', 'CANCELLED', 'doctor'),
  row('AWAITING_VALIDATION', 'cancel', 'CANCELLED', 'doctor'),
  row('VALIDATED', 'cancel', 'CANCELLED', 'doctor'),
  row('PENDING', 'cancel', 'CANCELLED', 'doctor', 'no_remote_copy'),
  // The service refused it: it holds no copy, the doctor cancels it to prescribe it again corrected.
  row('REJECTED', 'cancel', 'CANCELLED', 'doctor'),
  // A red sheet printed whose data has not gone to the MEF yet: void at the studio, never sent.
  row('SENDING', 'cancel', 'CANCELLED', 'doctor', 'red_not_transmitted'),
]

export const STATE_LABELS: Record<PrescriptionState, string> = {
  DRAFT: 'Bozza',
  AWAITING_VALIDATION: 'Da validare',
  VALIDATED: 'Validata',
  SENDING: 'In invio',
  PENDING: 'In attesa',
  ACCEPTED: 'Accettata',
  REJECTED: 'Respinta',
  DELIVERED: 'Consegnata',
  DISPENSING: 'In erogazione',
  DISPENSED: 'Erogata',
  CANCEL_REQUESTED: 'Annullamento richiesto',
  CANCELLED: 'Annullata',
  EXPIRED: 'Scaduta',
  DISCARDED: 'Scartata',
}

/** Tone of the state badge: `ok`, `warn`, `err` or neutral (''). */
export const STATE_TONES: Record<PrescriptionState, '' | 'ok' | 'warn' | 'err'> = {
  DRAFT: '',
  AWAITING_VALIDATION: 'warn',
  VALIDATED: '',
  SENDING: 'warn',
  PENDING: 'warn',
  ACCEPTED: 'ok',
  REJECTED: 'err',
  DELIVERED: 'ok',
  DISPENSING: 'ok',
  DISPENSED: 'ok',
  CANCEL_REQUESTED: 'warn',
  CANCELLED: '',
  EXPIRED: '',
  DISCARDED: '',
}

/** The infinitive that completes "Non è possibile … una prescrizione". */
const EVENT_VERBS: Record<PrescriptionEvent, string> = {
  submit: 'mandare in validazione',
  approve: 'validare',
  refuse: 'rifiutare',
  send: 'inviare',
  accepted: 'registrare come accettata',
  rejected: 'registrare come respinta',
  send_failed: 'mettere in attesa',
  retry: 'inviare di nuovo',
  reconciled: 'riconciliare',
  edit: 'correggere',
  deliver: 'consegnare',
  dispensing: 'registrare come in erogazione',
  dispensed: 'registrare come erogata',
  cancelled_remotely: 'registrare come annullata',
  cancel: 'annullare',
  cancel_confirmed: "confermare l'annullamento di",
  cancel_refused: "registrare il rifiuto dell'annullamento di",
  expire: 'registrare come scaduta',
  print_red: 'stampare su ricetta rossa',
}

export class IllegalTransition extends Error {
  constructor(
    readonly state: PrescriptionState,
    readonly event: PrescriptionEvent,
    readonly actor: Actor,
    message: string
  ) {
    super(message)
    this.name = 'IllegalTransition'
  }
}

export interface TransitionContext {
  /** For `cancel_refused`: the state before the cancellation request (ACCEPTED or DELIVERED). */
  previous?: PrescriptionState
  /** For cancelling a PENDING prescription: false once reconciliation found no remote copy. */
  remoteCopy?: boolean
  /** For cancelling a SENDING one: true only for a red sheet whose data was withdrawn from the queue. */
  redNotTransmitted?: boolean
}

function actorMay(actor: Actor, who: Actor) {
  return actor === who || (who === 'staff' && actor === 'doctor')
}

/** The state after `event`, or an IllegalTransition with the Italian reason. */
export function transition(
  state: PrescriptionState,
  event: PrescriptionEvent,
  actor: Actor,
  context: TransitionContext = {}
): PrescriptionState {
  const rows = TRANSITIONS.filter((t) => t.from === state && t.event === event)
  const verb = EVENT_VERBS[event]
  if (rows.length === 0) {
    const message = `Non è possibile ${verb} una prescrizione nello stato «${STATE_LABELS[state]}».`
    throw new IllegalTransition(state, event, actor, message)
  }
  const rule = rows.find((t) => actorMay(actor, t.who))
  if (!rule) {
    const who = rows[0].who
    const message =
      who === 'doctor'
        ? `Solo il medico può ${verb} la prescrizione.`
        : who === 'system'
          ? 'Il passaggio a questo stato è registrato solo dal sistema di invio.'
          : 'Operazione non consentita.'
    throw new IllegalTransition(state, event, actor, message)
  }
  if (rule.guard === 'no_remote_copy' && context.remoteCopy !== false) {
    throw new IllegalTransition(
      state,
      event,
      actor,
      "Prima di annullare una prescrizione in attesa bisogna verificare che non sia arrivata al sistema di accoglienza."
    )
  }
  if (rule.guard === 'red_not_transmitted' && context.redNotTransmitted !== true) {
    throw new IllegalTransition(state, event, actor, "Non è possibile annullare una prescrizione in invio: attendere l'esito.")
  }
  if (rule.to === 'previous') {
    const back = TRANSITIONS.some((t) => t.from === context.previous && t.event === 'cancel' && t.to === state)
    if (!context.previous || !back) {
      throw new IllegalTransition(state, event, actor, 'Stato precedente alla richiesta di annullamento sconosciuto.')
    }
    return context.previous
  }
  return rule.to
}

/** Events the actor may fire from this state: the buttons to show. */
export function allowedEvents(state: PrescriptionState, actor: Actor): PrescriptionEvent[] {
  const events = TRANSITIONS.filter((t) => t.from === state && actorMay(actor, t.who)).map((t) => t.event)
  return [...new Set(events)]
}

/** Spec §9: cancellable until dispensing starts (a PENDING one after reconciliation). */
export function canCancel(state: PrescriptionState): boolean {
  return TRANSITIONS.some((t) => t.from === state && t.event === 'cancel')
}

/** No way out: polling stops here. */
export function isFinal(state: PrescriptionState): boolean {
  return !TRANSITIONS.some((t) => t.from === state)
}

/** "Ci sono N prescrizioni in attesa" counts these. */
export function countsForWaitingBanner(state: PrescriptionState): boolean {
  return state === 'PENDING' || state === 'AWAITING_VALIDATION'
}

export function stateLabel(state: PrescriptionState): string {
  return STATE_LABELS[state]
}

/** CSS classes of the state badge. */
export function stateBadgeClass(state: PrescriptionState): string {
  const tone = STATE_TONES[state]
  return tone ? `badge ${tone}` : 'badge'
}
