/*
| Shared set-up of the Umbria tests: a signing key pair, the simulator on a loopback port, the
| plugin pointed at it, a doctor context and prescriptions with valid codes.
*/
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import type { DoctorContext, PrescriptionToSend, RedPrescriptionToSend } from '#services/demat/region_plugin'
import { UmbriaPlugin } from '../../adapters/umbria/umbria_plugin.js'
import type { UmbriaConfig } from '../../adapters/umbria/config.js'
import { UmbriaSarSimulator, cfCheck, type SimulatorOptions } from '../../services/simulator/umbria_simulator.js'

export const DOCTOR_CF = 'RSSMRA80A01H501U'
export const PATIENT_CF = 'PNIMRA70A01H501P'
export const AUDIENCE = 'https://api-salute-test.regione.umbria.it'

export function signingKeys() {
  return generateKeyPairSync('rsa', { modulusLength: 2048 })
}

export function doctor(overrides: Partial<DoctorContext> = {}): DoctorContext {
  return {
    userId: 1,
    fiscalCode: DOCTOR_CF,
    substituteFiscalCode: null,
    regionCode: '100',
    aslCode: '201',
    structureCode: null,
    specializationCode: 'F',
    credentials: { username: DOCTOR_CF, password: 'x', pincode: '1234567890' },
    ...overrides,
  }
}

/** A valid CF for the n-th test patient: distinct people, correct check letter. */
export function patientCf(n: number) {
  const first15 = `PNIMRA70A01H${String(n % 1000).padStart(3, '0')}`
  return first15 + cfCheck(first15)
}

let seq = 0
export function prescription(overrides: Partial<PrescriptionToSend> = {}): PrescriptionToSend {
  seq++
  const second = String(seq % 60).padStart(2, '0')
  const minute = String(Math.floor(seq / 60) % 60).padStart(2, '0')
  const hour = String(8 + Math.floor(seq / 3600)).padStart(2, '0')
  return {
    localId: 100_000 + seq,
    kind: 'F',
    compiledAt: `2026-09-30 ${hour}:${minute}:${second}`,
    nre: null,
    patient: { fiscalCode: PATIENT_CF, lastName: 'Pinna', firstName: 'Mara', address: 'VIA ROMA 1|06123|PERUGIA|PG', province: 'PG', asl: '201' },
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

/**
 * A red pad sheet's two codes (spec §4.5): Bar1 = region + year, Bar2 = pad number (7) + counter
 * (2) + control digit, here the "controllo parità" (sum of those 9 digits, last digit).
 */
export function redSheet(padNumber: number, counter: number, year = 26) {
  const prefix = String(padNumber).padStart(7, '0') + String(counter).padStart(2, '0')
  const parity = [...prefix].reduce((sum, digit) => sum + Number(digit), 0) % 10
  return { bar1: `100${String(year).padStart(2, '0')}`, bar2: `${prefix}${parity}` }
}

let pad = 0
export function redPrescription(overrides: Partial<RedPrescriptionToSend> = {}): RedPrescriptionToSend {
  const { nre: _nre, ...base } = prescription()
  return { ...base, ...redSheet(4_000_000 + ++pad, 0), ...overrides }
}

export function pluginConfig(url: string, privateKey: KeyObject, overrides: Partial<UmbriaConfig> = {}): UmbriaConfig {
  return {
    baseUrl: url,
    timeoutMs: 2_000,
    jwt: { privateKey, certificateDer: null, issuer: 'integrity:S1#100#STUDIOMG', audience: AUDIENCE },
    application: { id: 'STUDIOMG', vendor: 'Studio MG', version: 'test' },
    lotKind: '0',
    ...overrides,
  }
}

export async function umbriaRig(options: SimulatorOptions = {}, config: Partial<UmbriaConfig> = {}) {
  const keys = signingKeys()
  const simulator = await new UmbriaSarSimulator({ publicKeys: [keys.publicKey], audience: AUDIENCE, hangMs: 1_000, ...options }).start()
  const plugin = new UmbriaPlugin(pluginConfig(simulator.url, keys.privateKey, config))
  return {
    keys,
    simulator,
    plugin,
    async stop() {
      plugin.close()
      await simulator.stop()
    },
  }
}
