/*
| Overall progress of a backup or restore from its phases: each phase owns a share of
| 0..100 and reports the fraction of its own work done.
*/
export type Phase =
  | 'queued'
  | 'snapshot'
  | 'checksums'
  | 'export'
  | 'archive'
  | 'attachments'
  | 'verify'
  | 'copy'
  | 'extract'
  | 'load'
  | 'check'
  | 'done'

export interface ProgressEvent {
  phase: Phase
  percent: number
}

export type ProgressFn = (event: ProgressEvent) => void

export class PhasedProgress {
  #ranges = new Map<Phase, [number, number]>()
  #last = -1

  constructor(
    phases: Array<[Phase, number]>,
    private report: ProgressFn = () => {}
  ) {
    const total = phases.reduce((sum, [, weight]) => sum + weight, 0)
    let start = 0
    for (const [phase, weight] of phases) {
      const end = start + (weight / total) * 100
      this.#ranges.set(phase, [start, end])
      start = end
    }
  }

  /** `fraction` of `phase` done (0..1); reported only when the whole percent moves. */
  update(phase: Phase, fraction: number) {
    const range = this.#ranges.get(phase)
    if (!range) return
    const f = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0
    const percent = Math.floor(range[0] + (range[1] - range[0]) * f)
    if (percent === this.#last && f < 1) return
    this.#last = percent
    this.report({ phase, percent })
  }

  start(phase: Phase) {
    this.update(phase, 0)
  }
}
