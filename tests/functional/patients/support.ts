/*
| Shared by the registry tests: the hand-written reference fixtures loaded through the real
| importer, and small helpers to post the registry form and read the page it leads to.
*/
import { join } from 'node:path'
import app from '@adonisjs/core/services/app'
import * as cheerio from 'cheerio'
import { importDataset } from '#services/refdata/import_dataset'

export const FIXTURES = app.makePath('tests/fixtures/refdata')
export const fixture = (name: string) => join(FIXTURES, name)

/** 32 comuni, 2 foreign states, 5 ASL (two regions), 50 ICD9-CM codes. */
export async function loadReferenceFixtures() {
  await importDataset('comuni', fixture('comuni.csv'))
  await importDataset('asl', fixture('asl_windows1252.csv'))
  await importDataset('icd9cm', fixture('icd9cm.csv'))
}

/** A complete, coherent registry form (Mario Rossi, born in Rome on 1 January 1980). */
export const validForm = {
  last_name: 'Rossi',
  first_name: 'Mario',
  sex: 'M',
  birth_date: '1980-01-01',
  birth_place_code: 'Roma',
  fiscal_code: 'rssmra80a01h501u',
  residence_address: 'Via Appia Nuova 10',
  residence_comune_code: 'H501',
  residence_cap: '00183',
  asl_code: '120201',
  status: 'active',
  phone: '06 1234567',
  mobile: '+39 333 1234567',
  email: 'mario.rossi@example.it',
}

/**
 * Posts (or puts) the registry form; a refused form redirects to the form page, which is then
 * loaded with the flashed errors and typed values, as the browser would.
 */
export async function submitForm(
  client: any,
  user: any,
  form: Record<string, string>,
  options: { url?: string; method?: 'post' | 'put'; formUrl?: string } = {}
) {
  const response = await client[options.method ?? 'post'](options.url ?? '/pazienti')
    .form(form)
    .withCsrfToken()
    .loginAs(user)
    .redirects(0)
  const formUrl = options.formUrl ?? '/pazienti/nuovo'
  const rerender = async () => {
    const page = await client.get(formUrl).loginAs(user).withFlashMessages(response.flashMessages())
    const $ = cheerio.load(page.text())
    return {
      $,
      error: (field: string) => $(`#f-${field}-error`).text().trim(),
      value: (field: string) => String($(`#f-${field}`).val() ?? $(`#f-${field}`).text()),
    }
  }
  return { response, rerender }
}

export const resultNames = (html: string) => {
  const $ = cheerio.load(html)
  return $('[data-testid="patient-results"] tbody tr td:first-child').map((_, el) => $(el).text().trim()).get()
}
