/*
| Shared set-up of the Friuli Venezia Giulia tests: one set of test certificates per run (CA,
| server, the doctors' cards, the CF-encryption certificate), the simulator on a loopback port, the
| plugin pointed at it, doctor contexts and prescriptions with valid codes. The tests run only when
| the installation is in FVG (STUDIO_REGION=friuli-venezia-giulia).
*/
import { CheckDigitizer } from '@marketto/codice-fiscale-utils'
import { studioRegion } from '#config/modules'
import type { DoctorContext, PrescriptionToSend } from '#services/demat/region_plugin'
import { FvgPlugin } from '../../adapters/fvg/fvg_plugin.js'
import type { FvgConfig } from '../../adapters/fvg/config.js'
import { FvgSimulator, type FvgSimulatorOptions } from '../../services/simulator/fvg_simulator.js'
import { createFvgTlsMaterial, type FvgTlsMaterial } from '../../services/simulator/fvg_tls_material.js'

export const FVG_REGION = 'friuli-venezia-giulia'
export const skipUnlessFvg = () => studioRegion() !== FVG_REGION

const withCheck = (first15: string) => first15 + CheckDigitizer.checkDigit(first15)

export const DOCTOR_CF = withCheck('BNCLCU70A01L424')
export const SUBSTITUTE_CF = withCheck('VRDGLI80M41L483')
export const OTHER_DOCTOR_CF = withCheck('FRRPLA65T10G284')
export const PATIENT_CF = withCheck('PNIMRA70A41L424')
export const PRODUCT = 'STUDIOMG01'
export const CATALOGUE_VERSION = '1.4.4'

/** A valid CF for the n-th test patient: distinct people, correct check letter. */
export function patientCf(n: number) {
  return withCheck(`PRVTST70A01L${String(n % 1000).padStart(3, '0')}`)
}

let material: FvgTlsMaterial | null = null
/** Generated once per run: RSA keys take a moment. */
export function tlsMaterial(): FvgTlsMaterial {
  material ??= createFvgTlsMaterial([DOCTOR_CF, SUBSTITUTE_CF, OTHER_DOCTOR_CF])
  return material
}

export function doctor(overrides: Partial<DoctorContext> = {}): DoctorContext {
  return {
    userId: 1,
    fiscalCode: DOCTOR_CF,
    substituteFiscalCode: null,
    regionCode: '060',
    aslCode: '204',
    structureCode: null,
    specializationCode: 'F',
    // Not used in FVG: the card authenticates the doctor.
    credentials: { username: DOCTOR_CF, password: '', pincode: '' },
    ...overrides,
  }
}

let seq = 0
export function prescription(overrides: Partial<PrescriptionToSend> = {}): PrescriptionToSend {
  seq++
  const second = String(seq % 60).padStart(2, '0')
  const minute = String(Math.floor(seq / 60) % 60).padStart(2, '0')
  const hour = String(8 + Math.floor(seq / 3600)).padStart(2, '0')
  return {
    localId: 200_000 + seq,
    kind: 'F',
    compiledAt: `2026-10-01 ${hour}:${minute}:${second}`,
    nre: null,
    patient: { fiscalCode: PATIENT_CF, lastName: 'Pinna', firstName: 'Mara', address: 'VIA AQUILEIA 1|33100|UDINE|UD', province: 'UD', asl: '204' },
    tipoRic: null,
    obscured: false,
    exemptionCode: null,
    notExempt: true,
    incomeExempt: false,
    diagnosisCode: null,
    diagnosisText: null,
    priority: null,
    visitType: 'A',
    indication: null,
    items: [{ code: '036816015', description: 'AUGMENTIN 12CPR RIV875MG+125MG', quantity: 2 }],
    ...overrides,
  }
}

export function specialist(overrides: Partial<PrescriptionToSend> = {}): PrescriptionToSend {
  return prescription({
    kind: 'P',
    notExempt: true,
    diagnosisText: 'DOLORE TORACICO ATIPICO',
    priority: 'B',
    items: [{ code: '89.52', description: 'ELETTROCARDIOGRAMMA', quantity: 1, catalogueCode: '89.52_0', accessType: '1' }],
    ...overrides,
  })
}

export function fvgConfig(url: string, overrides: Partial<FvgConfig> = {}): FvgConfig {
  const tls = tlsMaterial()
  return {
    baseUrl: url,
    timeoutMs: 2_000,
    clientIdentity: (cf) => tls.cards.get(cf) ?? null,
    ca: tls.ca.cert,
    product: { code: PRODUCT, version: '1.0' },
    workstation: { os: 'Linux', osVersion: '6.1', deviceId: 'LIC-0001' },
    patientCfCertificate: tls.encryption.cert,
    catalogueVersion: CATALOGUE_VERSION,
    ...overrides,
  }
}

export async function fvgRig(options: FvgSimulatorOptions = {}, config: Partial<FvgConfig> = {}) {
  const simulator = await new FvgSimulator({ tls: tlsMaterial(), products: [PRODUCT], hangMs: 1_000, ...options }).start()
  const plugin = new FvgPlugin(fvgConfig(simulator.url, config))
  return {
    simulator,
    plugin,
    async stop() {
      plugin.close()
      await simulator.stop()
    },
  }
}

/** Calls a control endpoint of the simulator with a doctor's card, as a person would with curl. */
export async function control(simulator: FvgSimulator, path: string, body: unknown) {
  const https = await import('node:https')
  const card = tlsMaterial().cards.get(DOCTOR_CF)!
  const payload = JSON.stringify(body)
  return new Promise<{ status: number; body: any }>((resolve, reject) => {
    const request = https.request(`${simulator.url}/__simulator/${path}`, { method: 'POST', cert: card.cert, key: card.key, ca: tlsMaterial().ca.cert, headers: { 'Content-Type': 'application/json' } }, (response) => {
      const chunks: Buffer[] = []
      response.on('data', (c) => chunks.push(c))
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8') || 'null') }))
    })
    request.on('error', reject)
    request.end(payload)
  })
}
