/**
 * Appends `value` to the list of `key`, creating the list on first use. Grouping by copying the list on every append
 * (`map.set(key, [...(map.get(key) ?? []), value])`) is quadratic in the size of a group; large environments have
 * groups of thousands (one alert name per service, alarms per preset).
 */
export function pushTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
