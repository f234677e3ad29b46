/** A file's text with a line index, so any offset can be turned into a 1-based line and column. */
export class TextFile {
  private readonly lineStarts: number[]

  constructor(
    readonly path: string,
    readonly text: string,
  ) {
    this.lineStarts = [0]
    for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) this.lineStarts.push(i + 1)
  }

  position(offset: number): {line: number; col: number} {
    const clamped = Math.max(0, Math.min(offset, this.text.length))
    let low = 0
    let high = this.lineStarts.length - 1
    while (low < high) {
      const mid = (low + high + 1) >> 1
      if (this.lineStarts[mid]! <= clamped) low = mid
      else high = mid - 1
    }
    return {col: clamped - this.lineStarts[low]! + 1, line: low + 1}
  }

  lineText(line: number): string {
    const start = this.lineStarts[line - 1]
    if (start === undefined) return ''
    const end = this.lineStarts[line] ?? this.text.length + 1
    return this.text.slice(start, end - 1).replace(/\r$/, '')
  }

  get lineCount(): number {
    return this.lineStarts.length
  }
}
