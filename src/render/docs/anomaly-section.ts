import { ANOMALY_DETECTION as A } from "../../catalog/prometheus/anomaly-detection";
import { Duration } from "../../spec/duration";
import type { EnvironmentSpec } from "../../spec/environment";
import type { Artifacts } from "../artifacts";

/** Prometheus Operator's rule evaluation interval when the chart leaves `evaluationInterval` empty, as it does. */
const EVALUATION_SECONDS = 30;

const dur = (seconds: number) => {
  if (seconds % 86_400 === 0) return `${seconds / 86_400} d`;
  if (seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  return `${Math.round(seconds / 60)} min`;
};

/**
 * The "Anomaly detection" section of MONITORING.md: the method, its warm-up and its cost, from the detector's
 * constants and the rendered rule groups (so the numbers cannot drift from what is deployed).
 */
export function anomalySection(spec: EnvironmentSpec, artifacts: Artifacts): string[] {
  if (!spec.kubernetes || spec.services.length === 0) return [];
  const baselines = Object.entries(artifacts.prometheusRules).filter(([name]) => name.startsWith("anomaly-") && name.endsWith("-baseline"));
  const records = baselines.reduce((n, [, file]) => n + file.groups.reduce((m, g) => m + g.rules.length, 0), 0);
  const perService = baselines.length ? records / baselines.length : 0;
  const periods = A.periods.map((p) => dur(p.toSeconds())).join(", ");
  const tolerance = dur(A.tolerance.toSeconds());
  // Series: six per-period records (traffic high/low/median/low ahead, latency high/median) hold one series per period.
  const perPeriodRecords = 6;
  const series = perPeriodRecords * A.periods.length + (perService - perPeriodRecords);
  // Samples read per baseline evaluation and service, at the rule evaluation interval of the input records.
  const at = (seconds: number) => seconds / EVALUATION_SECONDS;
  const samples = Math.round(
    (perPeriodRecords - 1) * A.periods.length * at(2 * A.tolerance.toSeconds()) +
      A.periods.length * at(A.tolerance.toSeconds()) + // the lowest rate of the tolerance ahead
      2 * at(86_400) + // median of the last day, traffic and latency
      2 * at(A.noiseBaseline.toSeconds()) +
      2 * (A.noiseWindow.toSeconds() / A.baselineInterval.toSeconds()) +
      4 * at(A.fallbackWindow.toSeconds()),
  );
  const every = dur(A.baselineInterval.toSeconds());
  const firstRobustDay = Math.max(...A.periods.slice(0, A.robustPeriods).map((p) => p.toSeconds() / 86_400)) + 1;
  return [
    "## Anomaly detection",
    "",
    `Every service's request rate and p99 latency are compared with what the service itself did at the same time of day in the past (group \`anomaly-<service>-baseline\` records, \`anomaly-<service>\` alerts). The Application performance dashboard draws actual, prediction and band per service.`,
    "",
    `- **Prediction**: the median of the same time of day ${periods} ago, each taken as the median of ± ${tolerance} around that time. A median of several periods ignores one past incident; daily periods make it work from day two, weekly ones keep weekday shapes.`,
    `- **Band**: from the highest (surge) and lowest (drop) values those periods saw within ± ${tolerance}: a daily peak that starts up to ${tolerance} earlier or later than before stays inside the band, so its edges never alarm. Around that, the larger of ${A.noiseZ} × the normal noise, ${A.surgeMargin * 100} % above (${A.dropFraction * 100} % below) and ${A.minBandRequests} request/s (p99: ${A.latencyMargin * 100} % and ${A.minBandSeconds * 1000} ms).`,
    `- **Noise**, not the daily swing: 1.4826 × the median absolute deviation of the rate from its own ${dur(A.noiseBaseline.toSeconds())} median over the last ${dur(A.noiseWindow.toSeconds())}. A flat or tiny series has almost no noise; the minimum band keeps it from paging.`,
    `- **Alerts**: ServiceTrafficSurge (above the band and at least ${A.trafficFloor} request/s, for ${A.trafficFor.toPrometheus()}), ServiceTrafficDrop (below it while the prediction is at least ${A.trafficFloor} request/s, for ${A.dropFor.toPrometheus()}; a sudden drop, under ${(1 - A.dropFraction) * 100} % of the last ${dur(A.dropRecentWindow.toSeconds())}'s highest rate, is also measured against the lowest rate of the ${tolerance} *after* the same time in the past periods, so a drop in the middle of the daily peak pages within 15 minutes instead of waiting until the ± window lies on the peak), ServiceLatencyAnomaly (p99 above its band with at least ${A.latencyMinRequests} request/s, for ${A.latencyFor.toPrometheus()}). Organic growth of a few percent a day stays inside the band.`,
    "",
    `**Warm-up.** Day 1 (no past period): surges only above ${A.fallbackFactor} × the highest rate of the last ${dur(A.fallbackWindow.toSeconds())} (ending ${dur(A.fallbackGap.toSeconds())} ago) plus the band, no drop alert (ServiceRequestRateCollapse still watches). Days 2 to ${firstRobustDay - 1} (fewer than ${A.robustPeriods} periods): the band starts from the envelope of the periods there are and of the last day's median, so an echo of a past incident can hide an alarm but never raise one. From day ${firstRobustDay}: the median. The info alert ServiceAnomalyDetectionWarmingUp and the dashboard's "anomaly history" panel show the state; a renamed service (new \`job\` label) warms up again.`,
    "",
    `**Cost.** Per service: ${perService} recording rules evaluated every ${every} (not at every rule evaluation: their windows span hours to weeks), about ${series} recorded series, about ${samples.toLocaleString("en-US")} samples read per evaluation (${Math.round(samples / A.baselineInterval.toSeconds())} per second), and 4 alerts at the normal interval that read the latest band. For ${spec.services.length} service${spec.services.length === 1 ? "" : "s"}: ${series * spec.services.length} series, negligible next to the scraped ones. History is Prometheus's own retention (${spec.retention.metrics.toPrometheus()}); with less than ${Duration.seconds(A.periods[A.periods.length - 1].toSeconds() + A.tolerance.toSeconds()).toPrometheus()} the oldest periods never exist and the median uses the others.`,
    "",
    `**Clouds.** Resources marked \`anomalyDetection\` get the provider's own learnt band for the same intent: CloudWatch anomaly-detection alarms (ALB requests and response time, Lambda invocations and duration, SQS messages sent) and Azure Monitor dynamic thresholds (Application Gateway, Function App, Service Bus queue). Both learn from the metric's own history, so they too need a training period after a resource is created before their band means anything. CloudWatch's band has no traffic floor and an alarm on a band cannot also require a threshold, so each band alarm notifies through a composite alarm, \`ALARM(band) AND ALARM(floor)\`, whose floor alarm uses this detector's floors: for traffic, at least ${A.trafficFloor} request/s in one period of the last ${dur(A.dropRecentWindow.toSeconds())} (busy now for a surge, busy a moment ago for a drop); for latency, at least ${A.latencyMinRequests} request/s in every period the band alarm evaluates. Its band width stays CloudWatch's (standard deviations): the relative and absolute minimum widths have no CloudWatch equivalent. Google Cloud Monitoring has no learnt-band alert condition: load balancers and Cloud Run services marked \`anomalyDetection\` get this detector itself as PromQL alert conditions (surge and drop, \`seasonalTrafficAnomaly\`) over Cloud Monitoring's request counts, with the same periods, tolerance, margins and floors, but without what needs recording rules there (the noise term, the warm-up envelope and first-day fallback, the sudden-drop edge): missing periods drop out of the median, so the first days compare with fewer periods.`,
    "",
  ];
}
