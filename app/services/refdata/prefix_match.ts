import db from '@adonisjs/lucid/services/db'

/**
 * `column` starts with `prefix`, in a form that uses the column's index: GLOB on SQLite (its
 * LIKE is case-insensitive and so skips a BINARY index), LIKE on MariaDB. The prefix is
 * reduced to [A-Z0-9.] so it never carries a wildcard.
 */
export function wherePrefix(query: any, column: string, prefix: string) {
  const clean = prefix.toUpperCase().replace(/[^A-Z0-9.]/g, '')
  if (db.connection().dialect.name === 'mysql') query.where(column, 'like', `${clean}%`)
  else query.whereRaw(`${column} GLOB ?`, [`${clean}*`])
  return query
}
