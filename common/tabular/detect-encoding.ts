/**
 * CSV exports arrive in UTF-8 (with or without BOM) or in GBK/GB18030 (Excel on Chinese
 * Windows). GB18030 is a superset of GBK, so it decodes both. Detection: a UTF-8 BOM, or
 * bytes that are valid UTF-8, mean UTF-8; anything else is read as GB18030.
 */
export type TextEncodingName = 'utf-8' | 'gb18030';

export function detectEncoding(sample: Buffer): TextEncodingName {
  if (sample.length >= 3 && sample[0] === 0xef && sample[1] === 0xbb && sample[2] === 0xbf) return 'utf-8';
  // The sample may end inside a multi-byte character: drop up to 3 trailing bytes before judging.
  for (let cut = 0; cut <= Math.min(3, sample.length); cut++) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(sample.subarray(0, sample.length - cut));
      return 'utf-8';
    } catch {
      // not valid UTF-8 with this cut
    }
  }
  return 'gb18030';
}

/** `auto`, or an explicit name as bureaus write it (gbk, gb2312, gb18030, utf8, utf-8). */
export function resolveEncoding(declared: string | undefined, sample: Buffer): TextEncodingName {
  const name = (declared ?? 'auto').toLowerCase().replace('_', '-');
  if (name === 'auto') return detectEncoding(sample);
  if (['utf8', 'utf-8'].includes(name)) return 'utf-8';
  if (['gbk', 'gb2312', 'gb18030', 'cp936'].includes(name)) return 'gb18030';
  throw new Error(`unknown encoding "${declared}": use auto, utf-8 or gbk`);
}
