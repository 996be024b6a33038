import db from '@adonisjs/lucid/services/db'

/**
 * `column` starts with `text`, blanks and dashes kept ("ACIDO ACET", "LZ-ECO"), in a form
 * that uses the column's index: GLOB on SQLite, LIKE on MariaDB (see prefix_match.ts). The
 * text is reduced to [A-Z0-9. -], so it never carries a wildcard.
 */
export function whereTextPrefix(query: any, column: string, text: string) {
  const clean = text.toUpperCase().replace(/[^A-Z0-9. -]/g, '')
  if (db.connection().dialect.name === 'mysql') query.where(column, 'like', `${clean}%`)
  else query.whereRaw(`${column} GLOB ?`, [`${clean}*`])
  return query
}
