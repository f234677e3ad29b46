import type {Progress, Stage} from '../writer/progress.js'
import {SILENT_PROGRESS} from '../writer/progress.js'

const VERBS: Record<Stage, string> = {generate: 'generating', load: 'loading', plan: 'planning', validate: 'validating', write: 'writing'}
/** Redraws of a count at most this often: thousands of files must not mean thousands of redraws. */
const REDRAW_MS = 80

export interface StatusStream {
  write(text: string): unknown
}

/**
 * One status line on a terminal, redrawn in place (`inferwatch: writing 120/480`) and erased at the
 * end, so a long run visibly moves and leaves nothing behind. `show` is the caller's decision (a TTY
 * and no --quiet), injected so tests can ask for a terminal.
 */
export function terminalProgress(stream: StatusStream, show: boolean, now: () => number = Date.now): Progress & {clear(): void} {
  if (!show) return {...SILENT_PROGRESS, clear() {}}
  let stage: Stage | undefined
  let stageDetail = ''
  let drawn = false
  let lastDraw = -Infinity
  const draw = (text: string) => {
    stream.write(`\r\u001B[2Kinferwatch: ${text}`)
    drawn = true
    lastDraw = now()
  }
  const clear = () => {
    if (drawn) stream.write('\r\u001B[2K')
    drawn = false
  }
  return {
    clear,
    count(done, total, detail) {
      if (!stage) return
      if (done < total && now() - lastDraw < REDRAW_MS) return
      draw(`${VERBS[stage]} ${done}/${total}${detail ? ` ${detail}` : stageDetail ? ` ${stageDetail}` : ''}`)
    },
    end: clear,
    stage(next, detail) {
      stage = next
      stageDetail = detail ?? ''
      draw(`${VERBS[next]}${stageDetail ? ` ${stageDetail}` : ''}`)
    },
  }
}
