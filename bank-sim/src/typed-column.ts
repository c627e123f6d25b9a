/** Growable typed-array columns: how the book and its feed store 500,000 rows compactly. */

/** Growable typed-array column. */
export class Column<T extends Int32Array | Uint8Array | Uint16Array> {
  constructor(
    public values: T,
    private readonly allocate: (length: number) => T,
  ) {}
  ensure(length: number): void {
    if (length <= this.values.length) return;
    const grown = this.allocate(Math.max(length, this.values.length * 2));
    grown.set(this.values);
    this.values = grown;
  }
}
export const int32Column = () => new Column(new Int32Array(1024), (n) => new Int32Array(n));
export const uint8Column = () => new Column(new Uint8Array(1024), (n) => new Uint8Array(n));
export const uint16Column = () => new Column(new Uint16Array(1024), (n) => new Uint16Array(n));
