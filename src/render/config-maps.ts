/**
 * The API server refuses a ConfigMap whose data passes 1 MiB (`core.MaxSecretSize`, checked by its ConfigMap
 * validation). The keys are counted with the values here, to stay on the safe side. Data that grows with the spec
 * (dashboards, rule files) is split before it: dashboards into pages (see renderDashboards), files into several
 * ConfigMaps (shardConfigMapData).
 */
export const MAX_CONFIG_MAP_BYTES = 1_048_576;

/** Bytes of one ConfigMap entry as counted against MAX_CONFIG_MAP_BYTES. */
const configMapEntryBytes = (key: string, value: string): number => Buffer.byteLength(key) + Buffer.byteLength(value);

/**
 * Files split into as few ConfigMaps' data as hold them, in key order, each within `limit`; a single file above the
 * limit throws, naming it. No files: one empty ConfigMap (what mounts it still finds it).
 */
export function shardConfigMapData(files: Readonly<Record<string, string>>, limit = MAX_CONFIG_MAP_BYTES): Array<Record<string, string>> {
  const shards: Array<Record<string, string>> = [{}];
  let used = 0;
  for (const key of Object.keys(files).sort()) {
    const bytes = configMapEntryBytes(key, files[key]);
    if (bytes > limit) throw new Error(`the file "${key}" is ${bytes} bytes, over the ${limit} bytes a ConfigMap can hold`);
    if (used + bytes > limit) {
      shards.push({});
      used = 0;
    }
    shards[shards.length - 1][key] = files[key];
    used += bytes;
  }
  return shards;
}
