/*
| The demo studio: accounts, clinics and N patients with plausible records, written with
| multi-row inserts inside one transaction per batch so 100,000 patients take a minute or two.
| Patient ids are assigned here, so records can be written without reading ids back.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import hash from '@adonisjs/core/services/hash'
import { studioRegion } from '#config/modules'
import { searchKey } from '#services/patients/search_key'
import { SeededRandom } from '#services/demo/random'
import { fiscalCodeFor, omocode } from '#services/demo/fiscal_code_generator'
import { COMUNI, CONDITIONS, FEMALE_NAMES, MALE_NAMES, STREETS, SURNAMES, VACCINES } from '#services/demo/demo_data'

export const DEMO_PASSWORD = 'Demo2026!'
const BATCH = 500

const DEMO_USERS = [
  { username: 'admin', first_name: 'Amministratore', last_name: 'Studio', role: 'admin', unrestricted_rights: false },
  { username: 'rossi', first_name: 'Mario', last_name: 'Rossi', role: 'titolare', unrestricted_rights: false, fiscal_code: 'RSSMRA70A01H501S', regional_code: '120123456', asl_code: '120201' },
  { username: 'bianchi', first_name: 'Laura', last_name: 'Bianchi', role: 'titolare', unrestricted_rights: false, fiscal_code: 'BNCLRA72M41H501M', regional_code: '120654321', asl_code: '120201' },
  { username: 'verdi', first_name: 'Paolo', last_name: 'Verdi', role: 'sostituto', unrestricted_rights: false },
  { username: 'segreteria', first_name: 'Giulia', last_name: 'Conti', role: 'collaboratore', unrestricted_rights: true },
  { username: 'infermiera', first_name: 'Sara', last_name: 'Fontana', role: 'collaboratore', unrestricted_rights: false },
]

/** Tables the demo fills, children first (audit_logs is append-only and never touched). */
export const DEMO_TABLES = [
  'attachments', 'diary_entries', 'patient_exemptions', 'vaccinations', 'measurements', 'exams', 'therapies',
  'problems', 'patient_contacts', 'patients', 'clinic_hours', 'clinics', 'user_associates', 'studios',
]

const now = () => DateTime.utc().toSQL({ includeOffset: false })
const isoDate = (d: Date) => d.toISOString().slice(0, 10)

export async function patientCount() {
  const [{ n }] = await db.from('patients').count('* as n')
  return Number(n)
}

export async function wipeDemoData() {
  for (const table of DEMO_TABLES) await db.from(table).delete()
}

async function seedStaff() {
  const password = await hash.make(DEMO_PASSWORD)
  const ids: Record<string, number> = {}
  for (const user of DEMO_USERS) {
    const existing = await db.from('users').where('username', user.username).first()
    if (existing) {
      ids[user.username] = existing.id
      continue
    }
    const [id] = await db.table('users').insert({
      ...user,
      email: `${user.username}@studio-mg.test`,
      password,
      is_enabled: true,
      must_change_password: false,
      failed_login_count: 0,
      password_changed_at: now(),
      created_at: now(),
      updated_at: now(),
    })
    ids[user.username] = Number(id) || (await db.from('users').where('username', user.username).first()).id
  }
  for (const titolare of ['rossi', 'bianchi']) {
    const other = titolare === 'rossi' ? 'bianchi' : 'rossi'
    for (const associate of ['verdi', other]) {
      await db.table('user_associates').insert({ titolare_id: ids[titolare], associate_id: ids[associate], created_at: now() })
    }
  }
  return ids
}

async function seedStudio(doctorIds: number[]) {
  await db.table('studios').insert({
    name: 'Medicina di gruppo Rossi Bianchi',
    group_code: 'MG0421',
    asl_code: '120201',
    region: studioRegion(),
    address: 'Via Appia Nuova 120, 00183 Roma',
    phone: '06 7001234',
    email: 'studio@studio-mg.test',
    created_at: now(),
    updated_at: now(),
  })
  const clinics = [
    { name: 'Ambulatorio Appio', address: 'Via Appia Nuova 120, Roma', comune_code: 'H501', cap: '00183', phone: '06 7001234' },
    { name: 'Ambulatorio Tuscolano', address: 'Via Tuscolana 800, Roma', comune_code: 'H501', cap: '00174', phone: '06 7605678' },
  ]
  for (const [index, clinic] of clinics.entries()) {
    const [clinicId] = await db.table('clinics').insert({ ...clinic, is_active: true, created_at: now(), updated_at: now() })
    const id = Number(clinicId) || (await db.from('clinics').where('name', clinic.name).first()).id
    for (let weekday = 1; weekday <= 5; weekday++) {
      const morning = (weekday + index) % 2 === 0
      await db.table('clinic_hours').insert({
        clinic_id: id,
        doctor_id: doctorIds[(weekday + index) % 2],
        weekday,
        opens_at: morning ? '09:00' : '15:00',
        closes_at: morning ? '12:30' : '19:00',
        notes: weekday === 3 ? 'su appuntamento' : null,
      })
    }
  }
}

function birthDateFor(random: SeededRandom): Date {
  // Adults weigh more in a GP's list; children up to 14 usually see a paediatrician.
  const age = random.chance(0.05) ? random.int(0, 14) : random.int(15, 96)
  const year = DateTime.now().year - age
  return new Date(Date.UTC(Math.max(1930, year), random.int(0, 11), random.int(1, 28)))
}

export interface SeedProgress {
  (written: number, total: number): void
}

export async function seedDemoStudio(options: { patients: number; seed: number; onProgress?: SeedProgress }) {
  const random = new SeededRandom(options.seed)
  const staff = await seedStaff()
  const doctors = [staff.rossi, staff.bianchi]
  await seedStudio(doctors)

  const [{ maxId }] = await db.from('patients').max('id as maxId')
  let nextId = Number(maxId ?? 0) + 1
  const usedCodes = new Set<string>((await db.from('patients').select('fiscal_code')).map((r: any) => r.fiscal_code))
  const counts = { patients: 0, problems: 0, therapies: 0, measurements: 0, vaccinations: 0, exemptions: 0, diary: 0 }
  const today = DateTime.now()
  const created = now()

  for (let start = 0; start < options.patients; start += BATCH) {
    const size = Math.min(BATCH, options.patients - start)
    const rows: Record<string, any[]> = { patients: [], problems: [], therapies: [], measurements: [], vaccinations: [], patient_exemptions: [], diary_entries: [] }

    for (let i = 0; i < size; i++) {
      const id = nextId++
      const sex = random.chance(0.52) ? 'F' : 'M'
      const firstName = random.pick(sex === 'F' ? FEMALE_NAMES : MALE_NAMES)
      const lastName = random.pick(SURNAMES)
      const birth = birthDateFor(random)
      const [placeCode, placeName, province] = random.pick(COMUNI)
      let fiscalCode = fiscalCodeFor({ lastName, firstName, sex, birthDate: birth, placeCode })
      for (let level = 1; usedCodes.has(fiscalCode) && level <= 7; level++) fiscalCode = omocode(fiscalCode, level)
      if (usedCodes.has(fiscalCode)) {
        nextId--
        continue
      }
      usedCodes.add(fiscalCode)
      const roll = random.next()
      const status = roll < 0.95 ? 'active' : roll < 0.98 ? 'revoked' : 'deceased'
      const doctorId = doctors[id % 2]
      rows.patients.push({
        id,
        fiscal_code: fiscalCode,
        last_name: lastName,
        first_name: firstName,
        last_name_search: searchKey(lastName),
        first_name_search: searchKey(firstName),
        sex,
        birth_date: isoDate(birth),
        birth_year: birth.getUTCFullYear(),
        birth_place_code: placeCode,
        birth_place_name: `${placeName} (${province})`,
        residence_address: `${random.pick(STREETS)} ${random.int(1, 200)}`,
        residence_comune_code: 'H501',
        residence_cap: `001${String(random.int(0, 99)).padStart(2, '0')}`,
        asl_code: '120201',
        doctor_id: doctorId,
        phone: random.chance(0.4) ? `06 ${random.int(1000000, 9999999)}` : null,
        mobile: random.chance(0.8) ? `3${random.int(20, 99)} ${random.int(1000000, 9999999)}` : null,
        email: random.chance(0.35) ? `${searchKey(firstName).toLowerCase()}.${searchKey(lastName).toLowerCase()}${id}@example.it` : null,
        status,
        status_date: status === 'active' ? null : today.minus({ days: random.int(30, 2000) }).toISODate(),
        notes: null,
        created_at: created,
        updated_at: created,
      })

      const age = today.year - birth.getUTCFullYear()
      const base = { patient_id: id, created_by: doctorId, created_at: created, updated_at: created }
      if (age >= 15) {
        for (const condition of CONDITIONS) {
          if (!random.chance(condition.weight * Math.min(1.6, age / 50))) continue
          const onset = today.minus({ days: random.int(30, Math.max(31, (age - 14) * 365)) })
          rows.problems.push({ ...base, icd9_code: condition.code, description: condition.description, status: condition.chronic || random.chance(0.3) ? 'active' : 'inactive', onset_date: onset.toISODate(), resolved_date: null, notes: null })
          for (const therapy of condition.therapies) {
            rows.therapies.push({ ...base, problem_id: null, drug_name: therapy.drug, aic: therapy.aic, active_ingredient: therapy.ingredient, posology: therapy.posology, is_continuative: condition.chronic, start_date: onset.toISODate(), end_date: condition.chronic ? null : onset.plus({ days: 14 }).toISODate(), notes: null })
          }
          if (condition.exemption && random.chance(0.7)) {
            rows.patient_exemptions.push({ ...base, code: condition.exemption, description: condition.description.toLowerCase(), valid_from: onset.toISODate(), valid_to: null })
          }
        }
        const systolic = random.int(110, 160)
        for (let m = 0; m < random.int(1, 4); m++) {
          const at = today.minus({ days: random.int(1, 1500) }).toSQL({ includeOffset: false })
          rows.measurements.push({ ...base, kind: 'pressione', value: systolic + random.int(-10, 10), value2: Math.round(systolic * 0.62) + random.int(-5, 5), unit: 'mmHg', measured_at: at, source: 'doctor', notes: null })
        }
        const weight = random.int(50, 110)
        rows.measurements.push({ ...base, kind: 'peso', value: weight, value2: null, unit: 'kg', measured_at: today.minus({ days: random.int(1, 900) }).toSQL({ includeOffset: false }), source: 'doctor', notes: null })
        rows.measurements.push({ ...base, kind: 'altezza', value: random.int(150, 195), value2: null, unit: 'cm', measured_at: today.minus({ days: random.int(1, 900) }).toSQL({ includeOffset: false }), source: 'doctor', notes: null })
      }
      if (age >= 60 && random.chance(0.6)) {
        rows.vaccinations.push({ ...base, vaccine: random.pick(VACCINES), dose: '1', administered_on: today.minus({ days: random.int(10, 700) }).toISODate(), lot: `L${random.int(10000, 99999)}`, notes: null })
      }
      if (random.chance(0.5)) {
        rows.diary_entries.push({ ...base, problem_id: null, entry_date: today.minus({ days: random.int(1, 700) }).toISODate(), text: random.pick(['Visita di controllo, condizioni generali buone.', 'Rinnovo piano terapeutico.', 'Consigliata attività fisica regolare e dieta iposodica.', 'Esami ematochimici in visione: nella norma.', 'Riferisce miglioramento della sintomatologia.']) })
      }
    }

    await db.transaction(async (trx) => {
      for (const [table, list] of Object.entries(rows)) {
        // SQLite builds a multi-row insert as a compound SELECT: at most 500 terms and
        // 32,766 bound variables per statement.
        const perInsert = Math.min(400, Math.floor(30000 / Math.max(1, Object.keys(list[0] ?? { a: 1 }).length)))
        for (let j = 0; j < list.length; j += perInsert) await trx.table(table).multiInsert(list.slice(j, j + perInsert))
      }
    })
    counts.patients += rows.patients.length
    counts.problems += rows.problems.length
    counts.therapies += rows.therapies.length
    counts.measurements += rows.measurements.length
    counts.vaccinations += rows.vaccinations.length
    counts.exemptions += rows.patient_exemptions.length
    counts.diary += rows.diary_entries.length
    options.onProgress?.(counts.patients, options.patients)
  }
  return counts
}
