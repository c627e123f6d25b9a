import { lagFrom, walPosition } from '../../common/db/read-replica';

describe("a read replica's lag, from WAL positions", () => {
  it('reads a WAL position as bytes', () => {
    expect(walPosition('0/0')).toBe(0n);
    expect(walPosition('16/B374D848')).toBe((0x16n << 32n) + 0xb374d848n);
    expect(walPosition('1/0') > walPosition('0/FFFFFFFF')).toBe(true);
  });

  it('is the age of the oldest primary position the replica has not replayed, or 0 when it has them all', () => {
    const samples = [
      { at: 1_000, position: 100n },
      { at: 1_500, position: 200n },
      { at: 2_000, position: 300n },
    ];
    expect(lagFrom(samples, 300n, 2_100)).toBe(0);
    expect(lagFrom(samples, 250n, 2_100)).toBe(100); // the 300 of t=2000 is not replayed
    expect(lagFrom(samples, 150n, 2_100)).toBe(600);
    expect(lagFrom(samples, 50n, 2_100)).toBe(1_100);
    expect(lagFrom([], 50n, 2_100)).toBe(0);
  });
});
