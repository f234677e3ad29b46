/**
 * PromQL's function signatures, as prometheus/prometheus promql/parser/functions.go declares them
 * (argument types, optional trailing arguments, return type). The lezer grammar knows the names but
 * not the types, so `rate(x)` parses there while Prometheus rejects it; this table closes that gap.
 */
export type ValueType = 'vector' | 'matrix' | 'scalar' | 'string'

export interface FunctionSignature {
  args: readonly ValueType[]
  /** Arguments from this index on may be left out. */
  optionalFrom?: number
  /** The last argument may repeat (label_join, sort_by_label). */
  variadic?: boolean
  returns: ValueType
}

const v = 'vector'
const m = 'matrix'
const s = 'scalar'
const str = 'string'

const vectorToVector = (): FunctionSignature => ({args: [v], returns: v})
const rangeToVector = (): FunctionSignature => ({args: [m], returns: v})
const dateFunction = (): FunctionSignature => ({args: [v], optionalFrom: 0, returns: v})

const VECTOR_MATH = ['abs', 'acos', 'acosh', 'asin', 'asinh', 'atan', 'atanh', 'ceil', 'cos', 'cosh', 'deg', 'exp', 'floor', 'ln', 'log10', 'log2', 'rad', 'sgn', 'sin', 'sinh', 'sort', 'sort_desc', 'sqrt', 'tan', 'tanh', 'timestamp', 'absent', 'histogram_avg', 'histogram_count', 'histogram_sum', 'histogram_stddev', 'histogram_stdvar']
const RANGE_FUNCTIONS = ['absent_over_time', 'avg_over_time', 'changes', 'count_over_time', 'delta', 'deriv', 'idelta', 'increase', 'irate', 'last_over_time', 'mad_over_time', 'max_over_time', 'min_over_time', 'present_over_time', 'rate', 'resets', 'stddev_over_time', 'stdvar_over_time', 'sum_over_time', 'first_over_time', 'ts_of_max_over_time', 'ts_of_min_over_time', 'ts_of_last_over_time', 'ts_of_first_over_time']
const DATE_FUNCTIONS = ['day_of_month', 'day_of_week', 'day_of_year', 'days_in_month', 'hour', 'minute', 'month', 'year']

export const FUNCTIONS: Readonly<Record<string, FunctionSignature>> = {
  ...Object.fromEntries(VECTOR_MATH.map((name) => [name, vectorToVector()])),
  ...Object.fromEntries(RANGE_FUNCTIONS.map((name) => [name, rangeToVector()])),
  ...Object.fromEntries(DATE_FUNCTIONS.map((name) => [name, dateFunction()])),
  clamp: {args: [v, s, s], returns: v},
  clamp_max: {args: [v, s], returns: v},
  clamp_min: {args: [v, s], returns: v},
  double_exponential_smoothing: {args: [m, s, s], returns: v},
  holt_winters: {args: [m, s, s], returns: v},
  histogram_fraction: {args: [s, s, v], returns: v},
  histogram_quantile: {args: [s, v], returns: v},
  info: {args: [v, v], optionalFrom: 1, returns: v},
  label_join: {args: [v, str, str, str], optionalFrom: 3, returns: v, variadic: true},
  label_replace: {args: [v, str, str, str, str], returns: v},
  pi: {args: [], returns: s},
  predict_linear: {args: [m, s], returns: v},
  quantile_over_time: {args: [s, m], returns: v},
  round: {args: [v, s], optionalFrom: 1, returns: v},
  scalar: {args: [v], returns: s},
  sort_by_label: {args: [v, str], optionalFrom: 1, returns: v, variadic: true},
  sort_by_label_desc: {args: [v, str], optionalFrom: 1, returns: v, variadic: true},
  time: {args: [], returns: s},
  vector: {args: [s], returns: v},
}

/** Functions whose argument must be a counter (a monotonic series that may reset). */
export const COUNTER_FUNCTIONS: readonly string[] = ['rate', 'increase', 'irate', 'resets']

/** Functions that need several samples inside the range to say anything. */
export const RATE_LIKE_FUNCTIONS: readonly string[] = ['rate', 'increase', 'delta', 'deriv', 'predict_linear']

/** Aggregation operators whose first argument is a parameter, and its type. */
export const AGGREGATION_PARAMETERS: Readonly<Record<string, ValueType>> = {
  bottomk: s,
  count_values: str,
  limit_ratio: s,
  limitk: s,
  quantile: s,
  topk: s,
}
