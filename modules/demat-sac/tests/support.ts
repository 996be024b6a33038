/*
| Shared pieces of the SAC tests: a doctor known to the simulator, his context, a prescription,
| the details the NRBE service wants of him, a red prescription on a pad sheet.
*/
import diagnostics from 'node:diagnostics_channel'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DoctorContext, PrescriptionToSend, RedPrescriptionToSend } from '#services/demat/region_plugin'
import { SacSimulator, type SacSimulatorOptions, type SimulatedDoctor } from '../services/simulator/sac_simulator.js'
import { SacPlugin, type SacPluginConfig, type WhitePrescriberDetails } from '../services/sac_plugin.js'
import { SanitelCertificate } from '../services/sanitel_cf.js'

export const DOCTOR: SimulatedDoctor = { username: 'RSSMRA80A01H501U', password: 'Segreta!1', pincode: '1234567890', fiscalCode: 'RSSMRA80A01H501U' }

export function doctorContext(overrides: Partial<DoctorContext['credentials']> = {}): DoctorContext {
  return {
    userId: 1,
    fiscalCode: DOCTOR.fiscalCode,
    substituteFiscalCode: null,
    regionCode: '120',
    aslCode: '201',
    structureCode: null,
    specializationCode: 'F',
    credentials: { username: DOCTOR.username, password: DOCTOR.password, pincode: DOCTOR.pincode, ...overrides },
  }
}

export function prescription(overrides: Partial<PrescriptionToSend> = {}): PrescriptionToSend {
  return {
    localId: 1,
    kind: 'F',
    compiledAt: '2026-09-30 16:05:07',
    nre: null,
    patient: { fiscalCode: 'RSSMRA85T10A562S', lastName: 'Rossi', firstName: 'Mario', address: 'Via Roma 1', province: 'RM', asl: '201' },
    tipoRic: null,
    obscured: false,
    exemptionCode: null,
    notExempt: true,
    incomeExempt: false,
    diagnosisCode: null,
    diagnosisText: 'Ipertensione',
    priority: null,
    visitType: 'A',
    indication: null,
    items: [{ code: '036816015', description: 'AUGMENTIN*12CPR RIV 875MG+125MG', quantity: 1 }],
    ...overrides,
  }
}

export const PRESCRIBER: WhitePrescriberDetails = {
  registrationNumber: '12345',
  office: { street: 'Via Roma 1', postalCode: '00100', city: 'Roma', province: 'RM' },
  phone: '06 1234 5678',
}

/** Bar2 of a pad sheet: pad number (7), sheet (2), and the pad's parity digit (spec §4.5). */
export function padSheet(pad: number, sheet: number) {
  const digits = String(pad).padStart(7, '0') + String(sheet).padStart(2, '0')
  return digits + String([...digits].reduce((sum, d) => sum + Number(d), 0) % 10)
}

/** A red prescription on a Lazio pad of this year. */
export function redPrescription(overrides: Partial<RedPrescriptionToSend> = {}): RedPrescriptionToSend {
  const { nre: _nre, ...base } = prescription()
  const year = String(new Date().getFullYear()).slice(2)
  return { ...base, bar1: `120${year}`, bar2: padSheet(123, 45), ...overrides }
}

/** The plugin against a simulator, the NRBE and DPCM services on the same port unless told otherwise. */
export function simulatorPlugin(sim: SacSimulator, options: Partial<SacPluginConfig> = {}) {
  return new SacPlugin({
    baseUrl: sim.url,
    whiteBaseUrl: sim.url,
    dpcmBaseUrl: sim.url,
    timeoutMs: 5_000,
    requestsPerSecond: 0,
    certificate: async () => new SanitelCertificate(sim.certificatePem),
    ...options,
  })
}

/** A simulator that knows DOCTOR, on a free port, with its keys in a temporary folder; stop() cleans up. */
export async function startSimulator(options: Partial<SacSimulatorOptions> = {}) {
  const keyDir = await mkdtemp(join(tmpdir(), 'sac-sim-'))
  const simulator = await new SacSimulator({ keyDir, doctors: [DOCTOR], ...options }).start()
  return {
    simulator,
    stop: async () => {
      await simulator.close()
      await rm(keyDir, { recursive: true, force: true })
    },
  }
}

/**
 * Requests to `origin` the client has written in full, counted by its local port, from undici's
 * diagnostics channels: what the simulator's settled() must have received before it answers.
 */
export function watchSentRequests(origin: string) {
  const ports = new WeakMap<object, number>()
  const byPort = new Map<number, number>()
  const onHeaders = (message: unknown) => {
    const { request, socket } = message as { request: { origin?: string }; socket: { localPort?: number } }
    if (request.origin === origin && socket.localPort !== undefined) ports.set(request, socket.localPort)
  }
  const onSent = (message: unknown) => {
    const port = ports.get((message as { request: object }).request)
    if (port !== undefined) byPort.set(port, (byPort.get(port) ?? 0) + 1)
  }
  diagnostics.subscribe('undici:client:sendHeaders', onHeaders)
  diagnostics.subscribe('undici:request:bodySent', onSent)
  return {
    byPort,
    stop() {
      diagnostics.unsubscribe('undici:client:sendHeaders', onHeaders)
      diagnostics.unsubscribe('undici:request:bodySent', onSent)
    },
  }
}
