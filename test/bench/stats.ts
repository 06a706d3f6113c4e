// Small statistics for the benchmark: medians of repeated measurements.

/** The median (mean of the two middle values for an even count); NaN for no values. */
export function median(values: readonly number[]): number {
	if (values.length === 0) {
		return Number.NaN;
	}
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The value below which `fraction` of the values lie (nearest rank). */
export function percentile(values: readonly number[], fraction: number): number {
	if (values.length === 0) {
		return Number.NaN;
	}
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
	return sorted[rank];
}

/** A positive integer from the environment, or the default. */
export function envCount(name: string, fallback: number): number {
	const raw = process.env[name];
	const value = raw === undefined ? Number.NaN : Number(raw);
	return Number.isSafeInteger(value) && value > 0 ? value : fallback;
}
