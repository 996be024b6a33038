/*
| The pads (blocchetti) loaded in the studio's printers. A pad is registered from the code of
| its first sheet, typed or scanned; the software never invents one (spec §4.5). Each printer
| holds one active pad: registering a new one retires the old, and the unique `active_key`
| makes two registrations at the same moment end with one active pad.
*/
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import {
  nextSheet,
  padFromFirstSheet,
  remainingSheets,
  type PadDirection,
  type PadWarningKind,
  type RedPad,
} from '../../domain/red_pad.js'

/** What the user must confirm before the pad is saved: the domain's warnings, or replacing a pad in use. */
export interface RegisterWarning {
  kind: PadWarningKind | 'replaces_pad'
  message: string
}

export const DIRECTIONS: PadDirection[] = ['ascending', 'descending']

export interface PadRow {
  id: number
  clinic_id: number | null
  printer_name: string
  bar1: string
  pad_number: string
  first_sheet_code: string
  first_counter: number
  last_counter: number
  direction: PadDirection
  next_counter: number
  active: boolean | number
  warnings: string | null
  created_by: number | null
  created_at: unknown
}

export interface RegisterPadInput {
  printerName: string
  clinicId: number | null
  firstSheet: string
  direction: string
  /** The user saw the warnings and confirms the code is the one on the sheet. */
  confirmed: boolean
}

export type RegisterPadResult =
  | { status: 'created'; id: number; warnings: RegisterWarning[] }
  | { status: 'invalid'; errors: Record<string, string> }
  | { status: 'needs_confirmation'; warnings: RegisterWarning[] }

const now = () => DateTime.utc().toSQL({ includeOffset: false })

export function normalisePrinter(name: string) {
  return name.trim().replace(/\s+/g, ' ')
}

export function activeKey(clinicId: number | null, printerName: string) {
  return `${clinicId ?? 0}|${normalisePrinter(printerName).toLowerCase()}`
}

export function padOf(row: PadRow): RedPad {
  return {
    bar1: row.bar1,
    padNumber: row.pad_number,
    firstCounter: Number(row.first_counter),
    lastCounter: Number(row.last_counter),
    direction: row.direction,
    nextCounter: Number(row.next_counter),
  }
}

/** A pad as the pages show it: next sheet, sheets left, the warnings confirmed at registration. */
export function padView(row: PadRow & { clinic_name?: string | null; creator_last?: string | null }) {
  const pad = padOf(row)
  const next = nextSheet(pad)
  return {
    id: row.id,
    printerName: row.printer_name,
    clinicId: row.clinic_id,
    clinicName: row.clinic_name ?? null,
    code: `${row.bar1} ${row.pad_number}`,
    firstSheet: `${row.first_sheet_code.slice(0, 5)} ${row.first_sheet_code.slice(5)}`,
    direction: row.direction,
    range: `${String(pad.firstCounter).padStart(2, '0')}–${String(pad.lastCounter).padStart(2, '0')}`,
    remaining: remainingSheets(pad),
    nextSheet: next.status === 'ok' ? `${next.code.bar1} ${next.code.bar2}` : null,
    exhausted: next.status === 'exhausted',
    active: Boolean(Number(row.active)),
    warnings: row.warnings ? (JSON.parse(row.warnings) as RegisterWarning[]) : [],
    createdBy: row.creator_last ?? null,
  }
}

export type PadView = ReturnType<typeof padView>

export async function listPads() {
  const rows = await db
    .from('red_pads as p')
    .leftJoin('clinics as c', 'c.id', 'p.clinic_id')
    .leftJoin('users as u', 'u.id', 'p.created_by')
    .select('p.*', 'c.name as clinic_name', 'u.last_name as creator_last')
    .orderBy('p.active', 'desc')
    .orderBy('p.printer_name')
    .orderBy('p.id', 'desc')
    .limit(200)
  return rows.map(padView)
}

export async function activePads() {
  return (await listPads()).filter((pad) => pad.active)
}

/** The region of the doctor registering it (from his credentials), to report a pad of another region. */
async function regionOf(user: User): Promise<string | undefined> {
  const own = await db.from('demat_credentials').where('user_id', user.id).select('region_code').first()
  if (own) return own.region_code
  const regions = await db.from('demat_credentials').distinct('region_code')
  return regions.length === 1 ? regions[0].region_code : undefined
}

export async function registerPad(user: User, input: RegisterPadInput): Promise<RegisterPadResult> {
  const errors: Record<string, string> = {}
  const printerName = normalisePrinter(input.printerName ?? '')
  if (!printerName) errors.printer_name = 'Indicare la stampante in cui è caricato il blocchetto.'
  else if (printerName.length > 100) errors.printer_name = 'Nome della stampante troppo lungo (al massimo 100 caratteri).'
  const direction = input.direction as PadDirection
  if (!DIRECTIONS.includes(direction)) errors.direction = 'Scegliere l’ordine dei fogli: crescente o decrescente.'
  if (input.clinicId !== null && !(await db.from('clinics').where('id', input.clinicId).first())) {
    errors.clinic_id = 'Sede non trovata.'
  }
  const year = DateTime.now().setZone('Europe/Rome').year
  const parsed = padFromFirstSheet(input.firstSheet ?? '', DIRECTIONS.includes(direction) ? direction : 'ascending', {
    regionCode: await regionOf(user),
    year,
  })
  if (!parsed.ok) errors.first_sheet = parsed.error
  if (Object.keys(errors).length || !parsed.ok) return { status: 'invalid', errors }

  const warnings: RegisterWarning[] = [...parsed.warnings]
  const key = activeKey(input.clinicId, printerName)
  const current = await db.from('red_pads').where('active_key', key).first()
  if (current) {
    const left = remainingSheets(padOf(current))
    if (left > 0) {
      warnings.push({
        kind: 'replaces_pad',
        message: `La stampante «${current.printer_name}» ha già un blocchetto attivo con ${left} fogli non stampati: il nuovo blocchetto lo sostituisce.`,
      })
    }
  }
  if (warnings.length && !input.confirmed) return { status: 'needs_confirmation', warnings }

  try {
    const id = await db.transaction(async (trx) => {
      await retire(trx, key)
      const [inserted] = await trx.table('red_pads').insert({
        clinic_id: input.clinicId,
        printer_name: printerName,
        bar1: parsed.pad.bar1,
        pad_number: parsed.pad.padNumber,
        first_sheet_code: composeFirstSheet(input.firstSheet),
        first_counter: parsed.pad.firstCounter,
        last_counter: parsed.pad.lastCounter,
        direction: parsed.pad.direction,
        next_counter: parsed.pad.nextCounter,
        active: true,
        active_key: key,
        warnings: parsed.warnings.length ? JSON.stringify(parsed.warnings) : null,
        created_by: user.id,
        created_at: now(),
        updated_at: now(),
      })
      return Number(inserted)
    })
    return { status: 'created', id, warnings }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return { status: 'invalid', errors: { printer_name: 'Nel frattempo è stato registrato un altro blocchetto per questa stampante: ricaricare la pagina.' } }
  }
}

/** The sheet's 15 digits as typed, without blanks, dashes or the asterisks of the printed text. */
function composeFirstSheet(input: string) {
  return input.replace(/[\s*\-]+/g, '')
}

async function retire(client: TransactionClientContract, key: string) {
  await client.from('red_pads').where('active_key', key).update({ active: false, active_key: null, updated_at: now() })
}

/** A pad taken out of the printer: it stays in the list, no longer printed on. */
export async function deactivatePad(id: number) {
  const updated = await db.from('red_pads').where('id', id).where('active', true).update({ active: false, active_key: null, updated_at: now() })
  return Number(updated) === 1
}

function isUniqueViolation(error: unknown) {
  const e = error as { code?: string; errno?: number; message?: string }
  return e?.code === 'SQLITE_CONSTRAINT_UNIQUE' || e?.code === 'ER_DUP_ENTRY' || /UNIQUE constraint failed/i.test(e?.message ?? '')
}
