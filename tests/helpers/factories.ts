/*
| Test data builders. Every user's password is PASSWORD; patients get valid codici fiscali.
*/
import { DateTime } from 'luxon'
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
  'BNCLRA85M41F205Z',
  'VRDGPP75C15L219Q',
  'MRNFNC90T10A944N',
  'CLMGLI70E52D612B',
]

export async function createPatient(overrides: Partial<Patient> = {}) {
  counter += 1
  const fiscalCode = overrides.fiscalCode ?? VALID_FISCAL_CODES[counter % VALID_FISCAL_CODES.length]
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
