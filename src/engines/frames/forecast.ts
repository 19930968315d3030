// Forecast of the next frame's allocation need (gross bytes allocated in the frame), from the last N
// frames — the design's "predictive allocation forecasting" (docs/allocation-tracking-design.md §5.3), so an app can pre-allocate during
// idle time. Several simple predictors run side by side and each is scored on the trace itself, one
// step ahead (each frame is predicted from the frames before it only):
//
//   last   the previous frame's allocation
//   mean   mean of the last N frames
//   ewma   exponentially weighted mean, α = 2 / (N + 1)
//   max    maximum of the last N frames — an upper bound, what a pre-allocation pool would reserve
//
// Scores: mean absolute error, root mean square error, and the under-forecast rate (share of frames
// that needed more than predicted: a pool sized by that forecast would have had to allocate). The
// best method is the one with the lowest mean absolute error.

export type ForecastMethod = 'last' | 'mean' | 'ewma' | 'max';
export const FORECAST_METHODS: readonly ForecastMethod[] = ['last', 'mean', 'ewma', 'max'];

const DESCRIPTIONS: Record<ForecastMethod, string> = {
  last: 'previous frame',
  mean: 'mean of the last N frames',
  ewma: 'exponentially weighted mean, alpha = 2/(N+1)',
  max: 'maximum of the last N frames (upper bound)',
};

export interface ForecastScore {
  readonly method: ForecastMethod;
  readonly description: string;
  /** Frames scored (all but the first). */
  readonly frames: number;
  readonly meanAbsoluteError: number;
  readonly rootMeanSquareError: number;
  /** Share of scored frames whose allocation exceeded the prediction. */
  readonly underForecastRate: number;
  /** Mean of (prediction − actual) where positive: bytes reserved but not needed. */
  readonly meanOverForecast: number;
  /** Prediction for the frame after the last one. */
  readonly next: number;
}

export interface ForecastResult {
  readonly window: number;
  /** Method with the lowest mean absolute error. */
  readonly best: ForecastMethod;
  readonly next: number;
  readonly methods: readonly ForecastScore[];
  /** Mean gross allocation per frame (to read the errors against). */
  readonly meanAllocated: number;
}

export class Forecaster {
  private readonly ring: Float64Array;
  private count = 0;
  private pos = 0;
  private ewma = 0;
  private readonly alpha: number;
  private readonly absErr = new Float64Array(4);
  private readonly sqErr = new Float64Array(4);
  private readonly under = new Float64Array(4);
  private readonly over = new Float64Array(4);
  private scored = 0;
  private sumActual = 0;
  private frames = 0;
  /** Optional per-frame series of the best method's predictions, filled by `observe` (NaN for the first). */
  readonly predictions: number[][] = FORECAST_METHODS.map(() => []);

  constructor(
    readonly window = 8,
    private readonly keepSeries = false,
  ) {
    if (!(window >= 1)) throw new Error('forecast window must be at least 1 frame');
    this.ring = new Float64Array(window);
    this.alpha = 2 / (window + 1);
  }

  /** Current predictions for the next frame, in FORECAST_METHODS order (NaN before any frame). */
  predict(): [number, number, number, number] {
    if (this.count === 0) return [NaN, NaN, NaN, NaN];
    const n = Math.min(this.count, this.window);
    let sum = 0;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const v = this.ring[i]!;
      sum += v;
      if (v > max) max = v;
    }
    const last = this.ring[(this.pos - 1 + this.window) % this.window]!;
    return [last, sum / n, this.ewma, max];
  }

  /** Scores the predictions against this frame's actual allocation, then learns it. */
  observe(allocated: number): void {
    const p = this.predict();
    if (this.count > 0) {
      this.scored++;
      for (let m = 0; m < 4; m++) {
        const err = p[m]! - allocated;
        this.absErr[m]! += Math.abs(err);
        this.sqErr[m]! += err * err;
        if (err < 0) this.under[m]! += 1;
        else this.over[m]! += err;
      }
    }
    if (this.keepSeries) for (let m = 0; m < 4; m++) this.predictions[m]!.push(p[m]!);
    this.frames++;
    this.sumActual += allocated;
    this.ewma = this.count === 0 ? allocated : this.alpha * allocated + (1 - this.alpha) * this.ewma;
    this.ring[this.pos] = allocated;
    this.pos = (this.pos + 1) % this.window;
    this.count++;
  }

  result(): ForecastResult {
    const next = this.predict();
    const methods: ForecastScore[] = FORECAST_METHODS.map((method, m) => ({
      method,
      description: DESCRIPTIONS[method],
      frames: this.scored,
      meanAbsoluteError: this.scored ? this.absErr[m]! / this.scored : 0,
      rootMeanSquareError: this.scored ? Math.sqrt(this.sqErr[m]! / this.scored) : 0,
      underForecastRate: this.scored ? this.under[m]! / this.scored : 0,
      meanOverForecast: this.scored ? this.over[m]! / this.scored : 0,
      next: Number.isNaN(next[m]!) ? 0 : next[m]!,
    }));
    let best = 0;
    for (let m = 1; m < 4; m++) if (methods[m]!.meanAbsoluteError < methods[best]!.meanAbsoluteError) best = m;
    return {
      window: this.window,
      best: FORECAST_METHODS[best]!,
      next: methods[best]!.next,
      methods,
      meanAllocated: this.frames ? this.sumActual / this.frames : 0,
    };
  }
}
