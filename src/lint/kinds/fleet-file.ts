import {parseYaml} from '../../load/yaml-source.js'
import {validateFleet} from '../../validate/validate-fleet.js'
import type {UnitContext} from '../unit.js'

/** An inferwatch fleet file: the fleet validator's own diagnostics, as findings. */
export function checkFleetFile(ctx: UnitContext): void {
  const {unit} = ctx
  if (unit.source !== unit.file.text) return
  const parsed = parseYaml(unit.file.path, unit.file.text)
  const diagnostics = parsed.ok ? (() => {
    const result = validateFleet(parsed.source, parsed.value)
    return result.ok ? [] : result.diagnostics
  })() : parsed.diagnostics
  for (const d of diagnostics) {
    const offset = lineColToOffset(unit.file.text, d.line, d.col)
    ctx.reportAt('fleet/invalid', offset, d.path ? `${d.path}: ${d.message}` : d.message)
  }
}

function lineColToOffset(text: string, line: number, col: number): number {
  let offset = 0
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', offset)
    if (next < 0) break
    offset = next + 1
  }
  return offset + col - 1
}
