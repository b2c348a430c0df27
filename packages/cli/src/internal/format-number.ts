// A fixed locale: the same input must print the same bytes on every machine.
const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatInteger(value: number): string {
  return integer.format(value);
}

/** "−90.0%" for a reduction (with a real minus sign), "+3.0%" for growth, "0.0%" otherwise. */
export function formatChange(before: number, after: number): string {
  if (before === 0) return '0.0%';
  const change = (100 * (after - before)) / before;
  const text = Math.abs(change).toFixed(1);
  if (text === '0.0') return '0.0%';
  return `${change < 0 ? '\u2212' : '+'}${text}%`;
}

/** US dollars, deterministic: whole cents from $1, three significant digits below (a small proxy's savings are fractions of a cent). */
export function formatDollars(value: number): string {
  if (value === 0) return '$0.00';
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  if (abs >= 1) return `${sign}$${new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(abs)}`;
  return `${sign}$${abs.toPrecision(3).replace(/(\.\d*?)0+$/, '$1').replace(/\.$/, '')}`;
}

/** "81.0%" from a percentage with one decimal. */
export function formatPercent(value: number): string {
  return `${value.toFixed(1)}%`;
}

/** "61.4 MB", "512 KB", "30 B": decimal units, as file managers and `ls -h --si` show them. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(1)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} KB`;
  return `${bytes} B`;
}
