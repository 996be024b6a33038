/*
| Markup written outside Edge (a presenter's hundred table rows) is put into the page after
| Edge has rendered it. Edge trims, scans and copies the output of every template and component
| it renders, so a 90 KB list passed through the page, its layout and a component was handled
| three times over; a short mark goes through instead and is replaced once at the end.
*/
import { randomBytes } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'

// Escaped output can never contain `<!--`; the nonce keeps even raw output from forging a mark.
const NONCE = randomBytes(6).toString('hex')

const markOf = (name: string) => `<!--fragment:${name}:${NONCE}-->`

/**
 * Renders `template` with `data`, each fragment's name bound to a mark, then replaces each
 * mark (once, where the template printed it raw with `{{{ }}}`) by the fragment's markup.
 */
export async function renderWithFragments(view: HttpContext['view'], template: string, data: Record<string, unknown>, fragments: Record<string, string>) {
  const marks = Object.fromEntries(Object.keys(fragments).map((name) => [name, markOf(name)]))
  let html = await view.render(template, { ...data, ...marks })
  for (const [name, markup] of Object.entries(fragments)) {
    const at = html.indexOf(marks[name])
    if (at >= 0) html = html.slice(0, at) + markup + html.slice(at + marks[name].length)
  }
  return html
}
