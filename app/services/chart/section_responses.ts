/*
| How a chart section answers: the fragment for htmx, the page otherwise; after a write the
| refreshed fragment (htmx) or a redirect with a flash message (plain form).
*/
import type { HttpContext } from '@adonisjs/core/http'
import type Patient from '#models/patient'
import { wantsFragment } from '#services/chart/chart_access'
import { chartHeader } from '#services/chart/chart_header'
import type { ChartSection } from '#services/chart/sections/section'
import { sectionView, type SectionViewOptions } from '#services/chart/section_view'

export async function renderSection(ctx: HttpContext, section: ChartSection, patient: Patient, status: number, options: SectionViewOptions = {}) {
  const data = await sectionView(section, patient, options)
  const html = await renderChartPage(ctx, `partials/chart/sections/${section.slug}`, 'pages/chart/section', data)
  // Set after rendering: a rendering error must still answer 500, not the status chosen here.
  return ctx.response.status(status).send(html)
}

/**
 * The fragment alone (htmx), or the page around it. The fragment is rendered as a template of
 * its own rather than @include'd: Edge 6 recompiles included partials on every render, and the
 * chart is opened dozens of times a day.
 */
export async function renderChartPage(ctx: HttpContext, fragment: string, page: string, data: { patient: Patient } & Record<string, unknown>) {
  const fragmentOnly = wantsFragment(ctx)
  const body = await ctx.view.render(fragment, { ...data, fragment: fragmentOnly })
  if (fragmentOnly) return body
  return ctx.view.render(page, { ...data, body, header: (data.header as unknown) ?? (await chartHeader(data.patient)) })
}

export async function afterWrite(ctx: HttpContext, section: ChartSection, patient: Patient, message: string) {
  if (wantsFragment(ctx)) return renderSection(ctx, section, patient, 200)
  ctx.session.flash('success', ctx.t(message))
  return ctx.response.redirect(`/pazienti/${patient.id}/${section.slug}`)
}

/** A row's quick action (resolve, stop) was refused: the message next to that row. */
export async function refuseRowAction(ctx: HttpContext, section: ChartSection, patient: Patient, entryId: number, message: string) {
  if (wantsFragment(ctx)) return renderSection(ctx, section, patient, 422, { rowError: { entryId, message } })
  ctx.session.flash('error', message)
  return ctx.response.redirect(`/pazienti/${patient.id}/${section.slug}`)
}
