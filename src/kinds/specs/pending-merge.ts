// Placeholder until the extraction branch lands (it brings the real ones); removed on merge.
import type { Page } from 'puppeteer-core';
export function normalisePropertyKey(name: string): string {
  return name.toLowerCase().replace(/ё/g, 'е').replace(/[\s\p{P}]+/gu, ' ').trim();
}
export async function revealCharacteristics(_page: Page, _o: { timeoutMs: number; signal?: AbortSignal }): Promise<number> {
  return 0;
}
