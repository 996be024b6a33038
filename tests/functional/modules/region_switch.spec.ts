import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DateTime } from 'luxon'
// @ts-ignore better-sqlite3 ships no type declarations
import Database from 'better-sqlite3'
import User from '#models/user'
import Patient from '#models/patient'
import { aceInChild, serverInChild } from '#tests/helpers/child_app'
import { VALID_FISCAL_CODES } from '#tests/helpers/factories'
import { HttpSession } from '#tests/helpers/http_session'
import { closedPort } from '#tests/unit/jobs/support/test_jobs'
import { SacSimulator } from '#modules/demat-sac/services/simulator/sac_simulator'
import { DOCTOR } from '#modules/demat-sac/tests/support'
import { UmbriaSarSimulator } from '#modules/demat-sar/services/simulator/umbria_simulator'
import { AUDIENCE, signingKeys } from '#modules/demat-sar/tests/support/umbria'
import { FvgSimulator } from '#modules/demat-sar/services/simulator/fvg_simulator'
import { createFvgTlsMaterial, fvgTlsPaths, writeFvgTlsMaterial } from '#modules/demat-sar/services/simulator/fvg_tls_material'
import { PRODUCT as FVG_PRODUCT } from '#modules/demat-sar/tests/support/fvg'

/*
| One installation per region, each a child process of its own with the same settings but
| STUDIO_REGION: the region alone decides which plugin sends, and so which service a validated
| prescription reaches. Every simulator runs for every child, and every child is given the settings
| of all of them, so a prescription that went to the wrong one would show. The children use SQLite
| files of their own whatever database the suite runs on (they write outside the test
| transaction), so the MariaDB pass has nothing to add.
*/

const PASSWORD = 'Segreta2026'
const AUGMENTIN = '036816015'
const onMysql = ['mysql', 'mysql2'].includes(db.connection().dialect.name)

type Service = 'sac' | 'umbria' | 'fvg'

const SERVICE_NAMES: Record<Service, string> = { sac: 'SAC', umbria: 'Umbria SAR', fvg: 'FVG SAR' }

interface RegionCase {
  /** STUDIO_REGION */
  region: string
  /** The module that must be active, and the one that must not. */
  module: 'demat-sac' | 'demat-sar'
  /** codRegione in the doctor's credentials (spec §4.6). */
  regionCode: string
  patientCf: string
  expected: { state: 'ACCEPTED'; service: Service; nre: RegExp } | { state: 'PENDING'; reason: string }
}

const REGIONS: RegionCase[] = [
  { region: 'lazio', module: 'demat-sac', regionCode: '120', patientCf: VALID_FISCAL_CODES[1], expected: { state: 'ACCEPTED', service: 'sac', nre: /^1200A[0-9]{10}$/ } },
  { region: 'umbria', module: 'demat-sar', regionCode: '100', patientCf: VALID_FISCAL_CODES[2], expected: { state: 'ACCEPTED', service: 'umbria', nre: /^1000A[0-9]{10}$/ } },
  {
    region: 'lombardia',
    module: 'demat-sar',
    regionCode: '030',
    patientCf: VALID_FISCAL_CODES[3],
    expected: { state: 'PENDING', reason: 'La regione Lombardia usa un proprio sistema di accoglienza (SAR) non ancora supportato' },
  },
  {
    region: 'friuli-venezia-giulia',
    module: 'demat-sar',
    regionCode: '060',
    patientCf: VALID_FISCAL_CODES[4],
    // What the FVG simulator issues: region 060, group 0A, then lot and progressive.
    expected: { state: 'ACCEPTED', service: 'fvg', nre: /^0600A[0-9]{10}$/ },
  },
]

/** Settings every child gets, whatever its region: the addresses and keys of all the simulators. */
let services: Record<string, string> = {}
let sac: SacSimulator
let umbria: UmbriaSarSimulator
let fvg: FvgSimulator

/** Calls each simulator has answered and prescriptions it keeps: compared before and after a child's send. */
function traffic(): Record<Service, { calls: number; stored: number }> {
  return {
    sac: { calls: sac.stats.requests, stored: sac.prescriptions.size },
    umbria: { calls: umbria.stats.calls, stored: umbria.registered.size },
    fvg: { calls: fvg.stats.calls, stored: fvg.prescriptions.size },
  }
}

/** What a service stored under an NRE, in the same terms whatever the service. */
function storedAt(service: Service, nre: string) {
  if (service === 'sac') {
    const p = sac.prescriptions.get(nre)
    return p && { patientCf: p.patientCode, authCode: p.authCode }
  }
  if (service === 'umbria') {
    const p = umbria.registered.get(nre)
    return p && { patientCf: p.body.codiceAss, authCode: p.codAutenticazione }
  }
  const p = fvg.prescriptions.get(nre)
  return p && { patientCf: p.patientCode, authCode: p.authCode }
}

const without = <T extends Record<Service, unknown>>(all: T, service: Service) => Object.fromEntries(Object.entries(all).filter(([name]) => name !== service))

const installations = new Map<string, Installation>()

interface Installation {
  env: Record<string, string>
  doctor: { id: number; username: string }
  staff: { id: number; username: string }
  patientId: number
  rows(sql: string, ...params: unknown[]): any[]
  clean(): void
}

/**
 * A studio's database for the region: migrated with that region's modules, the drug list loaded,
 * a titolare, a secretary and a patient of his.
 */
async function installation(c: RegionCase): Promise<Installation> {
  const name = `region-${c.region}-${process.pid}`
  const file = `tmp/test-${name}.sqlite3`
  const env = { DB_CONNECTION: 'sqlite', SQLITE_PATH: file, STORAGE_PATH: `tmp/test-${name}-storage`, STUDIO_REGION: c.region, REDIS_HOST: '' }
  const clean = () => {
    for (const suffix of ['', '-wal', '-shm']) rmSync(app.makePath(file + suffix), { force: true })
    rmSync(app.makePath(env.STORAGE_PATH), { recursive: true, force: true })
  }
  clean()
  try {
    await aceInChild(['migration:run', '--force'], env)
    await aceInChild(['refdata:import', 'drugs'], env)
    return {
      env,
      ...(await seedStudio(file, c)),
      rows(sql, ...params) {
        const reader = new Database(app.makePath(file), { readonly: true })
        try {
          return reader.prepare(sql).all(...params)
        } finally {
          reader.close()
        }
      },
      clean,
    }
  } catch (error) {
    clean()
    throw error
  }
}

/** The people of the studio, written through a connection of this process to the child's file before the child starts. */
async function seedStudio(file: string, c: RegionCase) {
  const connection = `child-${c.region}`
  db.manager.add(connection, { client: 'better-sqlite3', connection: { filename: app.makePath(file) }, useNullAsDefault: true })
  try {
    const person = (role: 'titolare' | 'collaboratore', username: string, extra: Partial<User>) =>
      User.create(
        {
          username,
          email: `${username}@studio.test`,
          firstName: 'Anna',
          lastName: 'Prova',
          role,
          password: PASSWORD,
          isEnabled: true,
          unrestrictedRights: role === 'collaboratore',
          mustChangePassword: false,
          failedLoginCount: 0,
          passwordChangedAt: DateTime.now(),
          ...extra,
        },
        { connection }
      )
    const doctor = await person('titolare', 'medico', { fiscalCode: DOCTOR.fiscalCode, lastName: 'Rossi', firstName: 'Mario' })
    const staff = await person('collaboratore', 'segreteria', { lastName: 'Conti', firstName: 'Giulia' })
    const patient = await Patient.create(
      { lastName: 'Bianchi', firstName: 'Luca', sex: 'M', birthDate: DateTime.fromISO('1985-08-01'), status: 'active', fiscalCode: c.patientCf, doctorId: doctor.id } as Partial<Patient>,
      { connection }
    )
    return { doctor: { id: doctor.id, username: doctor.username }, staff: { id: staff.id, username: staff.username }, patientId: patient.id }
  } finally {
    await db.manager.close(connection, true)
  }
}

async function waitForRow<T>(read: () => T | undefined, done: (row: T) => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  let row = read()
  while (!row || !done(row)) {
    if (Date.now() > deadline) throw new Error(`prescription not settled within ${timeoutMs} ms: ${JSON.stringify(row)}`)
    await new Promise((resolve) => setTimeout(resolve, 100))
    row = read()
  }
  return row
}

test.group('STUDIO_REGION switches the region plugin (child apps)', (group) => {
  group.setup(async () => {
    const dir = await mkdtemp(join(tmpdir(), 'region-switch-'))
    sac = await new SacSimulator({ keyDir: join(dir, 'sac'), doctors: [DOCTOR] }).start()
    const keys = signingKeys()
    const jwtKey = join(dir, 'umbria-jwt.pem')
    await writeFile(jwtKey, keys.privateKey.export({ type: 'pkcs8', format: 'pem' }) as string)
    umbria = await new UmbriaSarSimulator({ publicKeys: [keys.publicKey], audience: AUDIENCE }).start()
    // FVG authenticates the doctor by his card in mutual TLS: the card is issued for the CF of the
    // doctor who signs, and the child finds it through the `{cf}` path, as an installation with one
    // card per doctor would.
    const fvgDir = join(dir, 'fvg')
    const fvgTls = createFvgTlsMaterial([DOCTOR.fiscalCode])
    await writeFvgTlsMaterial(fvgDir, fvgTls)
    const fvgFiles = fvgTlsPaths(fvgDir)
    fvg = await new FvgSimulator({ tls: fvgTls, products: [FVG_PRODUCT] }).start()
    services = {
      SAC_URL: sac.url,
      SAC_CERT_PATH: sac.certificatePath,
      SAC_TIMEOUT_MS: '10000',
      SAR_UMBRIA_URL: umbria.url,
      SAR_UMBRIA_JWT_KEY: jwtKey,
      SAR_UMBRIA_AUDIENCE: AUDIENCE,
      SAR_UMBRIA_TIMEOUT_MS: '10000',
      SAR_FVG_URL: fvg.url,
      SAR_FVG_CERT: fvgFiles.cardCert,
      SAR_FVG_KEY: fvgFiles.cardKey,
      SAR_FVG_CA: fvgFiles.ca,
      SAR_FVG_CF_CERT: fvgFiles.encryption,
      SAR_FVG_PRODUCT_CODE: FVG_PRODUCT,
      SAR_FVG_TIMEOUT_MS: '10000',
    }
    // Side by side: each preparation is mostly a child process booting.
    const prepared = await Promise.allSettled(REGIONS.map(async (c) => installations.set(c.region, await installation(c))))
    const cleanUp = async () => {
      for (const studio of installations.values()) studio.clean()
      await sac.close()
      await umbria.stop()
      await fvg.stop()
      await rm(dir, { recursive: true, force: true })
    }
    const failed = prepared.find((p): p is PromiseRejectedResult => p.status === 'rejected')
    if (failed) {
      await cleanUp()
      throw failed.reason
    }
    return cleanUp
  })

  for (const c of REGIONS) {
    const outcome = c.expected.state === 'ACCEPTED' ? `gets an NRE ${c.regionCode}… from the ${SERVICE_NAMES[c.expected.service]} simulator` : 'stays in attesa: region not yet supported'
    test(`STUDIO_REGION=${c.region}: ${c.module} is active and a validated prescription ${outcome}`, async ({ assert }) => {
      const studio = installations.get(c.region)!
      const before = traffic()
      const fvgSeen = fvg.received.length
      const server = await serverInChild(await closedPort(), { ...services, ...studio.env })
      try {
        const health = (await (await fetch(`${server.baseUrl}/health`)).json()) as { region: string; modules: string[] }
        assert.equal(health.region, c.region)
        assert.include(health.modules, c.module)
        assert.notInclude(health.modules, c.module === 'demat-sac' ? 'demat-sar' : 'demat-sac')

        // The doctor keeps his credentials for the region's service in «Credenziali ricetta».
        const doctor = await HttpSession.login(server.baseUrl, studio.doctor.username, PASSWORD)
        const saved = await doctor.postForm(
          '/gestione-studio/credenziali',
          { username: DOCTOR.username, password: DOCTOR.password, pincode: DOCTOR.pincode, region_code: c.regionCode, asl_code: '201' },
          '/gestione-studio/credenziali'
        )
        assert.equal(saved.headers.get('location'), '/gestione-studio/credenziali')
        assert.include(await doctor.page('/gestione-studio/credenziali'), 'Credenziali salvate')

        // The secretary prepares it from the chart; it waits in the doctor's queue.
        const staff = await HttpSession.login(server.baseUrl, studio.staff.username, PASSWORD)
        const chart = `/pazienti/${studio.patientId}/prescrizioni`
        const prepared = await staff.postForm(chart, { 'content': 'drug', 'items[0][code]': AUGMENTIN, 'items[0][quantity]': '1' }, chart)
        assert.equal(prepared.status, 302)
        assert.include(await staff.page(prepared.headers.get('location')!), '1 prescrizione preparata: attende la validazione del medico.')
        const [waiting] = studio.rows('select id, state from prescriptions where patient_id = ?', studio.patientId)
        assert.equal(waiting?.state, 'AWAITING_VALIDATION')

        // Gestione Studio: the doctor ticks it and presses Invia.
        const sent = await doctor.postForm('/gestione-studio/invia', { ids: String(waiting.id) }, '/gestione-studio')
        assert.equal(sent.status, 302)
        assert.include(await doctor.page(sent.headers.get('location')!), '1 prescrizione validata e in invio.')

        const read = () => studio.rows('select state, nre, auth_code, last_transport_error from prescriptions where id = ?', waiting.id)[0]
        const panel = `/gestione-studio/${waiting.id}`
        if (c.expected.state === 'ACCEPTED') {
          const row = await waitForRow(read, (r: any) => !['VALIDATED', 'SENDING'].includes(r.state), 30_000)
          assert.equal(row.state, 'ACCEPTED', JSON.stringify(row))
          assert.match(row.nre, c.expected.nre)
          assert.include(await doctor.page(panel), row.nre)
          // The NRE and code the row keeps are the ones the region's service stored for this patient.
          const service = c.expected.service
          assert.deepEqual(storedAt(service, row.nre), { patientCf: c.patientCf, authCode: row.auth_code })
          assert.deepEqual(without(traffic(), service), without(before, service), `nothing went to a service other than the ${SERVICE_NAMES[service]}`)
          if (service === 'fvg') {
            // Every call came with the card of the doctor who signed, and he is the prescriber on record.
            assert.deepEqual([...new Set(fvg.received.slice(fvgSeen).map((r) => r.card))], [DOCTOR.fiscalCode])
            assert.equal(fvg.prescriptions.get(row.nre)?.cfMedico1, DOCTOR.fiscalCode)
          }
        } else {
          const reason = c.expected.reason
          const row = await waitForRow(read, (r: any) => r.state === 'PENDING' && Boolean(r.last_transport_error), 30_000)
          assert.include(row.last_transport_error, reason)
          assert.isNull(row.nre)
          assert.include(await doctor.page(panel), reason)
          assert.deepEqual(traffic(), before, 'no service was called')
        }
      } finally {
        await server.stop()
      }
    })
      .timeout(60_000)
      .skip(onMysql, 'the child apps use SQLite files of their own: it runs once, in the SQLite pass')
  }
})
