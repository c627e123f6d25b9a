/**
 * Which job failures are retried (queues/src/job-failure.ts), the payload check the worker runs
 * before a handler (common/queue/job-types.ts), the attempts and backoff of every job
 * (common/queue/job-options.ts) and how the worker's job sets combine (queues/src/job-set.ts). The queues themselves are exercised on both backends in
 * test/integration/queues.test.ts.
 */
import { UnrecoverableError } from 'bullmq';
import { HubError } from '../../common/errors/hub-error';
import { retryOf } from '../../common/queue/job-options';
import { JOB_QUEUE, payloadProblem } from '../../common/queue/job-types';
import { JOBS, type JobName } from '../../common/queue/names';
import { asJobFailure, isRuleFailure } from '../../queues/src/job-failure';
import { mergeJobSets, type JobSet } from '../../queues/src/job-set';
import { PermanentDeliveryError } from '../../subgraphs/households/src/households.app';
import { ListGapError } from '../../subgraphs/loans/src/loans.app';

describe('job failures', () => {
  it.each([
    ['BAD_USER_INPUT', 'BAD_INPUT'],
    ['FORBIDDEN', 'FORBIDDEN'],
    ['PAYOUT_BATCH_NOT_FOUND', 'NOT_FOUND'],
    ['SUBSIDY_NOT_COMPUTED', 'CONFLICT'],
  ] as const)('a HubError %s (%s) is a rule failure: unrecoverable, with its code in the reason', (code, kind) => {
    const error = new HubError(code, 'refused');
    expect(error.kind).toBe(kind);
    const failure = asJobFailure(error) as UnrecoverableError;
    expect(failure).toBeInstanceOf(UnrecoverableError);
    expect(failure.message).toBe(`${code}: refused`);
    expect(failure.cause).toBe(error);
  });

  it('a permanent delivery error is a rule failure; an UnrecoverableError stays as it is', () => {
    expect(asJobFailure(new PermanentDeliveryError('HTTP 409'))).toBeInstanceOf(UnrecoverableError);
    const already = new UnrecoverableError('no');
    expect(asJobFailure(already)).toBe(already);
  });

  it.each([
    ['a database or network error', new Error('connect ECONNREFUSED')],
    ['a HubError of kind UNAVAILABLE', new HubError('UNAVAILABLE', 'the loans subgraph did not answer')],
    ['a list delivery recorded before its predecessor (ListGapError: the predecessor is on its way)', new ListGapError('delivery 3 waits for 2')],
    ['something not an Error', 'boom'],
  ])('%s is transient: rethrown unchanged, for BullMQ to retry', (_what, error) => {
    expect(isRuleFailure(error)).toBe(false);
    expect(asJobFailure(error)).toBe(error);
  });
});

describe('job payloads', () => {
  it('accepts each payload the map types, and names what is wrong with others', () => {
    expect(payloadProblem(JOBS.pullLoanStatus, { bankCode: 'ABC' })).toBeNull();
    expect(payloadProblem(JOBS.reconcileSubsidyQuarter, { countyCode: '532301', quarter: '2025Q3', batchId: 'b' })).toBeNull();
    expect(payloadProblem(JOBS.recordWorkerHeartbeat, {})).toBeNull();
    expect(payloadProblem(JOBS.recordDeliveredList, { bankCode: 'ABC', sequence: 1, effectiveDate: '2025-01-01', snapshot: null, members: [] })).toBeNull();
    expect(payloadProblem(JOBS.pullLoanStatus, {})).toBe('the payload of pull-loan-status has no valid bankCode (a non-empty string expected, got nothing)');
    expect(payloadProblem(JOBS.matchOneCardImport, { importId: '' })).toMatch(/no valid importId/);
    expect(payloadProblem(JOBS.recordDeliveredList, { bankCode: 'ABC', sequence: '1', effectiveDate: '2025-01-01', snapshot: null, members: [] })).toMatch(
      /no valid sequence \(a number expected, got "1"\)/,
    );
    expect(payloadProblem(JOBS.dispatchBeneficiaryLists, null)).toBe('the payload of dispatch-beneficiary-lists is not an object');
  });
});

describe('attempts and backoff', () => {
  const banks = { listPushAttempts: 8, listPushBackoffMs: 2000 };
  const policy = (name: JobName) => (name === JOBS.pushBeneficiaryList || name === JOBS.sendPayoutBatch ? retryOf(name, banks) : retryOf(name));

  it('every job has explicit attempts; every retried one backs off exponentially', () => {
    for (const name of Object.keys(JOB_QUEUE) as JobName[]) {
      const { attempts, backoff } = policy(name);
      expect(attempts).toBeGreaterThanOrEqual(1);
      if (attempts > 1) expect(backoff).toEqual({ type: 'exponential', delay: expect.any(Number) });
      else expect(backoff).toBeUndefined();
    }
  });

  it('the sends to a bank follow LIST_PUSH_ATTEMPTS and LIST_PUSH_BACKOFF_MS; the subsidy steps and the 一卡通 match their own', () => {
    expect(retryOf(JOBS.pushBeneficiaryList, banks)).toEqual({ attempts: 8, backoff: { type: 'exponential', delay: 2000 } });
    expect(retryOf(JOBS.sendPayoutBatch, { listPushAttempts: 6, listPushBackoffMs: 100 })).toEqual({
      attempts: 6,
      backoff: { type: 'exponential', delay: 100 },
    });
    expect(retryOf(JOBS.computeQuarterlySubsidy)).toEqual({ attempts: 5, backoff: { type: 'exponential', delay: 10_000 } });
    expect(retryOf(JOBS.matchOneCardImport)).toEqual({ attempts: 5, backoff: { type: 'exponential', delay: 5000 } });
    expect(retryOf(JOBS.recordDeliveredList)).toEqual({ attempts: 10, backoff: { type: 'exponential', delay: 1000 } });
    expect(retryOf(JOBS.pullLoanStatus)).toEqual({ attempts: 3, backoff: { type: 'exponential', delay: 5000 } });
    // Scheduled every few seconds or minutes: the next run is the retry.
    expect(retryOf(JOBS.dispatchOneCardImports)).toEqual({ attempts: 1 });
  });
});

describe('job sets', () => {
  const set = (handlers: JobSet['handlers']): JobSet => ({ handlers, schedulers: [] });

  it('two sets on one queue keep both their handlers (the 一卡通 import and the household directory share one)', () => {
    const match = async () => ({ imports: [] });
    const directory = async () => ({ read: 0, recorded: 0 });
    const merged = mergeJobSets(set({ [JOBS.matchOneCardImport]: match }), set({ [JOBS.recordHouseholdDirectory]: directory }));
    expect(JOB_QUEUE[JOBS.matchOneCardImport]).toBe(JOB_QUEUE[JOBS.recordHouseholdDirectory]);
    expect(merged.handlers).toEqual({ [JOBS.matchOneCardImport]: match, [JOBS.recordHouseholdDirectory]: directory });
  });

  it('refuses two handlers of one job', () => {
    const queued = async () => ({ queued: 0 });
    expect(() => mergeJobSets(set({ [JOBS.dispatchOneCardImports]: queued }), set({ [JOBS.dispatchOneCardImports]: queued }))).toThrow(
      'two job sets handle dispatch-one-card-imports',
    );
  });
});
