import { args, BaseCommand, flags } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'
import { translate } from '#services/i18n'

/**
 * `node ace update:build-feed DIR`: bundles, manifest.json and manifest.sig from data files
 * (--from) or from the project's own seeds. Signs with --key-file, or a new key with
 * --generate-key (its public key is printed: it goes in UPDATE_PUBLIC_KEY).
 */
export default class UpdateBuildFeedCommand extends BaseCommand {
  static commandName = 'update:build-feed'
  static description = translate('updates.cli.build_description')
  static help = [
    'node ace update:build-feed tmp/feed --generate-key',
    'node ace update:build-feed tmp/feed --from=../dati --key-file=chiave-feed.pem',
    'File riconosciuti: <chiave>.csv o <chiave>-*.csv per ogni dataset (icd9cm-diagnosi.csv, asl.csv,',
    'farmaci-equivalenti.csv, catalogo-nazionale-prestazioni.csv, ...), messages.json, dss_rules.json.',
  ]
  // The loaders read files and the application's paths; no database is touched.
  static options: CommandOptions = { startApp: true }

  @args.string({ description: 'Cartella del feed da scrivere' })
  declare dir: string

  @flags.string({ description: 'Cartella dei file di dati (senza: i dati curati del progetto)' })
  declare from?: string

  @flags.string({ description: 'Chiave privata Ed25519 (PEM) che firma il manifest' })
  declare keyFile?: string

  @flags.boolean({ description: 'Crea una nuova coppia di chiavi e stampa la chiave pubblica' })
  declare generateKey?: boolean

  @flags.string({ description: 'Versione minima di Studio MG richiesta dai pacchetti' })
  declare minAppVersion?: string

  async run() {
    const { resolve } = await import('node:path')
    const { buildFeed } = await import('../services/build_feed.js')
    const { cliProgress } = await import('../services/cli_progress.js')
    const bar = cliProgress()
    let result
    try {
      result = await buildFeed({
        outDir: resolve(this.dir),
        from: this.from ? resolve(this.from) : null,
        keyFile: this.keyFile ? resolve(this.keyFile) : null,
        generateKey: Boolean(this.generateKey),
        minAppVersion: this.minAppVersion ?? null,
        onStep: (s) => bar.update(`${s.key}: ${s.text}`, s.index, s.count),
      })
      bar.update(translate('updates.cli.signed'), 1, 1)
    } catch (error) {
      bar.end()
      this.logger.error(translate('updates.cli.build_failed', { detail: (error as Error).message }))
      this.exitCode = 1
      return
    }
    bar.end()
    for (const c of result.components) {
      this.logger.success(`${c.key} ${c.version}: ${c.rows} righe, ${(c.size / 1024).toFixed(1)} KB`)
    }
    for (const f of result.failed) this.logger.error(`${f.key}: ${f.error}`)
    if (result.ignored.length) this.logger.info(translate('updates.cli.ignored', { files: result.ignored.join(', ') }))
    if (result.generatedKey) this.logger.info(translate('updates.cli.key_generated', { file: result.keyFile }))
    this.logger.info(translate('updates.cli.public_key', { key: result.publicKey }))
    if (result.failed.length) this.exitCode = 1
  }
}
