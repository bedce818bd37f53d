import { expect } from 'chai';
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { promisify } from 'node:util';

const ROOT = resolve(import.meta.dirname, '../..');

interface Probe { pages: number; keptTrees: number; droppedTrees: number; droppedExtractions: number }

/*
 * A page read and dropped must be garbage for the next young collection. When something long-lived pointed at each
 * page (cheerio's per-page `load`, a WeakMap keyed by `$`, a closure kept in a result), every young collection copied
 * all the pages read since the previous one: reading 6 pages then left 14-19 MB, as much as keeping their trees.
 * See src/extraction/page-index.ts, "Garbage".
 */
describe('extraction: pages do not outlive young collections', function () {
  this.timeout(120_000);
  let probe: Probe;

  before(async () => {
    const { stdout } = await promisify(execFile)(process.execPath,
      ['--import', 'tsx', '--expose-gc', 'test/extraction/page-garbage.probe.ts'], { cwd: ROOT, maxBuffer: 1 << 20 });
    probe = JSON.parse(stdout.trim().split('\n').pop()!) as Probe;
  });

  it('the measurement sees live pages: 6 parsed trees kept alive survive', () => {
    expect(probe.keptTrees, JSON.stringify(probe)).to.be.greaterThan(4);
  });

  it('6 parsed and dropped pages leave under a quarter of what their trees hold', () => {
    expect(probe.droppedTrees, JSON.stringify(probe)).to.be.lessThan(probe.keptTrees / 4);
  });

  it('6 extracted and dropped pages leave under half of what their trees hold', () => {
    expect(probe.droppedExtractions, JSON.stringify(probe)).to.be.lessThan(probe.keptTrees / 2);
  });
});
