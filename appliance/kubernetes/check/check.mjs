// Offline validation of appliance/kubernetes (check.sh runs it; no cluster, no kubectl here):
//  1. every file the kustomization lists parses (yaml) and validates against the Kubernetes
//     OpenAPI schemas (kubernetes-models; ServiceMonitor and PrometheusRule with
//     @kubernetes-models/prometheus-operator), and every .yaml in the folder is listed;
//  2. the appliance's own rules: egress denied, the GPU limit, the three probes (liveness never
//     on /healthz, which is 503 while models load), preStop and a termination grace longer than
//     preStop + ShutdownGracePeriod + DrainTimeout, the pod and container security context,
//     models mounted read-only, the ConfigMap's appsettings JSON, and the PrometheusRule equal to
//     appliance/prometheus/rules/appliance.rules.yml.
// Hand-written because these rules are the appliance's own; the schema part is the libraries'.
import { readFileSync, readdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parseAllDocuments, parse } from "yaml";
import { Namespace, ConfigMap, PersistentVolumeClaim, Service, Secret } from "kubernetes-models/v1";
import { StatefulSet } from "kubernetes-models/apps/v1";
import { NetworkPolicy } from "kubernetes-models/networking.k8s.io/v1";
import { PodDisruptionBudget } from "kubernetes-models/policy/v1";
import { ServiceMonitor, PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1";
import { render } from "./prometheusrule.mjs";

const folder = fileURLToPath(new URL("..", import.meta.url));
const models = { Namespace, ConfigMap, PersistentVolumeClaim, Service, Secret, StatefulSet, NetworkPolicy, PodDisruptionBudget, ServiceMonitor, PrometheusRule };
const failures = [];
const fail = (where, message) => failures.push(`${where}: ${message}`);

function read(file) {
  return parseAllDocuments(readFileSync(folder + file, "utf8")).map((doc) => {
    if (doc.errors.length > 0) {
      throw new Error(`${file}: ${doc.errors[0].message}`);
    }
    return doc.toJS();
  });
}

const kustomization = parse(readFileSync(folder + "kustomization.yaml", "utf8"));
const listed = new Set(kustomization.resources);
const examples = readdirSync(folder + "examples").filter((f) => f.endsWith(".yaml")).map((f) => "examples/" + f);
for (const file of readdirSync(folder).filter((f) => f.endsWith(".yaml") && f !== "kustomization.yaml")) {
  if (!listed.has(file)) {
    fail(file, "not listed in kustomization.yaml resources");
  }
}

const objects = [];
for (const file of [...listed, ...examples]) {
  for (const object of read(file)) {
    const Model = models[object.kind];
    if (!Model) {
      fail(file, `kind ${object.kind} has no schema here: add it to check.mjs`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (e) {
      fail(`${file} ${object.kind}/${object.metadata?.name}`, e.message);
    }
    objects.push({ file, object });
  }
}

const of = (kind) => objects.filter((o) => o.object.kind === kind);
const seconds = (span) => {
  const [h, m, s] = span.split(":").map(Number);
  return h * 3600 + m * 60 + s;
};

for (const { file, object } of of("NetworkPolicy")) {
  const spec = object.spec;
  if (!spec.policyTypes?.includes("Egress") || (spec.egress ?? []).length !== 0) {
    fail(file, "egress must be denied: policyTypes with Egress and an empty egress list");
  }
  if (!spec.policyTypes?.includes("Ingress") || !(spec.ingress ?? []).every((r) => (r.from ?? []).length > 0)) {
    fail(file, "every ingress rule must name where calls may come from");
  }
}

const config = of("ConfigMap").find((o) => o.object.metadata.name === "appliance-config");
let settings = {};
try {
  settings = JSON.parse(config.object.data["appsettings.Production.json"]).Appliance;
} catch (e) {
  fail("configmap.yaml", `appsettings.Production.json is not JSON: ${e.message}`);
}

for (const { file, object } of of("StatefulSet")) {
  const pod = object.spec.template.spec;
  const where = `${file} ${object.metadata.name}`;
  const container = pod.containers.find((c) => c.name === "appliance");
  if (!container) {
    fail(where, "no container named appliance");
    continue;
  }
  const gpus = Number(container.resources?.limits?.["nvidia.com/gpu"] ?? 0);
  if (!(gpus >= 1)) fail(where, "resources.limits nvidia.com/gpu must be at least 1");
  if (!pod.nodeSelector && !pod.affinity) fail(where, "GPU pods need a nodeSelector or affinity for GPU nodes");
  if (!(pod.tolerations ?? []).some((t) => t.key === "nvidia.com/gpu")) fail(where, "no toleration for nvidia.com/gpu");
  for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
    if (!container[probe]) fail(where, `${probe} missing`);
  }
  if (container.livenessProbe?.httpGet?.path === "/healthz") {
    fail(where, "livenessProbe on /healthz would kill a box that is only loading (503 while loading)");
  }
  const ports = new Set((container.ports ?? []).flatMap((p) => [p.name, p.containerPort]));
  for (const probe of ["readinessProbe", "livenessProbe", "startupProbe"]) {
    const port = container[probe]?.httpGet?.port ?? container[probe]?.tcpSocket?.port ?? container[probe]?.grpc?.port;
    if (port !== undefined && !ports.has(port)) fail(where, `${probe} port ${port} is not a container port`);
  }
  const preStop = container.lifecycle?.preStop?.sleep?.seconds ?? 0;
  if (!container.lifecycle?.preStop) fail(where, "lifecycle.preStop missing");
  const server = settings.Server ?? {};
  const shutdown = preStop + seconds(server.LeavePoolDelay ?? "00:00:00") + seconds(server.ShutdownGracePeriod ?? "00:00:05")
    + seconds(settings.Scheduler?.DrainTimeout ?? "00:00:30") + 5;
  if (!(pod.terminationGracePeriodSeconds > shutdown)) {
    fail(where, `terminationGracePeriodSeconds ${pod.terminationGracePeriodSeconds} must exceed preStop + LeavePoolDelay + ShutdownGracePeriod + DrainTimeout + 5 s = ${shutdown}`);
  }
  const podSecurity = pod.securityContext ?? {};
  const security = container.securityContext ?? {};
  if (podSecurity.runAsNonRoot !== true && security.runAsNonRoot !== true) fail(where, "runAsNonRoot must be true");
  if ((security.seccompProfile ?? podSecurity.seccompProfile)?.type !== "RuntimeDefault") fail(where, "seccompProfile must be RuntimeDefault");
  if (security.readOnlyRootFilesystem !== true) fail(where, "readOnlyRootFilesystem must be true");
  if (security.allowPrivilegeEscalation !== false) fail(where, "allowPrivilegeEscalation must be false");
  if (security.privileged === true) fail(where, "privileged must not be true");
  if (!(security.capabilities?.drop ?? []).includes("ALL")) fail(where, "capabilities must drop ALL");
  const models = (container.volumeMounts ?? []).find((m) => m.mountPath === "/srv/appliance/models");
  if (models?.readOnly !== true) fail(where, "the models volume must be mounted readOnly");
}

const expectedRule = render();
if (readFileSync(folder + "prometheusrule.yaml", "utf8") !== expectedRule) {
  fail("prometheusrule.yaml", "differs from appliance/prometheus/rules/appliance.rules.yml: run node appliance/kubernetes/check/prometheusrule.mjs --write");
}

if (failures.length > 0) {
  for (const f of failures) console.error(`check.mjs: ${f}`);
  console.error(`check.mjs: FAILED (${failures.length})`);
  process.exit(1);
}
console.log(`check.mjs: ${objects.length} objects in ${listed.size + examples.length} files valid against the Kubernetes schemas; egress denied, GPU limit, probes, shutdown and security context checked; PrometheusRule matches the box's rules`);
