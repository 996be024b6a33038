/*
| The adapter of a SAR region that has no adapter of its own yet
| (spec §7.1, [U]). It never falls back to another service: every call says so, and the
| prescriptions module keeps the prescription PENDING ("in attesa") with this reason.
*/
import type {
  CancelOutcome,
  DematCapabilities,
  DematRegionPlugin,
  PrescriptionToSend,
  SendOutcome,
  ServiceMessage,
  ViewOutcome,
} from '#services/demat/region_plugin'
import type { SarRegion } from './sar_regions.js'

export class RegionNotYetSupported extends Error {
  readonly notYetSupported = true
}

export function notYetSupportedMessage(region: SarRegion) {
  return `La regione ${region.name} usa un proprio sistema di accoglienza (SAR) non ancora supportato: le ricette restano in attesa.`
}

export class NotYetSupportedPlugin implements DematRegionPlugin {
  readonly id: string
  readonly regionCodes: string[]
  readonly supported = false
  readonly message: string

  constructor(readonly region: SarRegion) {
    this.id = `sar-${region.key}`
    this.regionCodes = [region.code]
    this.message = notYetSupportedMessage(region)
  }

  capabilities(): DematCapabilities {
    return {
      assignsNre: 'either',
      needsPatientCfToView: false,
      returnsPromemoriaPdf: false,
      supportsUsedNreQuery: false,
      supportsSubstituteDeclaration: false,
      supportsRedPrescriptionOnline: false,
    }
  }

  // Not a rejection: the prescription is fine, only the channel is missing. Sending throws,
  // so the prescription goes to PENDING with the reason instead of REJECTED.
  validate(_prescription: PrescriptionToSend): ServiceMessage[] {
    return []
  }

  async send(): Promise<SendOutcome> {
    throw new RegionNotYetSupported(this.message)
  }

  async view(): Promise<ViewOutcome> {
    return { found: false, messages: [{ code: 'SAR-NS', text: this.message, severity: 'blocking' }] }
  }

  async cancel(): Promise<CancelOutcome> {
    throw new RegionNotYetSupported(this.message)
  }

  async reconcile(): Promise<SendOutcome | null> {
    return null
  }

  classify(error: unknown) {
    // Not 'auth': the doctor has nothing to fix. Retried with backoff, it keeps waiting.
    return error instanceof RegionNotYetSupported ? ('unknown' as const) : ('transport' as const)
  }
}
