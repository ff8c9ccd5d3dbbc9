#!/usr/bin/env python3
"""Lints appliance/grafana/dashboards/*.json (Python 3 standard library only).

  check-dashboard.py [DASHBOARD.json ...]            static checks
  check-dashboard.py --prometheus http://127.0.0.1:9090 [--model ID] [--require-data]
                                                     also runs every expr through Prometheus

Static checks: every panel's datasource is the ${datasource} variable, every target has a
refId, an expr and a legendFormat, exprs use only $model (as model=~"$model"), $instance (as instance=~"$instance") and
$__rate_interval (inside a range selector), no comparison filter that could empty a result,
every metric is in docs/metrics.md, panels fit the 24-column grid without overlapping.
With --prometheus, each expr ($model -> the model id, or .*; $__rate_interval -> 5m) is sent
to /api/v1/query and must succeed; with --require-data it must also return samples.
"""
import argparse
import json
import re
import sys
import urllib.parse
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
DOCS = HERE.parent.parent / "docs" / "metrics.md"
DATASOURCE = {"type": "prometheus", "uid": "${datasource}"}
METRIC = re.compile(r"\b((?:appliance|process|dotnet)_[a-z0-9_]+)")
VARIABLE = re.compile(r"\$\{?(\w+)")
COMPARISON = re.compile(r"==|!=|>=|<=|>|<")
HISTOGRAM_SUFFIXES = ("_bucket", "_sum", "_count")


def documented_metrics():
    return set(re.findall(r"`((?:appliance|process|dotnet)_[a-z0-9_]+)`", DOCS.read_text(encoding="utf-8")))


def panels_of(dashboard):
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])


def check_expr(expr, known):
    errors = []
    for name in VARIABLE.findall(expr):
        if name not in ("model", "instance", "__rate_interval"):
            errors.append(f"uses the variable ${name}")
    if expr.count("$model") != expr.count('model=~"$model"'):
        errors.append('uses $model other than as model=~"$model"')
    if expr.count("$instance") != expr.count('instance=~"$instance"'):
        errors.append('uses $instance other than as instance=~"$instance"')
    if expr.count("$__rate_interval") != expr.count("[$__rate_interval]"):
        errors.append("uses $__rate_interval outside a range selector")
    outside_selectors = re.sub(r"\{[^}]*\}", "{}", expr)
    if COMPARISON.search(outside_selectors):
        errors.append("has a comparison (it can filter the result to nothing)")
    for metric in METRIC.findall(outside_selectors):
        base = metric
        for suffix in HISTOGRAM_SUFFIXES:
            if metric.endswith(suffix) and metric[: -len(suffix)] in known:
                base = metric[: -len(suffix)]
        if base not in known:
            errors.append(f"metric {metric} is not in docs/metrics.md")
    return errors


def check_static(path, dashboard, known):
    errors = []
    if dashboard.get("uid") != "appliance-overview" and path.name == "appliance.json":
        errors.append("uid is not appliance-overview")
    variables = {v["name"]: v for v in dashboard.get("templating", {}).get("list", [])}
    if variables.get("datasource", {}).get("type") != "datasource":
        errors.append("no datasource variable")
    cells = {}
    exprs = []
    for panel in panels_of(dashboard):
        title = f"panel {panel.get('id')} '{panel.get('title')}'"
        if panel.get("datasource") != DATASOURCE:
            errors.append(f"{title}: datasource is not {DATASOURCE}")
        pos = panel.get("gridPos", {})
        x, y, w, h = (pos.get(k) for k in "xywh")
        if None in (x, y, w, h) or x < 0 or w < 1 or h < 1 or x + w > 24:
            errors.append(f"{title}: bad gridPos {pos}")
        else:
            for cx in range(x, x + w):
                for cy in range(y, y + h):
                    if (cx, cy) in cells:
                        errors.append(f"{title}: overlaps {cells[(cx, cy)]}")
                        break
                    cells[(cx, cy)] = title
                else:
                    continue
                break
        if panel.get("type") == "row":
            continue
        if not panel.get("targets"):
            errors.append(f"{title}: no targets")
        for target in panel.get("targets", []):
            for key in ("refId", "expr", "legendFormat"):
                if not target.get(key):
                    errors.append(f"{title}: a target has no {key}")
            if target.get("datasource", DATASOURCE) != DATASOURCE:
                errors.append(f"{title}: target {target.get('refId')} has another datasource")
            expr = target.get("expr", "")
            errors += [f"{title} {target.get('refId')}: {e}" for e in check_expr(expr, known)]
            exprs.append((title, target.get("refId"), expr))
    return errors, exprs


def run_query(url, expr):
    query = urllib.parse.urlencode({"query": expr})
    try:
        with urllib.request.urlopen(f"{url.rstrip('/')}/api/v1/query?{query}", timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        return json.load(error)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("dashboards", nargs="*", type=Path)
    parser.add_argument("--prometheus", help="base URL of a Prometheus to run every expr on")
    parser.add_argument("--model", default=".*", help="value for $model (default .*)")
    parser.add_argument("--require-data", action="store_true", help="every expr must return samples")
    parser.add_argument("--list", action="store_true", help="print every expr")
    args = parser.parse_args()
    paths = args.dashboards or sorted((HERE / "dashboards").glob("*.json"))
    known = documented_metrics()
    failures = 0
    for path in paths:
        dashboard = json.loads(path.read_text(encoding="utf-8"))
        errors, exprs = check_static(path, dashboard, known)
        for title, ref, expr in exprs:
            if args.list:
                print(f"{title} {ref}: {expr}")
            if not args.prometheus:
                continue
            concrete = expr.replace("$model", args.model).replace("$instance", ".*").replace("$__rate_interval", "5m")
            answer = run_query(args.prometheus, concrete)
            if answer.get("status") != "success":
                errors.append(f"{title} {ref}: {answer.get('error')} in {concrete}")
            elif args.require_data and not answer["data"]["result"]:
                errors.append(f"{title} {ref}: no data for {concrete}")
        for error in errors:
            print(f"{path}: {error}", file=sys.stderr)
        failures += len(errors)
        print(f"{path}: {len(exprs)} exprs, {len(errors)} problems")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
