import { Duration } from "../../spec/duration";

/** How long a new group waits for more alerts before its first notification (route `group_wait`), outside drills. */
export const GROUP_WAIT = Duration.seconds(30);
/** Time between a group's updates (route `group_interval`), outside drills. */
export const GROUP_INTERVAL = Duration.minutes(5);
/** The info digest's group_wait and group_interval. */
export const DIGEST_WAIT = Duration.minutes(5);
export const DIGEST_INTERVAL = Duration.hours(1);

/**
 * How often Alertmanager actually re-sends a group that stays unchanged: only at a flush (every group_interval), and
 * only once the last notification, logged after its send returned, is older than repeat_interval (notify.DedupStage).
 * So the first flush at or after repeat_interval, or one group_interval later when repeat_interval is a multiple of
 * group_interval and the previous send's latency outlasts the check's own delay (usual: 1h at 5m flushes repeats every
 * 1h5m, at times 1h).
 */
export function repeatCadence(repeatInterval: Duration, groupInterval: Duration): { min: Duration; max: Duration } {
  const group = groupInterval.toSeconds();
  return {
    min: Duration.seconds(Math.ceil(repeatInterval.toSeconds() / group) * group),
    max: Duration.seconds((Math.floor(repeatInterval.toSeconds() / group) + 1) * group),
  };
}
