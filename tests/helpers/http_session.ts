/*
| A signed-in visitor of an application running in another process (a child app): cookies kept
| between requests, forms posted with the CSRF token of the page they come from, redirects
| not followed (the test reads where they go).
*/

export class HttpSession {
  #cookies = new Map<string, string>()

  constructor(readonly baseUrl: string) {}

  /** Logs in through the login form; fails the test when the studio does not let the user in. */
  static async login(baseUrl: string, username: string, password: string) {
    const session = new HttpSession(baseUrl)
    const response = await session.postForm('/login', { username, password }, '/login')
    const location = response.headers.get('location')
    if (response.status !== 302 || location !== '/') {
      throw new Error(`login of ${username} refused: ${response.status} to ${location}`)
    }
    return session
  }

  async request(path: string, init: RequestInit = {}) {
    const headers = new Headers(init.headers)
    if (this.#cookies.size) headers.set('cookie', [...this.#cookies].map(([name, value]) => `${name}=${value}`).join('; '))
    const response = await fetch(new URL(path, this.baseUrl), { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';')
      const name = pair.slice(0, pair.indexOf('=')).trim()
      const value = pair.slice(pair.indexOf('=') + 1).trim()
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a)) || value === ''
      if (expired) this.#cookies.delete(name)
      else this.#cookies.set(name, value)
    }
    return response
  }

  /** The page's HTML; fails on anything but 200. */
  async page(path: string) {
    const response = await this.request(path)
    const body = await response.text()
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}\n${body.slice(0, 500)}`)
    return body
  }

  /** Posts a form as the browser would from `fromPage`, with that page's CSRF token. */
  async postForm(path: string, fields: Record<string, string | string[]>, fromPage: string) {
    const html = await this.page(fromPage)
    const token = (/<meta name="csrf-token" content="([^"]+)"/.exec(html) ?? /name=['"]_csrf['"] value=['"]([^'"]+)['"]/.exec(html))?.[1]
    if (!token) throw new Error(`no CSRF token on ${fromPage}`)
    const body = new URLSearchParams({ _csrf: token })
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v)
    return this.request(path, { method: 'POST', body, headers: { 'content-type': 'application/x-www-form-urlencoded' } })
  }
}
