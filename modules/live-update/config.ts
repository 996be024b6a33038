/*
| Live update configuration: defaults from the environment, overridable by the administrator
| in /admin/aggiornamenti (feed, proxy, interval). The public key stays in configuration:
| whoever can change it can make the studio trust any feed.
*/
import env from '#start/env'

export const liveUpdateConfig = {
  /** An http(s) URL or a folder holding manifest.json and manifest.sig. */
  feedUrl: () => env.get('UPDATE_FEED_URL') || null,
  /** Ed25519 public key of the feed: base64 of the 32 raw bytes, or PEM (SPKI). */
  publicKey: () => env.get('UPDATE_PUBLIC_KEY') || null,
  /** An http proxy, e.g. http://proxy.asl.local:3128 (or with user:password@). */
  proxy: () => env.get('UPDATE_PROXY') || null,
  checkEveryMinutes: () => env.get('UPDATE_CHECK_EVERY_MINUTES') || 120,
  /** Product spec: the first check runs 3 minutes after the server starts. */
  firstCheckDelayMs: 3 * 60_000,
  /** Manifest and signature are small; a bundle may be tens of megabytes. */
  manifestTimeoutMs: 30_000,
  bundleTimeoutMs: 10 * 60_000,
  maxManifestBytes: 1024 * 1024,
  minIntervalMinutes: 15,
  maxIntervalMinutes: 7 * 24 * 60,
}
