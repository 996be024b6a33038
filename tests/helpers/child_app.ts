/*
| Runs the application in a child process with its own environment: how the tests prove
| what an installation with other settings (modules, region, database) does.
*/
import { spawn, execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { setTimeout as sleep } from 'node:timers/promises'
import app from '@adonisjs/core/services/app'

const run = promisify(execFile)

function childEnv(env: Record<string, string>) {
  return { ...process.env, NODE_ENV: 'test', LOG_LEVEL: 'error', ...env }
}

/** `node ace <args>` with extra env; resolves with stdout, rejects on non-zero exit. */
export async function aceInChild(args: string[], env: Record<string, string> = {}) {
  const { stdout } = await run(process.execPath, ['ace.js', ...args], {
    cwd: app.makePath(),
    env: childEnv(env),
    maxBuffer: 10 * 1024 * 1024,
  })
  return stdout
}

/** Starts bin/server.ts on a port with extra env; returns its base URL and a stop function. */
export async function serverInChild(port: number, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import=@poppinss/ts-exec', 'bin/server.ts'], {
    cwd: app.makePath(),
    env: childEnv({ HOST: '127.0.0.1', PORT: String(port), ...env }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  const baseUrl = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early:\n${output}`)
    try {
      const res = await fetch(`${baseUrl}/health`)
      if (res.status) break
    } catch {
      await sleep(200)
    }
  }
  return {
    baseUrl,
    /** What the server printed so far. */
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return
      const exited = new Promise((resolve) => child.once('exit', resolve))
      child.kill('SIGTERM')
      // A server still retrying a dead Redis may take its time: do not let a test hang on it.
      const timer = setTimeout(() => child.kill('SIGKILL'), 8000)
      await exited
      clearTimeout(timer)
    },
  }
}
