import { onceUntilFailure } from '../../common/once-until-failure';

describe('onceUntilFailure', () => {
  it('runs the task once for any number of callers, at once or later', async () => {
    let runs = 0;
    const seed = onceUntilFailure(async () => {
      runs++;
    });
    await Promise.all([seed(), seed(), seed()]);
    await seed();
    expect(runs).toBe(1);
  });

  it('forgets a failure: the next call runs the task again', async () => {
    let runs = 0;
    const seed = onceUntilFailure(async () => {
      runs++;
      if (runs === 1) throw new Error('database restarting');
    });
    await expect(seed()).rejects.toThrow('database restarting');
    await expect(seed()).resolves.toBeUndefined();
    await seed();
    expect(runs).toBe(2);
  });
});
