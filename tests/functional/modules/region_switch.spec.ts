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

/*
| One installation per region, each a child process of its own with the same settings but
| STUDIO_REGION: the region alone decides which plugin sends, and so which service a validated
| prescription reaches. Both simulators run for every child, so a prescription that went to the
| wrong one would show. The children use SQLite files of their own whatever database the suite
| runs on (they write outside the test transaction), so the MariaDB pass has nothing to add.
*/

const PASSWORD = 'Segreta2026'
const AUGMENTIN = '036816015'
const onMysql = ['mysql', 'mysql2'].includes(db.connection().dialect.name)

type Service = 'sac' | 'umbria'

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
  // Friuli Venezia Giulia (STUDIO_REGION=friuli-venezia-giulia, module demat-sar, codRegione 060):
  // once its adapter exists, add its case here, with a service of its own started in group.setup.
]

/** Settings every child gets, whatever its region: the addresses and keys of both simulators. */
let services: Record<string, string> = {}
let sac: SacSimulator
let umbria: UmbriaSarSimulator
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
    services = {
      SAC_URL: sac.url,
      SAC_CERT_PATH: sac.certificatePath,
      SAC_TIMEOUT_MS: '10000',
      SAR_UMBRIA_URL: umbria.url,
      SAR_UMBRIA_JWT_KEY: jwtKey,
      SAR_UMBRIA_AUDIENCE: AUDIENCE,
      SAR_UMBRIA_TIMEOUT_MS: '10000',
    }
    // Side by side: each preparation is mostly a child process booting.
    const prepared = await Promise.allSettled(REGIONS.map(async (c) => installations.set(c.region, await installation(c))))
    const cleanUp = async () => {
      for (const studio of installations.values()) studio.clean()
      await sac.close()
      await umbria.stop()
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
    const outcome = c.expected.state === 'ACCEPTED' ? `gets an NRE ${c.regionCode}… from the ${c.expected.service === 'sac' ? 'SAC' : 'Umbria SAR'} simulator` : 'stays in attesa: region not yet supported'
    test(`STUDIO_REGION=${c.region}: ${c.module} is active and a validated prescription ${outcome}`, async ({ assert }) => {
      const studio = installations.get(c.region)!
      const before = { sac: sac.stats.requests, sacStored: sac.prescriptions.size, umbria: umbria.stats.calls, umbriaStored: umbria.registered.size }
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
        assert.include(await staff.page(prepared.headers.get('location')!), 'attendono la validazione')
        const [waiting] = studio.rows('select id, state from prescriptions where patient_id = ?', studio.patientId)
        assert.equal(waiting?.state, 'AWAITING_VALIDATION')

        // Gestione Studio: the doctor ticks it and presses Invia.
        const sent = await doctor.postForm('/gestione-studio/invia', { ids: String(waiting.id) }, '/gestione-studio')
        assert.equal(sent.status, 302)
        assert.include(await doctor.page(sent.headers.get('location')!), 'validate e in invio')

        const read = () => studio.rows('select state, nre, auth_code, last_transport_error from prescriptions where id = ?', waiting.id)[0]
        const panel = `/gestione-studio/${waiting.id}`
        if (c.expected.state === 'ACCEPTED') {
          const row = await waitForRow(read, (r: any) => !['VALIDATED', 'SENDING'].includes(r.state), 30_000)
          assert.equal(row.state, 'ACCEPTED', JSON.stringify(row))
          assert.match(row.nre, c.expected.nre)
          assert.include(await doctor.page(panel), row.nre)
          if (c.expected.service === 'sac') {
            assert.equal(sac.prescriptions.get(row.nre)?.patientCode, c.patientCf)
            assert.equal(sac.prescriptions.get(row.nre)?.authCode, row.auth_code)
            assert.equal(umbria.stats.calls, before.umbria, 'nothing went to the Umbria SAR')
          } else {
            assert.equal(umbria.registered.get(row.nre)?.body.codiceAss, c.patientCf)
            assert.equal(umbria.registered.get(row.nre)?.codAutenticazione, row.auth_code)
            assert.equal(sac.stats.requests, before.sac, 'nothing went to the SAC')
          }
        } else {
          const reason = c.expected.reason
          const row = await waitForRow(read, (r: any) => r.state === 'PENDING' && Boolean(r.last_transport_error), 30_000)
          assert.include(row.last_transport_error, reason)
          assert.isNull(row.nre)
          assert.include(await doctor.page(panel), reason)
          assert.deepEqual(
            { sac: sac.stats.requests, sacStored: sac.prescriptions.size, umbria: umbria.stats.calls, umbriaStored: umbria.registered.size },
            before,
            'no service was called'
          )
        }
      } finally {
        await server.stop()
      }
    })
      .timeout(60_000)
      .skip(onMysql, 'the child apps use SQLite files of their own: it runs once, in the SQLite pass')
  }
})
