/*
| Test data builders. Every user's password is PASSWORD; patients get valid codici fiscali.
*/
import { DateTime } from 'luxon'
import { CheckDigitizer } from '@marketto/codice-fiscale-utils'
import User from '#models/user'
import Patient from '#models/patient'
import type { Role } from '#core/modules/define_module'

export const PASSWORD = 'Segreta2026'

let counter = 0

export async function createUser(overrides: Partial<User> & { role?: Role } = {}) {
  counter += 1
  return User.create({
    username: `utente${counter}${Date.now() % 100000}`,
    email: `utente${counter}@studio.test`,
    firstName: 'Anna',
    lastName: `Test${counter}`,
    role: 'titolare',
    password: PASSWORD,
    isEnabled: true,
    unrestrictedRights: false,
    mustChangePassword: false,
    failedLoginCount: 0,
    passwordChangedAt: DateTime.now(),
    ...overrides,
  })
}

/** Valid codici fiscali (check character verified) for test patients. */
export const VALID_FISCAL_CODES = [
  'RSSMRA80A01H501U',
  'BNCLRA85M41F205C',
  'VRDGPP75C15L219H',
  'MRNFNC90T10A944X',
  'CLMGLI70E52D612I',
]

/** A formally valid, unique codice fiscale for test patients (TST PZN, varying date). */
function uniqueFiscalCode(n: number) {
  const yy = String(n % 100).padStart(2, '0')
  const day = String((Math.floor(n / 100) % 28) + 1).padStart(2, '0')
  const body = `TSTPZN${yy}A${day}H501`
  return body + CheckDigitizer.checkDigit(body)
}

export async function createPatient(overrides: Partial<Patient> = {}) {
  counter += 1
  const fiscalCode = overrides.fiscalCode ?? uniqueFiscalCode(counter + Math.floor(Math.random() * 2000) * 100)
  return Patient.create({
    lastName: 'Rossi',
    firstName: 'Mario',
    sex: 'M',
    birthDate: DateTime.fromISO('1980-01-01'),
    status: 'active',
    ...overrides,
    fiscalCode,
  } as Partial<Patient>)
}

/** A few real comuni and ASL rows (hand-written fixture), enough for the registry forms. */
export async function seedReferenceFixture() {
  const { default: db } = await import('@adonisjs/lucid/services/db')
  await db.table('comuni').multiInsert([
    { cadastral_code: 'H501', name: 'Roma', name_search: 'ROMA', province_sigla: 'RM', valid_from: '1884-09-11', valid_to: null },
    { cadastral_code: 'F205', name: 'Milano', name_search: 'MILANO', province_sigla: 'MI', valid_from: '1869-02-08', valid_to: null },
    { cadastral_code: 'L219', name: 'Torino', name_search: 'TORINO', province_sigla: 'TO', valid_from: '1861-03-17', valid_to: null },
    { cadastral_code: 'A944', name: 'Bologna', name_search: 'BOLOGNA', province_sigla: 'BO', valid_from: '1861-03-17', valid_to: null },
    { cadastral_code: 'D612', name: 'Firenze', name_search: 'FIRENZE', province_sigla: 'FI', valid_from: '1861-03-17', valid_to: null },
    { cadastral_code: 'F839', name: 'Napoli', name_search: 'NAPOLI', province_sigla: 'NA', valid_from: '1861-03-17', valid_to: null },
  ])
  await db.table('asl').multiInsert([
    { code6: '120201', region_ministry_code: '120', asl_code: '201', name: 'ROMA 1' },
    { code6: '120202', region_ministry_code: '120', asl_code: '202', name: 'ROMA 2' },
  ])
}
