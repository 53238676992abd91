import { AppError } from '../common/errors/app-error.js';
import {
  decideWatchEnd,
  isForbidden,
  isGone,
  randomWatchTimeout,
  type WatchOutcome,
} from './watch-decision.js';

const outcome = (o: Partial<WatchOutcome>): WatchOutcome => ({
  err: null,
  gone: false,
  resync: false,
  events: 3,
  durationMs: 60_000,
  ...o,
});
const httpError = (statusCode: number) => Object.assign(new Error('x'), { statusCode });

describe('watch decisions', () => {
  it('relists on an in-stream 410 ERROR and on an HTTP 410', () => {
    expect(decideWatchEnd(outcome({ gone: true }))).toBe('relist-expired');
    expect(decideWatchEnd(outcome({ err: httpError(410) }))).toBe('relist-expired');
  });

  it('re-watches from the last resourceVersion when the server closes the stream or it was silent for long', () => {
    expect(decideWatchEnd(outcome({}))).toBe('rewatch');
    const inactivity = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(decideWatchEnd(outcome({ err: inactivity, events: 0 }))).toBe('rewatch');
  });

  it('backs off on other errors, other ERROR events and very short empty watches', () => {
    expect(decideWatchEnd(outcome({ err: httpError(500) }))).toBe('fail');
    expect(decideWatchEnd(outcome({ errorEvent: 'internal error' }))).toBe('fail');
    expect(decideWatchEnd(outcome({ events: 0, durationMs: 10 }))).toBe('fail');
  });

  it('relists for the periodic resync', () => {
    expect(decideWatchEnd(outcome({ resync: true }))).toBe('relist-resync');
  });

  it('reads 410 and 403 from list AppErrors and watch errors alike', () => {
    expect(isGone(new AppError('K8S.GONE', 'gone', { details: { status: 410 } }))).toBe(true);
    expect(isForbidden(new AppError('K8S.FORBIDDEN', 'no', { details: { status: 403 } }))).toBe(true);
    expect(isForbidden(httpError(403))).toBe(true);
    expect(isGone(new DOMException('x', 'TimeoutError'))).toBe(false);
  });

  it('randomises watch timeouts in [0.5, 1.0] × WATCH_TIMEOUT', () => {
    expect(randomWatchTimeout(600, () => 0)).toBe(300);
    expect(randomWatchTimeout(600, () => 0.999_999)).toBe(600);
    expect(randomWatchTimeout(600, () => 0.5)).toBe(450);
  });
});
