/*
| The progress bar of the ace commands: redrawn in place on a terminal, one line per phase
| and per 10% otherwise (logs, CI, a parent process reading the output).
*/
import { translate } from '#services/i18n'
import type { ProgressEvent } from './progress.js'

const WIDTH = 30

export function cliProgress(stream: NodeJS.WriteStream = process.stderr) {
  let lastPhase = ''
  let lastTenth = -1
  return {
    update(event: ProgressEvent) {
      const label = translate(`backups.phase.${event.phase}`)
      if (stream.isTTY) {
        const filled = Math.round((event.percent / 100) * WIDTH)
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(event.percent).padStart(3)}% ${label.padEnd(28)}`)
        return
      }
      const tenth = Math.floor(event.percent / 10)
      if (event.phase === lastPhase && tenth === lastTenth) return
      lastPhase = event.phase
      lastTenth = tenth
      stream.write(`${String(event.percent).padStart(3)}% ${label}\n`)
    },
    end() {
      if (stream.isTTY) stream.write('\n')
    },
  }
}
