/*
| The progress bar of the update commands: redrawn in place on a terminal, one line per step
| and per 25% otherwise (logs, a parent process reading the output).
*/
const WIDTH = 30

export function cliProgress(stream: NodeJS.WriteStream = process.stderr) {
  let last = ''
  return {
    update(label: string, done: number, total: number) {
      const percent = total > 0 ? Math.min(100, Math.round((done / total) * 100)) : 0
      if (stream.isTTY) {
        const filled = Math.round((percent / 100) * WIDTH)
        stream.write(`\r[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${String(percent).padStart(3)}% ${label.padEnd(40).slice(0, 40)}`)
        return
      }
      const line = `${String(Math.floor(percent / 25) * 25).padStart(3)}% ${label}`
      if (line === last) return
      last = line
      stream.write(`${line}\n`)
    },
    end() {
      if (stream.isTTY) stream.write('\n')
    },
  }
}
