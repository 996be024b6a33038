/*
| Shared pieces of the SAC tests: a doctor known to the simulator, his context, a prescription.
*/
import type { DoctorContext, PrescriptionToSend } from '#services/demat/region_plugin'
import type { SimulatedDoctor } from '../services/simulator/sac_simulator.js'

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
