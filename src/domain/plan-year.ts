/** Which plan is "current" on a date: this year's, else the latest earlier one, else the earliest later one. Pure. */
export function currentPlanYear(years: readonly number[], thisYear: number): number | null {
  if (years.length === 0) return null;
  const earlier = years.filter((y) => y <= thisYear);
  return earlier.length > 0 ? Math.max(...earlier) : Math.min(...years);
}
