import { execSync } from 'node:child_process'
import { chromium } from 'playwright-core'
import type { LaunchOptions } from 'playwright-core'

/** The system Chromium (Debian package) or CHROMIUM_PATH; never a downloaded browser. */
export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH
  try {
    return execSync('command -v chromium || command -v chromium-browser', { shell: '/bin/bash' })
      .toString()
      .trim()
  } catch {
    throw new Error('Chromium not found: install the Debian package chromium or set CHROMIUM_PATH.')
  }
}

export async function chromiumLauncher(options: LaunchOptions) {
  return chromium.launch({
    ...options,
    headless: true,
    executablePath: chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-dev-shm-usage',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  }) as any
}
