/**
 * Faults an emulator injects, set per test. Generic transport faults are applied by the server
 * kit; CRM-specific ones (session expiry, daily limit) are read by each emulator, which answers
 * them the way its real API does.
 */
export interface FaultSettings {
  /** Share of requests answered with a 503 (0-1). @default 0 */
  serverErrorRate: number;
  /** Share of requests whose connection is destroyed before any answer (0-1). @default 0 */
  connectionResetRate: number;
  /**
   * Share of requests that are carried out but whose answer is lost: the connection is destroyed
   * after the handler ran, so the client sees a reset for a call that did change the CRM (0-1).
   * @default 0
   */
  responseLossRate: number;
  /** Added delay per request in milliseconds. @default 0 */
  latencyMs: number;
  /** Expire the session/token after every N authenticated calls; 0 disables. @default 0 */
  sessionExpiryEvery: number;
  /** Daily API call allowance; calls beyond it fail as the real API does. @default Infinity (real default per emulator) */
  dailyApiLimit: number;
  /** Fail the next N matching requests with a 503 (deterministic variant of serverErrorRate). @default 0 */
  failNext: number;
}

export const noFaults: FaultSettings = {
  serverErrorRate: 0,
  connectionResetRate: 0,
  responseLossRate: 0,
  latencyMs: 0,
  sessionExpiryEvery: 0,
  dailyApiLimit: Number.POSITIVE_INFINITY,
  failNext: 0,
};

/** Small deterministic PRNG (mulberry32) so fault sequences repeat for a given seed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
