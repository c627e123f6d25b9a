/** A county's own roster headers (on top of the built-in aliases), used by later imports. */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { COUNTY_CODE } from '../../../../common/codes';
import { CountyHeaderMapping, normalizeHeader, ROSTER_FIELDS, RosterField } from './domain/roster-fields';
import { RegionRecord } from '../region/region.entity';
import { RosterHeaderMappingRecord } from './header-mapping.entity';
import { assertCountyWriter, RosterError } from './roster-access';

export class HeaderMappingService {
  constructor(private readonly dataSource: DataSource) {}

  async set(caller: Caller, countyCode: string, header: string, field: string, required = false): Promise<void> {
    if (!COUNTY_CODE.test(countyCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${countyCode}" is not a county code`, 'countyCode');
    if (!(ROSTER_FIELDS as readonly string[]).includes(field))
      throw new RosterError('ROSTER_BAD_REQUEST', `field must be one of ${ROSTER_FIELDS.join(', ')}`, 'field');
    const normalized = normalizeHeader(header);
    if (normalized.length === 0 || normalized.length > 64) throw new RosterError('ROSTER_BAD_REQUEST', 'header must be 1-64 characters', 'header');
    assertCountyWriter(caller, countyCode);
    // A mapping for a county the region directory does not have could never be used: no import runs without its regions.
    const county = await this.dataSource.getRepository(RegionRecord).existsBy({ code: countyCode, level: 'county' });
    if (!county) {
      throw new RosterError(
        'ROSTER_BAD_REQUEST',
        `county ${countyCode} is not in the region directory (a county loads with npm run roster -- regions --county ${countyCode})`,
        'countyCode',
      );
    }
    await this.dataSource.getRepository(RosterHeaderMappingRecord).upsert({ countyCode, header: normalized, field, required }, ['countyCode', 'header']);
  }

  /** The county's own headers, and the fields it requires (a field is required when any of its mappings says so). */
  async forCounty(countyCode: string): Promise<CountyHeaderMapping> {
    const rows = await this.dataSource.getRepository(RosterHeaderMappingRecord).find({ where: { countyCode } });
    return {
      headers: Object.fromEntries(rows.map((r) => [r.header, r.field as RosterField])),
      required: [...new Set(rows.filter((r) => r.required).map((r) => r.field as RosterField))],
    };
  }
}
