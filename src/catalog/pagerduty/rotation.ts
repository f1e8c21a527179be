/** Monday 2025-01-06 in the rotation's time zone: a fixed start keeps the schedule from moving on every apply. */
export const ROTATION_EPOCH = "2025-01-06";
