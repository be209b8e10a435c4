// An SVG bar chart of how many times faster (or leaner) ours is than the peer, per measure, on a log scale.
export interface ChartRow {
  readonly title: string;
  /** peer median / our median; > 1 means ours is better. */
  readonly ratio: number;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function ratioChart(rows: readonly ChartRow[], caption: string): string {
  const rowHeight = 26;
  // Wide enough for the longest title at about 7.2 px a character (13 px sans-serif), so none is clipped.
  const labelWidth = Math.max(300, Math.ceil(Math.max(...rows.map((r) => r.title.length)) * 7.2) + 20);
  const barWidth = 460;
  const top = 44;
  const height = top + rows.length * rowHeight + 30;
  const maxLog = Math.max(1, ...rows.map((r) => Math.abs(Math.log10(Math.max(r.ratio, 1e-3)))));
  const centre = labelWidth + barWidth / 4;
  const scale = (barWidth * 0.7) / maxLog;
  const bars = rows.map((row, i) => {
    const y = top + i * rowHeight;
    const log = Math.log10(Math.max(row.ratio, 1e-3));
    const width = Math.max(1, Math.abs(log) * scale);
    const x = log >= 0 ? centre : centre - width;
    const colour = row.ratio >= 1 ? '#2e7d32' : '#c62828';
    const label = row.ratio >= 10 ? `${row.ratio.toFixed(0)}×` : `${row.ratio.toFixed(2)}×`;
    return [
      `<text x="${labelWidth - 10}" y="${y + 17}" text-anchor="end">${escape(row.title)}</text>`,
      `<rect x="${x.toFixed(1)}" y="${y + 5}" width="${width.toFixed(1)}" height="16" fill="${colour}"/>`,
      `<text x="${(log >= 0 ? x + width + 6 : x - 6).toFixed(1)}" y="${y + 17}" text-anchor="${log >= 0 ? 'start' : 'end'}">${label}</text>`,
    ].join('');
  });
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${labelWidth + barWidth + 90}" height="${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="22" font-size="15" font-weight="bold">${escape(caption)}</text>`,
    `<line x1="${centre}" y1="${top - 4}" x2="${centre}" y2="${height - 24}" stroke="#555"/>`,
    `<text x="${centre}" y="${height - 8}" text-anchor="middle" fill="#555">1× (same as @azure/identity); bars to the right: ours better (log scale)</text>`,
    ...bars,
    '</svg>',
  ].join('\n');
}
