/*
| Who may do what with a prescription (spec §8 rules, §9). The prescriber is the patient's
| titolare; his associates and the substitute he chose act in his place. Staff prepare only;
| validating, sending and cancelling are the doctor's, whose credentials sign the call.
*/

export type Role = 'admin' | 'titolare' | 'sostituto' | 'collaboratore'

export type PrescriptionAction = 'prepare' | 'validate' | 'send' | 'cancel'

export interface WhoMayInput {
  actor: {
    id: number
    role: Role
    /** Titolari who named this doctor an associate. */
    associateOf: number[]
    /** Titolari who chose this doctor as their substitute. */
    substituteFor: number[]
  }
  /** The titolare the prescription is made for. */
  prescriberId: number
  /** Once sent: the doctor whose credentials sent it. */
  sentById?: number | null
}

export interface Permission {
  allowed: boolean
  /** Italian, shown when refused and kept in the log when allowed. */
  reason: string
}

const allow = (reason: string): Permission => ({ allowed: true, reason })
const refuse = (reason: string): Permission => ({ allowed: false, reason })

function isDoctor(role: Role) {
  return role === 'titolare' || role === 'sostituto'
}

export function mayPrepare({ actor }: WhoMayInput): Permission {
  if (actor.role === 'admin') return refuse("L'amministratore non prepara prescrizioni.")
  if (actor.role === 'collaboratore') return allow('Il personale di studio prepara la ricetta; la valida il medico.')
  return allow('Il medico può preparare la ricetta.')
}

const VERBS = { validate: 'validare la ricetta', send: 'inviare la ricetta', cancel: 'annullare la ricetta' } as const

/** The titolare, an associate of his or the substitute he chose. */
function actsForPrescriber({ actor, prescriberId }: WhoMayInput, action: keyof typeof VERBS): Permission {
  const verb = VERBS[action]
  if (actor.role === 'collaboratore') {
    return refuse(`Il personale di studio può solo preparare la ricetta: solo il medico può ${verb}.`)
  }
  if (!isDoctor(actor.role)) return refuse(`Solo il medico può ${verb}.`)
  if (actor.id === prescriberId) return allow('Medico titolare del paziente.')
  if (actor.associateOf.includes(prescriberId)) return allow('Medico associato del titolare del paziente.')
  if (actor.substituteFor.includes(prescriberId)) return allow('Sostituto scelto dal titolare del paziente.')
  return refuse(`Solo il titolare del paziente, un suo associato o il sostituto da lui scelto può ${verb}.`)
}

export function mayValidate(input: WhoMayInput): Permission {
  return actsForPrescriber(input, 'validate')
}

export function maySend(input: WhoMayInput): Permission {
  return actsForPrescriber(input, 'send')
}

/**
 * Only a doctor cancels. Before sending, whoever may send; once sent, spec §9: only the doctor
 * who sent it (a substitute his own), since the cancellation goes with his credentials.
 */
export function mayCancel(input: WhoMayInput): Permission {
  const { actor, sentById } = input
  if (sentById === null || sentById === undefined) return actsForPrescriber(input, 'cancel')
  if (!isDoctor(actor.role)) return refuse('Solo il medico può annullare la ricetta.')
  if (actor.id === sentById) return allow('Medico che ha inviato la ricetta.')
  return refuse('Solo il medico che ha inviato la ricetta può annullarla, con le proprie credenziali.')
}

export function whoMay(action: PrescriptionAction, input: WhoMayInput): Permission {
  switch (action) {
    case 'prepare':
      return mayPrepare(input)
    case 'validate':
      return mayValidate(input)
    case 'send':
      return maySend(input)
    case 'cancel':
      return mayCancel(input)
  }
}
