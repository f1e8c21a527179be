/**
 * The API server refuses a ConfigMap whose data passes 1 MiB (`core.MaxSecretSize`, checked by its ConfigMap
 * validation). The keys are counted with the values here, to stay on the safe side; dashboards above it are split
 * into pages (see renderDashboards).
 */
export const MAX_CONFIG_MAP_BYTES = 1_048_576;
