/**
 * Evaluates the arithmetic in test readings (`${threshold} * 1.01` after substitution):
 * numbers, + - * /, unary minus and parentheses. Anything else is an error value.
 */
export type ArithmeticResult = {ok: true; value: number} | {ok: false; error: string}

export function evaluateArithmetic(text: string): ArithmeticResult {
  const tokens = text.match(/\d+(?:\.\d+)?(?:e[+-]?\d+)?|[-+*/()]|\S/gi) ?? []
  let position = 0
  const peek = () => tokens[position]
  const fail = (message: string): never => {
    throw new SyntaxError(`${message} in "${text}"`)
  }

  const primary = (): number => {
    const token = tokens[position++]
    if (token === undefined) return fail('unexpected end')
    if (token === '(') {
      const value = sum()
      if (tokens[position++] !== ')') fail('missing ")"')
      return value
    }
    if (token === '-') return -primary()
    if (token === '+') return primary()
    const value = Number(token)
    return Number.isFinite(value) ? value : fail(`unexpected "${token}"`)
  }
  const product = (): number => {
    let value = primary()
    while (peek() === '*' || peek() === '/') value = tokens[position++] === '*' ? value * primary() : value / primary()
    return value
  }
  const sum = (): number => {
    let value = product()
    while (peek() === '+' || peek() === '-') value = tokens[position++] === '+' ? value + product() : value - product()
    return value
  }

  try {
    const value = sum()
    if (position < tokens.length) fail(`unexpected "${tokens[position]}"`)
    if (!Number.isFinite(value)) fail('result is not a finite number')
    return {ok: true, value: Number(value.toPrecision(12))}
  } catch (error) {
    return {error: (error as Error).message, ok: false}
  }
}
