import {describe, expect, it} from 'vitest'

import {assertSameBounds, binSamples, bucketBounds, fromCumulative} from '../../src/drift/distribution.js'
import {DriftInputError} from '../../src/drift/errors.js'
import {divergences, EPSILON, jensenShannonDivergence, klDivergence, normalise, populationStabilityIndex, smooth} from '../../src/drift/statistics.js'

/**
 * Expected values are worked out by hand (closed forms in the comments) and, as decimals, with an
 * independent Python implementation of scipy.stats.entropy's definition (normalise p and q to sum 1,
 * Σ p·ln(p/q), 0 where p is 0): scipy itself cannot be installed here. 1e-9 is the tolerance
 * Python users comparing with scipy expect.
 */
const TOLERANCE = 1e-9
const near = (actual: number, expected: number) => expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThan(TOLERANCE)

describe('divergences against hand-computed values', () => {
  it('identical distributions diverge by 0 in every measure', () => {
    const d = divergences([3, 7, 0, 90], [30, 70, 0, 900])
    expect(d.kl).toBe(0)
    expect(d.psi).toBe(0)
    expect(d.js).toBe(0)
  })

  it('p = (½, ½), q = (¼, ¾)', () => {
    const p = [0.5, 0.5]
    const q = [0.25, 0.75]
    // ½ ln(½ / ¼) + ½ ln(½ / ¾) = ½ ln(4/3)
    near(klDivergence(p, q), 0.5 * Math.log(4 / 3))
    near(klDivergence(p, q), 0.14384103622589042)
    // (¼ − ½) ln(¼ / ½) + (¾ − ½) ln(¾ / ½) = ¼ ln 2 + ¼ ln(3/2) = ¼ ln 3
    near(populationStabilityIndex(p, q), 0.25 * Math.log(3))
    // m = (3/8, 5/8): ½ [½ ln(16/15)] + ½ [¼ ln(2/3) + ¾ ln(6/5)]
    near(jensenShannonDivergence(p, q), 0.5 * (0.5 * Math.log(16 / 15)) + 0.5 * (0.25 * Math.log(2 / 3) + 0.75 * Math.log(6 / 5)))
    near(jensenShannonDivergence(p, q), 0.033822075568605205)
  })

  it('counts are normalised first, as scipy.stats.entropy(p, q) does', () => {
    // p = (.1, .3, .6), q = (.2, .2, .6): .1 ln .5 + .3 ln 1.5 + 0
    const d = divergences([10, 30, 60], [20, 20, 60])
    near(d.kl, 0.1 * Math.log(0.5) + 0.3 * Math.log(1.5))
    near(d.kl, 0.05232481437645474)
    near(d.psi, 0.10986122886681095)
    near(d.js, 0.013528830227442078)
    // No empty bin: the probabilities are the raw ones, untouched by smoothing.
    expect(d.baseline).toEqual(normalise([10, 30, 60]))
  })

  it('is KL(baseline ‖ recent), not the reverse', () => {
    const d = divergences([0.5, 0.5], [0.25, 0.75])
    near(d.kl, 0.5 * Math.log(4 / 3))
    expect(Math.abs(d.kl - klDivergence([0.25, 0.75], [0.5, 0.5]))).toBeGreaterThan(1e-3)
  })

  it('a bin empty in both carries no information and is dropped, without smoothing', () => {
    const d = divergences([5, 5, 0], [2, 8, 0])
    near(d.kl, 0.5 * Math.log(0.5 / 0.2) + 0.5 * Math.log(0.5 / 0.8))
    near(d.kl, 0.22314355131420976)
    expect(d.baseline).toHaveLength(2)
  })

  it('a bin empty on one side is smoothed with ε = 1e-6 instead of giving Infinity', () => {
    expect(klDivergence([0.5, 0.5, 0], [0, 0.5, 0.5])).toBe(Infinity)
    const d = divergences([5, 5, 0], [0, 5, 5])
    // p' = ((½+ε), (½+ε), ε) / (1+3ε), q' = (ε, (½+ε), (½+ε)) / (1+3ε):
    // KL = (½+ε)/(1+3ε) ln((½+ε)/ε) + ε/(1+3ε) ln(ε/(½+ε)) = ½/(1+3ε) · ln(500001)
    expect(EPSILON).toBe(1e-6)
    near(d.kl, (0.5 / (1 + 3e-6)) * Math.log(500_001))
    near(d.kl, 6.561163005212148)
    near(d.psi, 13.122326010424299)
    near(d.js, 0.3465598145285129)
    expect(d.baseline.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12)
  })

  it('Jensen–Shannon is bounded by ln 2, reached by disjoint distributions', () => {
    near(jensenShannonDivergence([1, 0], [0, 1]), Math.log(2))
    const {baseline, recent} = smooth([1, 0], [0, 1])
    near(klDivergence(baseline, recent), 13.81548392699592)
  })
})

describe('distributions', () => {
  it('turns cumulative buckets into per-bin counts, in bound order, +Inf last', () => {
    const d = fromCumulative(
      [
        {le: '+Inf', value: 100},
        {le: '10', value: 40},
        {le: '1.0', value: 10},
      ],
      'test',
    )
    expect(d).toEqual({counts: [10, 30, 60], le: ['1', '10', '+Inf']})
  })

  it("counts a bucket that increase()'s extrapolation put a hair below the one under it as 0", () => {
    expect(fromCumulative([{le: '1', value: 10.0000001}, {le: '+Inf', value: 10}], 'test').counts).toEqual([10.0000001, 0])
  })

  it('refuses a histogram without a +Inf bucket', () => {
    expect(() => fromCumulative([{le: '1', value: 1}], 'vllm:x')).toThrow(/no le="\+Inf" bucket/)
  })

  it('bins samples with upper bounds inclusive, as Prometheus histograms do', () => {
    expect(binSamples([0, 1, 1.5, 2, 3, 1e9], bucketBounds([2, 1]))).toEqual({counts: [2, 2, 2], le: ['1', '2', '+Inf']})
  })

  it('refuses to compare distributions over different buckets, naming both', () => {
    const a = {counts: [1, 2, 3], le: ['1', '2', '+Inf']}
    const b = {counts: [1, 2, 3], le: ['1', '5', '+Inf']}
    expect(() => assertSameBounds(a, b, 'j')).toThrow(DriftInputError)
    expect(() => assertSameBounds(a, b, 'j')).toThrow('drift job "j": the baseline and the recent window have different bucket boundaries (baseline le=[1, 2, +Inf], recent le=[1, 5, +Inf])')
    expect(() => assertSameBounds(a, {counts: [0, 0, 0], le: ['1.0', '2', '+Inf']}, 'j')).not.toThrow()
  })
})
