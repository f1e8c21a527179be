import type { Severity } from "../../spec/primitives";

/** The incident categories of the course the game days practise. */
export type ScenarioCategory =
  | "server-outage"
  | "performance-degradation"
  | "high-error-rate"
  | "database-connectivity"
  | "deployment-failure"
  | "monitoring-pipeline";

/**
 * A fault the game-day runner injects into the local stack, and undoes as the mitigation. Every fault is bounded:
 * the runner undoes it at the end of the scenario whatever happens.
 */
export type FaultInjector =
  /** The subject service's process and the host's node_exporter stop: the machine is gone. */
  | { readonly kind: "host-down" }
  /** node_exporter's CPU counters (a simulated kernel's /proc/stat) show the host this busy; no CPU is burnt. */
  | { readonly kind: "cpu-busy"; readonly busyPercent: number }
  /** The subject service answers this share of requests with 500, and/or this much slower. */
  | { readonly kind: "service-fault"; readonly errorRate?: number; readonly latencyMs?: number }
  /** The subject service is redeployed as a version that fails this share of requests; mitigation is the rollback. */
  | { readonly kind: "bad-deploy"; readonly version: string; readonly errorRate: number }
  /** The database stops answering its exporter. */
  | { readonly kind: "database-down" }
  /** Open connections reach this share of max_connections. */
  | { readonly kind: "database-connections"; readonly percentOfMax: number }
  /** Alertmanager stops: no notification leaves, and the heartbeat (dead man's switch) goes quiet. */
  | { readonly kind: "alertmanager-down" };

/** An alert the scenario must raise, with what bounds its detection time. */
export interface ExpectedAlert {
  readonly alert: string;
  readonly severity: Severity;
  /** The alert carries the subject service's labels (and so pages that service's PagerDuty service). @default false */
  readonly ofService?: boolean;
}

/** One game-day scenario: data only; the runner and renderers read it. */
export interface GamedayScenario {
  readonly id: string;
  readonly title: string;
  readonly category: ScenarioCategory;
  /** What the players are told at the start (the symptom, never the cause). */
  readonly briefing: string;
  readonly fault: FaultInjector;
  /** Alerts that must fire. Receivers are never listed here: they come from the environment's rendered routing. */
  readonly expected: readonly ExpectedAlert[];
  /**
   * The heartbeat (dead man's switch) must go quiet instead of an alert firing: nothing inside the stack can page
   * about the stack's own notifier. @default false
   */
  readonly expectHeartbeatGap?: boolean;
  /** The action that mitigates it, in one sentence a responder can follow; the runner performs it. */
  readonly action: string;
  /** For the game master: what to watch, what to ask, where teams usually go wrong. */
  readonly gameMasterNotes: readonly string[];
  /** What the scenario needs from the environment (a service, a PostgreSQL database, a heartbeat). */
  readonly needs: ReadonlyArray<"service" | "postgres" | "heartbeat" | "latency-objective">;
}
