/**
 * A county's townships and villages, for resolving what a roster row says (a code or a name)
 * to statistical codes, and for checking that a village lies in its township; and, through the
 * national register, for telling a place of another county from a place that does not exist.
 */
import { countyOfRegionCode, isOtherCountysTownship, namesCounty, namesSomeCounty } from '../../../../../common/tabular/region-register';

export interface RegionEntry {
  code: string;
  name: string;
  parentCode: string | null;
  level: 'county' | 'township' | 'village';
}

export class RegionIndex {
  private readonly townshipsByName = new Map<string, string>();
  private readonly townshipCodes = new Set<string>();
  private readonly villagesByName = new Map<string, string>(); // `${townshipCode}/${name}` → code
  private readonly villageParent = new Map<string, string>();
  readonly countyName: string | undefined;

  constructor(
    readonly countyCode: string,
    regions: Iterable<RegionEntry>,
  ) {
    let countyName: string | undefined;
    for (const region of regions) {
      if (region.level === 'county' && region.code === countyCode) countyName = region.name;
      if (region.level === 'township' && region.parentCode === countyCode) {
        this.townshipCodes.add(region.code);
        this.townshipsByName.set(region.name, region.code);
      }
    }
    for (const region of regions) {
      if (region.level === 'village' && region.parentCode && this.townshipCodes.has(region.parentCode)) {
        this.villageParent.set(region.code, region.parentCode);
        this.villagesByName.set(`${region.parentCode}/${region.name}`, region.code);
      }
    }
    this.countyName = countyName;
  }

  get size(): number {
    return this.townshipCodes.size + this.villageParent.size;
  }

  /** The township's code from its 9-digit code or its name; undefined when not in this county. */
  township(value: string): string | undefined {
    if (/^\d{9}$/.test(value)) return this.townshipCodes.has(value) ? value : undefined;
    return this.townshipsByName.get(value);
  }

  /** The village's code from its 12-digit code or its name, within the given township. */
  village(value: string, townshipCode: string): string | undefined {
    if (/^\d{12}$/.test(value)) return this.villageParent.get(value) === townshipCode ? value : undefined;
    return this.villagesByName.get(`${townshipCode}/${value}`) ?? this.villagesByName.get(`${townshipCode}/${value}村民委员会`);
  }

  /** True when the value names this county: its code, or its name with or without the province and prefecture before it. */
  isCounty(value: string): boolean {
    return value === this.countyCode || namesCounty(value, this.countyCode, this.countyName ?? null);
  }

  /** True when a county column's value names another county of the register (by code or name). */
  isOtherCounty(value: string): boolean {
    return !this.isCounty(value) && namesSomeCounty(value);
  }

  /**
   * True when a township or village value places the row in another county: a statistical code
   * whose first six digits are another county's, or (townships) a name the register has only in
   * other counties.
   */
  isElsewhere(value: string, level: 'township' | 'village'): boolean {
    const county = countyOfRegionCode(value);
    if (county !== null) return county !== this.countyCode;
    return level === 'township' && this.township(value) === undefined && isOtherCountysTownship(value, this.countyCode);
  }
}
