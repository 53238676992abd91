import { readdirSync } from 'node:fs';
import { DETECTORS, validateDetectors } from './index.js';

const dir = new URL('.', import.meta.url).pathname;

describe('DETECTORS', () => {
  it('has unique kebab-case names, one file per detector named after it, each with its spec', () => {
    expect(() => validateDetectors(DETECTORS)).not.toThrow();
    const files = readdirSync(dir);
    const detectorFiles = files
      .filter((f) => f.endsWith('.detector.ts'))
      .map((f) => f.replace('.detector.ts', ''));
    expect(DETECTORS.map((d) => d.name).sort()).toEqual(detectorFiles.sort());
    const untested = detectorFiles.filter((name) => !files.includes(`${name}.detector.spec.ts`));
    expect(untested).toEqual([]);
  });

  it('refuses a duplicate or badly formed name at start-up', () => {
    const d = DETECTORS[0]!;
    expect(() => validateDetectors([d, d])).toThrow(`duplicate detector name '${d.name}'`);
    expect(() => validateDetectors([{ ...d, name: 'Bad_Name' }])).toThrow('must be kebab-case');
  });
});
