import { scaleLinear, scaleUtc } from 'd3-scale';
import { curveStepAfter, line } from 'd3-shape';
import { PriceKind } from '../entities/index.js';
import { isUnavailable } from './availability-terms.js';
import type { PriceHistory } from './history.js';
import { escapeMarkup as esc } from '../util/markup.js';

export interface ChartOptions {
  width?: number;
  height?: number;
}

const STYLE: Record<PriceKind, { color: string; dash?: string; label: string }> = {
  [PriceKind.Current]: { color: '#1a62d6', label: 'price' },
  [PriceKind.Regular]: { color: '#8a8f98', dash: '6 4', label: 'crossed-out' },
  [PriceKind.Card]: { color: '#1b8a4a', label: 'card price' },
};
const MARGIN = { top: 44, right: 18, bottom: 30, left: 74 };
const HOUR_MS = 3_600_000;

/**
 * The history as a standalone SVG: one step line per price kind (a price holds until the next one is seen),
 * unavailable spans shaded, dates along the bottom and money up the side. Sized by a viewBox so it scales down
 * to a phone without losing proportions; every text from the data is escaped.
 */
export function renderHistoryChart(history: PriceHistory, options: ChartOptions = {}): string {
  const width = options.width ?? 800;
  const height = options.height ?? 300;
  const points = history.kinds.flatMap((k) => k.points);
  // Legend: only what is on the chart; right-aligned on one row when it fits, else wrapped under the title.
  const entries: { swatch: string; label: string }[] = history.kinds.map((k) => {
    const s = STYLE[k.kind];
    return { swatch: `<line x1="0" x2="18" y1="0" y2="0" stroke="${s.color}" stroke-width="2.5"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>`, label: s.label };
  });
  if (points.some((p) => isUnavailable(p.availability))) {
    entries.push({ swatch: `<rect x="0" y="-6" width="18" height="12" fill="#d1242f" fill-opacity="0.18"/>`, label: 'out of stock' });
  }
  const entryWidth = (e: { label: string }) => e.label.length * 7 + 30;
  const legendWidth = entries.reduce((sum, e) => sum + entryWidth(e), 0);
  const legend: string[] = [];
  let rows = 1;
  if (legendWidth <= width - MARGIN.right - 8) {
    let lx = width - MARGIN.right - legendWidth;
    for (const e of entries) {
      legend.push(legendEntry(e, lx, 34));
      lx += entryWidth(e);
    }
  } else {
    let lx = 8;
    for (const e of entries) {
      if (lx > 8 && lx + entryWidth(e) > width - 8) [lx, rows] = [8, rows + 1];
      legend.push(legendEntry(e, lx, 34 + (rows - 1) * 18));
      lx += entryWidth(e);
    }
  }
  // The money labels decide the left margin, so long amounts are never clipped.
  const currencies = [...new Set(points.map((p) => p.currency).filter((c): c is string => !!c))];
  // Price-less points (the page said unavailable and showed no price) have a shaded span but no place on the y axis.
  const amounts = points.flatMap((p) => (p.amount === null ? [] : [Number(p.amount)]));
  const [lo, hi] = amounts.length ? [Math.min(...amounts), Math.max(...amounts)] : [0, 0];
  const pad = hi === lo ? Math.max(hi * 0.1, 1) : (hi - lo) * 0.12;
  const y = scaleLinear().domain([Math.max(0, lo - pad), hi + pad]).nice(5);
  const money = moneyFormat(currencies.length === 1 ? currencies[0]! : null, y.ticks(5));
  const labelWidth = points.length ? Math.max(...y.ticks(5).map((v) => money(v).length)) * 7.2 : 0;
  const plot = { left: Math.max(MARGIN.left, Math.ceil(labelWidth + 16)), right: width - MARGIN.right, top: MARGIN.top + (rows - 1) * 18, bottom: height - MARGIN.bottom };
  y.range([plot.bottom, plot.top]);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" preserveAspectRatio="xMidYMid meet" style="max-width:100%;height:auto" role="img" font-family="system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif" font-size="13">`,
  );
  // The URL gives way, not the region: the title fits the width at 14px (about 8.5px per character).
  const region = history.region ? ` (${history.region})` : '';
  const title = `Price history: ${shorten(history.url, Math.max(12, Math.floor(width / 8.5) - 15 - region.length))}${region}`;
  out.push(`<title>${esc(title)}</title>`);
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${width < 600 ? 8 : plot.left}" y="18" font-size="14" font-weight="600" fill="#1f2328">${esc(title)}</text>`);
  if (points.length === 0) {
    out.push(`<text x="${width / 2}" y="${height / 2}" text-anchor="middle" fill="#57606a">No prices collected yet</text></svg>`);
    return out.join('');
  }

  const times = points.flatMap((p) => [Date.parse(p.firstSeen), Date.parse(p.lastSeen)]);
  let [t0, t1] = [Math.min(...times), Math.max(...times)];
  // A single collection is a moment; give the axis a day around it so the point is visible and the dates make sense.
  if (t1 - t0 < HOUR_MS) [t0, t1] = [t0 - 12 * HOUR_MS, t1 + 12 * HOUR_MS];
  const x = scaleUtc().domain([new Date(t0), new Date(t1)]).range([plot.left, plot.right]);

  // Out-of-stock spans first, under everything else.
  for (const k of history.kinds) {
    k.points.forEach((p, i) => {
      if (!isUnavailable(p.availability)) return;
      const from = x(new Date(p.firstSeen));
      const to = x(new Date(k.points[i + 1]?.firstSeen ?? p.lastSeen));
      out.push(`<rect x="${r(from)}" y="${plot.top}" width="${r(Math.max(to - from, 3))}" height="${plot.bottom - plot.top}" fill="#d1242f" fill-opacity="0.10"/>`);
    });
  }

  // Axes and grid.
  out.push(`<g fill="#57606a" font-size="12">`);
  for (const v of y.ticks(5)) {
    const yy = r(y(v));
    out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${yy}" y2="${yy}" stroke="#eaeef2"/>`);
    out.push(`<text x="${plot.left - 8}" y="${yy}" text-anchor="end" dominant-baseline="middle">${esc(money(v))}</text>`);
  }
  const xTicks = x.ticks(Math.max(2, Math.floor((plot.right - plot.left) / (t1 - t0 < 48 * HOUR_MS ? 150 : 80))));
  // Dates as people write them ("Oct 5"); the time of day only when the whole chart spans less than two days.
  const dateLabel = dateFormat(t1 - t0 < 48 * HOUR_MS);
  for (const t of xTicks) {
    const xx = r(x(t));
    out.push(`<line x1="${xx}" x2="${xx}" y1="${plot.bottom}" y2="${plot.bottom + 5}" stroke="#8c959f"/>`);
    const label = dateLabel(t);
    // A label that would run past the picture's edge is left out (its tick stays) rather than cut off.
    if (xx + label.length * 3.6 > width - 2) continue;
    out.push(`<text x="${xx}" y="${plot.bottom + 19}" text-anchor="middle">${esc(label)}</text>`);
  }
  out.push(`</g>`);
  out.push(`<line x1="${plot.left}" x2="${plot.right}" y1="${plot.bottom}" y2="${plot.bottom}" stroke="#8c959f"/>`);
  out.push(`<line x1="${plot.left}" x2="${plot.left}" y1="${plot.top}" y2="${plot.bottom}" stroke="#8c959f"/>`);

  // One step line per kind: each price holds from its first sighting to the next one, the last to its last sighting.
  const path = line<[number, number]>().x((d) => d[0]).y((d) => d[1]).defined((d) => !Number.isNaN(d[1])).curve(curveStepAfter);
  for (const k of history.kinds) {
    const style = STYLE[k.kind];
    const last = k.points.at(-1)!;
    // A price-less point breaks the line (NaN is left undefined), so no price is drawn where the page showed none;
    // the price before it still holds up to it.
    const coords: [number, number][] = [];
    for (const p of [...k.points, { ...last, firstSeen: last.lastSeen }]) {
      const px = r(x(new Date(p.firstSeen)));
      const before = coords.at(-1);
      if (p.amount === null && before && !Number.isNaN(before[1])) coords.push([px, before[1]]);
      coords.push([px, p.amount === null ? NaN : r(y(Number(p.amount)))]);
    }
    out.push(
      `<path class="price-line" data-kind="${k.kind}" d="${path(coords) ?? ''}" fill="none" stroke="${style.color}" stroke-width="2.5" stroke-linejoin="round"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`,
    );
    // A dot where each price was first seen.
    for (const p of k.points) {
      if (p.amount !== null) out.push(`<circle cx="${r(x(new Date(p.firstSeen)))}" cy="${r(y(Number(p.amount)))}" r="3" fill="${style.color}"/>`);
    }
  }

  out.push(...legend, `</svg>`);
  return out.join('');
}

function dateFormat(withTime: boolean): (t: Date) => string {
  const f = new Intl.DateTimeFormat('en', { timeZone: 'UTC', month: 'short', day: 'numeric', ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' } : {}) });
  return (t) => f.format(t);
}

function legendEntry(e: { swatch: string; label: string }, x: number, y: number): string {
  return `<g transform="translate(${x},${y})">${e.swatch}<text x="23" y="0" dominant-baseline="middle" font-size="12" fill="#1f2328">${esc(e.label)}</text></g>`;
}

/** Money ticks: the currency sign when there is exactly one currency, as many decimals as the ticks need. */
function moneyFormat(currency: string | null, ticks: number[]): (v: number) => string {
  const decimals = ticks.some((t) => !Number.isInteger(t)) ? 2 : 0;
  if (currency) {
    try {
      const f = new Intl.NumberFormat('en', { style: 'currency', currency, currencyDisplay: 'narrowSymbol', minimumFractionDigits: decimals, maximumFractionDigits: decimals });
      return (v) => f.format(v);
    } catch {
      // An unknown code: fall through to plain numbers followed by the code.
    }
  }
  const f = new Intl.NumberFormat('en', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
  return (v) => (currency ? `${f.format(v)} ${currency}` : f.format(v));
}

function r(n: number): number {
  return Math.round(n * 10) / 10;
}

function shorten(s: string, max: number): string {
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

