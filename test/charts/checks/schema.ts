import { createHash } from "node:crypto";
import { Ajv, type ValidateFunction } from "ajv";
import type { KubeObject, RenderedRelease } from "../../support/helm";
import type { Finding } from "./finding";

/**
 * Every rendered object validates against its API schema:
 * - built-in kinds against kubernetes-models (the Kubernetes OpenAPI document as ajv-compiled validators, one module
 *   per kind, kept current upstream; version 5.1 is generated from Kubernetes 1.36: types, required fields, enums).
 *   Only GA versions count as served on 1.31-1.34: every older beta API is removed by 1.32 and newer beta APIs are off
 *   by default (since 1.24); and a GA API newer than 1.31, the oldest supported version, is reported
 *   ({@link GA_AFTER_OLDEST}). Fields added after 1.31 are not told apart (the models have one version);
 * - custom resources against the CRDs the stack itself renders (the pinned prometheus-operator-crds chart, so the
 *   schema is exactly the one the cluster gets), strictly: a field the CRD schema does not declare is reported,
 *   because the API server would prune it silently.
 */
export async function schemaFindings(env: string, rendered: readonly RenderedRelease[]): Promise<Finding[]> {
  const crds = crdValidators(rendered.flatMap((r) => r.objects));
  const messages = new Set<string>();
  for (const r of rendered) {
    for (const o of r.objects) {
      const where = `${o.kind}/${o.metadata?.namespace ?? r.release.namespace}/${o.metadata?.name} (${o.apiVersion})`;
      const crd = crds.get(`${o.apiVersion}/${o.kind}`)?.();
      if (crd) {
        const errors = verdict(o, crd, () =>
          crd(o)
            ? []
            : (crd.errors ?? []).map(
                (e) =>
                  `${e.instancePath || "/"} ${e.message}${e.params && "additionalProperty" in e.params ? ` (${e.params.additionalProperty})` : ""}`,
              ),
        );
        for (const e of errors) messages.add(`${where}: ${e}`);
        continue;
      }
      const model = GA_VERSION.test(String(o.apiVersion).split("/").at(-1) ?? "") ? await builtInModel(o.apiVersion, o.kind) : undefined;
      if (!model) {
        messages.add(`${where}: no such GA API in Kubernetes ${OLDEST_SUPPORTED}-${NEWEST_SUPPORTED} and no CRD for it in the stack`);
        continue;
      }
      const since = GA_AFTER_OLDEST[`${o.apiVersion}/${o.kind}`];
      if (since)
        messages.add(`${where}: GA only since Kubernetes ${since}; ${OLDEST_SUPPORTED}, the oldest supported version, does not serve it`);
      const errors = verdict(o, model, () => {
        try {
          new model(o).validate();
          return [];
        } catch (error) {
          const errors = (error as { errors?: { instancePath: string; message?: string }[] }).errors;
          if (!errors) throw error;
          return errors.map((e) => `${e.instancePath || "/"} ${e.message}`);
        }
      });
      for (const e of errors) messages.add(`${where}: ${e}`);
    }
  }
  return [...messages].sort().map((message) => ({ env, check: "schema", message }));
}

const GA_VERSION = /^v\d+$/;

// The tests that break one object of an environment check the others again unchanged (the same objects: renders are
// shared, and a changed object is a copy), so each object's errors are computed once per validator.
const verdicts = new WeakMap<object, Map<unknown, readonly string[]>>();

/** The errors of one object under one validator (CRD schema or model class), computed once per process. */
function verdict(object: KubeObject, validator: unknown, compute: () => readonly string[]): readonly string[] {
  let byValidator = verdicts.get(object);
  if (!byValidator) {
    byValidator = new Map();
    verdicts.set(object, byValidator);
  }
  let errors = byValidator.get(validator);
  if (!errors) {
    errors = compute();
    byValidator.set(validator, errors);
  }
  return errors;
}

/** The Kubernetes versions the stack supports. */
export const OLDEST_SUPPORTED = "1.31";
export const NEWEST_SUPPORTED = "1.34";

/** The kubernetes-models release {@link GA_AFTER_OLDEST} was written for (generated from Kubernetes 1.36). */
export const MODELS_VERSION = "5.1";

/**
 * GA kinds kubernetes-models has that Kubernetes 1.31 does not serve, with the release that made them GA. Every other
 * GA kind of kubernetes-models 5.1 was GA by 1.31 (ValidatingAdmissionPolicy 1.30, flowcontrol v1 1.29).
 */
export const GA_AFTER_OLDEST: Readonly<Record<string, string>> = {
  "networking.k8s.io/v1/IPAddress": "1.33",
  "networking.k8s.io/v1/ServiceCIDR": "1.33",
  "resource.k8s.io/v1/DeviceClass": "1.34",
  "resource.k8s.io/v1/ResourceClaim": "1.34",
  "resource.k8s.io/v1/ResourceClaimTemplate": "1.34",
  "resource.k8s.io/v1/ResourceSlice": "1.34",
  "storage.k8s.io/v1/VolumeAttributesClass": "1.34",
  "admissionregistration.k8s.io/v1/MutatingAdmissionPolicy": "1.36",
  "admissionregistration.k8s.io/v1/MutatingAdmissionPolicyBinding": "1.36",
};

type ModelClass = new (data: unknown) => { validate(): void };
const kindModules = new Map<string, Promise<Record<string, unknown> | undefined>>();

/** The kubernetes-models class of a built-in apiVersion/kind; undefined when Kubernetes 1.34 has no such API. */
async function builtInModel(apiVersion: string, kind: string): Promise<ModelClass | undefined> {
  const path = `${apiVersion}/${kind}`;
  let module = kindModules.get(path);
  if (!module) {
    // One module per kind (a whole group's index takes seconds to load): "v1/Service", "apps/v1/Deployment".
    module = import(`kubernetes-models/${path}`).catch(() => undefined);
    kindModules.set(path, module);
  }
  const exports = await module;
  const model = exports?.[kind] as (ModelClass & { apiVersion?: string; kind?: string }) | undefined;
  return model && model.apiVersion === apiVersion && model.kind === kind ? model : undefined;
}

/**
 * CRD patterns are Go (RE2) expressions; the one construct JavaScript lacks among them is the inline flag `(?i)`,
 * applied here to the whole pattern.
 */
const goRegExp = Object.assign(
  (pattern: string, flags: string) =>
    pattern.includes("(?i)") ? new RegExp(pattern.replaceAll("(?i)", ""), `${flags}i`) : new RegExp(pattern, flags),
  { code: "new RegExp" },
);
// Without ajv's optimisation passes over the generated code (same checks, less tidy code): they were most of the
// compile time of the large operator schemas, each compiled once and run on a few objects (the five largest:
// 1.9-2.1 s -> 1.2-1.3 s of CPU).
const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false, code: { regExp: goRegExp, optimize: false } });
const compiled = new Map<string, ValidateFunction>();
const bySchema = new WeakMap<object, ValidateFunction>();

/**
 * A validator per `group/version/Kind` of every CustomResourceDefinition among the objects, compiled on first use
 * and once per schema (the large operator schemas take seconds each).
 */
function crdValidators(objects: readonly KubeObject[]): Map<string, () => ValidateFunction> {
  const out = new Map<string, () => ValidateFunction>();
  for (const crd of objects) {
    if (crd.kind !== "CustomResourceDefinition") continue;
    for (const version of crd.spec.versions ?? []) {
      const schema = version.schema?.openAPIV3Schema;
      if (!schema) continue;
      const key = `${crd.spec.group}/${version.name}/${crd.spec.names.kind}`;
      if (out.has(key)) continue;
      out.set(key, () => {
        // The same CRD object (a shared render) skips hashing its schema again (a megabyte of JSON for the largest).
        let validate = bySchema.get(schema);
        if (validate) return validate;
        const hash = createHash("sha256").update(JSON.stringify(schema)).digest("hex");
        validate = compiled.get(hash);
        if (!validate) {
          validate = ajv.compile(strictStructural(withObjectMeta(schema)) as object);
          compiled.set(hash, validate);
        }
        bySchema.set(schema, validate);
        return validate;
      });
    }
  }
  return out;
}

/** The API server checks metadata itself; the CRD schema leaves it open. */
function withObjectMeta(schema: Record<string, unknown>): Record<string, unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return { ...schema, properties: { ...properties, metadata: { type: "object" } } };
}

/**
 * A structural schema as the API server applies it: an object schema with declared properties and neither
 * `additionalProperties` nor `x-kubernetes-preserve-unknown-fields` keeps only those properties (the rest is pruned),
 * which for a chart value means it was silently ignored. Here such a field is an error.
 */
function strictStructural(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(strictStructural);
  if (!schema || typeof schema !== "object") return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    out[key] =
      key === "properties"
        ? Object.fromEntries(Object.entries(value as object).map(([k, v]) => [k, strictStructural(v)]))
        : strictStructural(value);
  }
  if (out.properties && out.additionalProperties === undefined && out["x-kubernetes-preserve-unknown-fields"] !== true)
    out.additionalProperties = false;
  return out;
}
