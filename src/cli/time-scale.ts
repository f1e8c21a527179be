/**
 * `--time-scale <factor>`: how much shorter every range, `for:` and group wait are (drills and game days compress
 * time). Writes the problem to stderr and returns undefined when the value is not a number in (0, 1].
 */
export function parseTimeScale(value: string | undefined, fallback: number): number | undefined {
  const timeScale = value === undefined ? fallback : Number(value);
  if (Number.isFinite(timeScale) && timeScale > 0 && timeScale <= 1) return timeScale;
  process.stderr.write(`--time-scale must be a number in (0, 1], received "${value}"\n`);
  return undefined;
}
