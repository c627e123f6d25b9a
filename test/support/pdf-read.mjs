// The text of a PDF, and optionally its first page as a PNG, read by pdfjs-dist (its legacy build,
// for Node). An ES module run as a child process (pdfjs-dist is ESM-only; jest runs CommonJS):
//   node test/support/pdf-read.mjs FILE.pdf [PAGE1.png]   → {"pages": n, "text": "…"} on stdout
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const [file, png] = process.argv.slice(2);
const root = dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const doc = await getDocument({
  data: new Uint8Array(readFileSync(file)),
  cMapUrl: join(root, 'cmaps') + '/',
  cMapPacked: true,
  standardFontDataUrl: join(root, 'standard_fonts') + '/',
  verbosity: 0,
}).promise;
const texts = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const content = await page.getTextContent();
  texts.push(content.items.map((item) => ('str' in item ? item.str + (item.hasEOL ? '\n' : '') : '')).join(''));
  if (n === 1 && png) {
    const viewport = page.getViewport({ scale: 1.5 });
    const { canvas, context } = doc.canvasFactory.create(Math.ceil(viewport.width), Math.ceil(viewport.height));
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    writeFileSync(png, canvas.toBuffer('image/png'));
  }
}
process.stdout.write(JSON.stringify({ pages: doc.numPages, text: texts.join('\n') }));
await doc.destroy();
