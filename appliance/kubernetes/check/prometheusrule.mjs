// The PrometheusRule of appliance/kubernetes, made from appliance/prometheus/rules/appliance.rules.yml:
// the same rules on Kubernetes as on a box, from one source. `node prometheusrule.mjs --write`
// rewrites ../prometheusrule.yaml; check.mjs fails when that file differs from what this makes.
import { readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { parse, stringify } from "yaml";

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
export const rulesFile = here("../../prometheus/rules/appliance.rules.yml");
export const outputFile = here("../prometheusrule.yaml");

export function prometheusRule() {
  const rules = parse(readFileSync(rulesFile, "utf8"));
  return {
    apiVersion: "monitoring.coreos.com/v1",
    kind: "PrometheusRule",
    metadata: { name: "appliance", labels: { "app.kubernetes.io/name": "appliance" } },
    spec: { groups: rules.groups },
  };
}

export function render() {
  return "# GENERATED from appliance/prometheus/rules/appliance.rules.yml by check/prometheusrule.mjs --write;\n"
    + "# do not edit (check.sh fails when it differs). Runbooks: appliance/RUNBOOK.md.\n"
    + stringify(prometheusRule(), { lineWidth: 0 });
}

if (process.argv[2] === "--write") {
  writeFileSync(outputFile, render());
  console.log(`prometheusrule.mjs: wrote ${outputFile}`);
}
