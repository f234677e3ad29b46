/**
 * `a, b, c`, or the first `listed` names and `and 970 more`: a note, page or panel description that
 * names a thousand nodes is read by nobody, and it made output grow with the fleet. The fleet file
 * has every name; an alert's or a series' labels say which one it is.
 */
export function someNames(names: readonly string[], listed: number): string {
  const more = names.length - listed
  return more > 0 ? `${names.slice(0, listed).join(', ')} and ${more} more` : names.join(', ')
}
