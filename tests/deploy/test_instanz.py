"""House rules of a whole instance over the rendered overlays (issue 15; deploy/README.md):

- every Secret a manifest references is in the Secrets table of deploy/README.md (and the
  External Secrets example makes exactly the ones an operator has to provide);
- every required environment variable of a service is set (for a production overlay, those
  production needs as well);
- the Ingress serves HTTPS only, with a cert-manager certificate, the gateway's public port and
  a body size just above the gateway's upload limit (SOZ_GATEWAY_ANLAGE_MAX_BYTES);
- every alert has a runbook link to a heading that exists in docs/betrieb/de and en;
- every metric an alert or the dashboard uses is exported by the platform's code or by one of
  the exporters the rules name (RabbitMQ, ingress-nginx, kube-state-metrics).

Each rule is shown failing on a broken object.
"""

from __future__ import annotations

import copy
import json
import re
from functools import cache

import pytest
import yaml
from tests.deploy.test_kubernetes import OVERLAYS, ROOT, containers, package_of, render, where

README = ROOT / "deploy" / "README.md"
BETRIEB = ROOT / "docs" / "betrieb"
DASHBOARD = ROOT / "deploy" / "components" / "monitoring" / "dashboards" / "sozialplattform.json"
EXTERNAL_SECRETS = ROOT / "deploy" / "beispiele" / "external-secrets.yaml"
MiB = 1024 * 1024

# Required of every service; of the gateway, xta-gateway, zustaendigkeit besides; and in
# production (the gateway's SOZ_GATEWAY_MODE is production) beyond that. The configuration
# modules say why: kernel/config.py (the broker and the databases default to local ones),
# gateway/config.py (SOZ_OPS_PORT "(required)", OIDC and the secret "production: required"),
# xta_gateway/konfiguration.py (endpoint, identity and certificate default to the embedded
# counterpart's), zustaendigkeit/konfiguration.py (unset: no zkT connected), postkorb's and
# termine's konfiguration.py (links and clamd default to make run's, termine loads a demo
# directory unless SOZ_TERMINE_DEMO=0).
PFLICHT_ALLE = {
    "SOZ_SERVICE_NAME",
    "SOZ_HTTP_PORT",
    "SOZ_AMQP_URI",
    "SOZ_GATEWAY_BROKER_USER",
    "SOZ_QUEUE_TYPE",
}
PFLICHT = {
    "gateway": {"SOZ_OPS_PORT", "SOZ_GATEWAY_MODE"},
    "zustaendigkeit": {"SOZ_ANGEBUNDENE_ZKT"},
    "xta_gateway": {"SOZ_XTA_REPLIKA", "SOZ_XTA_JOBCENTER_DATEI"},
}
# kernel.mail: the relay defaults to make run's local sink
MAIL = {"SOZ_SMTP_HOST", "SOZ_SMTP_PORT", "SOZ_SMTP_STARTTLS", "SOZ_SMTP_FROM"}
PFLICHT_PRODUKTION_ALLE = {"SOZ_DATABASE_URL", "SOZ_KEYSTORE_URL"}
PFLICHT_PRODUKTION = {
    "gateway": {
        "SOZ_GATEWAY_SECRET",
        "SOZ_GATEWAY_OIDC_ISSUER",
        "SOZ_GATEWAY_OIDC_CLIENT_ID",
        "SOZ_GATEWAY_OIDC_CLIENT_SECRET",
        "SOZ_GATEWAY_PUBLIC_URL",
        *MAIL,
    },
    "postkorb": {"SOZ_POSTKORB_PORTAL_URL", "SOZ_POSTKORB_LAND", "SOZ_CLAMD_SOCKET", *MAIL},
    "termine": {"SOZ_GATEWAY_URL", "SOZ_TERMINE_DEMO", *MAIL},
    "antrag": {"SOZ_ANTRAG_ANLAGEN_DIR"},
    "xta_gateway": {
        "SOZ_XTA_ENDPUNKT",
        "SOZ_XTA_AUTOR_KENNUNG",
        "SOZ_XTA_CLIENT_ZERTIFIKAT",
        "SOZ_XTA_CLIENT_SCHLUESSEL",
    },
}
# Folders where a service keeps what must outlive its pod (beside PostgreSQL): in production
# they must lie on a PersistentVolumeClaim shared by the replicas, not on an emptyDir.
DAUERHAFT = {"antrag": ["SOZ_ANTRAG_ANLAGEN_DIR"]}
# Exporters beside the platform's code whose metrics the rules and the dashboard use.
FREMDE_EXPORTER = ("rabbitmq_", "nginx_ingress_controller_", "kube_")
PROMQL_WORTE = {
    "sum",
    "max",
    "min",
    "avg",
    "count",
    "by",
    "without",
    "on",
    "ignoring",
    "unless",
    "and",
    "or",
    "rate",
    "increase",
    "changes",
    "time",
    "histogram_quantile",
    "label_values",
    "bool",
}


def umgebung(objects, container) -> dict[str, str]:
    """The names a container gets: its ConfigMaps' keys and its own env (values as written)."""
    config_maps = {
        o["metadata"]["name"]: o.get("data", {}) for o in objects if o["kind"] == "ConfigMap"
    }
    names: dict[str, str] = {}
    for source in container.get("envFrom", []):
        ref = source.get("configMapRef", {}).get("name")
        names.update(config_maps.get(ref, {}))
    for entry in container.get("env", []):
        names[entry["name"]] = entry.get("value", "<from " + str(entry.get("valueFrom")) + ">")
    return names


def nameko_service(container) -> bool:
    """A service of the platform (`nameko run` with module:Class), not a plain program beside
    it (the XTA2 counterpart, the postkorb's clamd)."""
    return any(re.fullmatch(r"[\w.]+:\w+", word) for word in container.get("args", []))


def produktiv(objects) -> bool:
    return any(
        o["kind"] == "ConfigMap"
        and o["metadata"]["name"].startswith("gateway-config")
        and o.get("data", {}).get("SOZ_GATEWAY_MODE") == "production"
        for o in objects
    )


def regel_pflicht(objects) -> list[str]:
    findings = []
    production = produktiv(objects)
    for obj, _, container in containers(objects):
        package = package_of(container)
        if package is None or not nameko_service(container):
            continue
        wanted = PFLICHT_ALLE | PFLICHT.get(package, set())
        if production:
            wanted |= PFLICHT_PRODUKTION_ALLE | PFLICHT_PRODUKTION.get(package, set())
        missing = wanted - set(umgebung(objects, container))
        findings += [
            f"{where(obj, container)}: {name} is required, not set" for name in sorted(missing)
        ]
    return findings


def regel_dauerhaft(objects) -> list[str]:
    if not produktiv(objects):
        return []
    claims = {o["metadata"]["name"]: o for o in objects if o["kind"] == "PersistentVolumeClaim"}
    findings = []
    for obj, spec, container in containers(objects):
        env = umgebung(objects, container)
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for name in DAUERHAFT.get(package_of(container) or "", []):
            folder = env.get(name, "")
            mounts = [
                m
                for m in container.get("volumeMounts", [])
                if folder == m["mountPath"] or folder.startswith(m["mountPath"].rstrip("/") + "/")
            ]
            mount = max(mounts, key=lambda m: len(m["mountPath"]), default=None)
            claim = (volumes.get(mount["name"], {}) if mount else {}).get("persistentVolumeClaim")
            if claim is None:
                findings.append(
                    f"{where(obj, container)}: {name}={folder!r} is not on a volume claim"
                )
            elif (
                "ReadWriteMany"
                not in claims.get(claim["claimName"], {}).get("spec", {}).get("accessModes", [])
                and obj["spec"].get("replicas", 1) != 1
            ):
                findings.append(
                    f"{where(obj, container)}: {name} on a volume the replicas cannot share"
                )
    return findings


def _secret_names(node, found: set[str]) -> set[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("secretKeyRef", "secretRef", "importCredentialsSecret") and isinstance(
                value, dict
            ):
                found.add(value["name"])
            elif key == "secretName" and isinstance(value, str):
                found.add(value)
            elif key == "s3Credentials" and isinstance(value, dict):
                found |= {ref["name"] for ref in value.values() if isinstance(ref, dict)}
            _secret_names(value, found)
    elif isinstance(node, list):
        for item in node:
            _secret_names(item, found)
    return found


def referenced_secrets(objects) -> set[str]:
    found: set[str] = set()
    for obj in objects:
        _secret_names(obj, found)
    return found


def documented_secrets(text: str) -> list[re.Pattern]:
    """The first column of the Secrets table in deploy/README.md (`name`, with <service>)."""
    table = text.split("### Secrets", 1)[1].split("\n\n", 2)[1]
    names = re.findall(r"^\| `([^`]+)`", table, re.M)
    return [
        re.compile(re.escape(n).replace(re.escape("<service>"), "[a-z][a-z-]*") + "$")
        for n in names
    ]


def regel_geheimnisse(objects, text: str | None = None) -> list[str]:
    patterns = documented_secrets(README.read_text(encoding="utf-8") if text is None else text)
    return [
        f"Secret {name} is referenced but not in the Secrets table of deploy/README.md"
        for name in sorted(referenced_secrets(objects))
        if not any(p.match(name) for p in patterns)
    ]


def _bytes(size: str) -> int:
    match = re.fullmatch(r"(\d+)([kKmMgG]?)", size.strip())
    assert match, f"body size {size!r}"
    return (
        int(match.group(1)) * {"": 1, "k": 1024, "m": MiB, "g": 1024 * MiB}[match.group(2).lower()]
    )


def regel_ingress(objects) -> list[str]:
    findings = []
    ingresses = [o for o in objects if o["kind"] == "Ingress"]
    gateway = [
        o
        for o in objects
        if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith("gateway-config")
    ]
    limit = int(
        (gateway[0].get("data", {}) if gateway else {}).get(
            "SOZ_GATEWAY_ANLAGE_MAX_BYTES", 11 * MiB
        )
    )
    for ing in ingresses:
        name = where(ing)
        notes = ing["metadata"].get("annotations", {})
        spec = ing["spec"]
        if not notes.get("cert-manager.io/cluster-issuer") and not notes.get(
            "cert-manager.io/issuer"
        ):
            findings.append(f"{name}: no cert-manager issuer annotation")
        if notes.get("nginx.ingress.kubernetes.io/force-ssl-redirect") != "true":
            findings.append(f"{name}: plain HTTP is not redirected")
        hosts = {r.get("host") for r in spec.get("rules", [])}
        tls_hosts = {h for t in spec.get("tls", []) for h in t.get("hosts", [])}
        if not hosts or hosts - tls_hosts:
            findings.append(f"{name}: hosts without TLS: {sorted(hosts - tls_hosts, key=str)}")
        body = notes.get("nginx.ingress.kubernetes.io/proxy-body-size")
        if body is None:
            findings.append(f"{name}: no proxy-body-size (nginx's default is 1m)")
        elif not limit < _bytes(body) <= limit + MiB:
            findings.append(
                f"{name}: proxy-body-size {body} does not lie just above the gateway's upload "
                f"limit ({limit} bytes): the gateway must answer a too large upload"
            )
        for rule in spec.get("rules", []):
            for path in rule.get("http", {}).get("paths", []):
                port = path["backend"]["service"]["port"]
                if port.get("name") == "ops" or port.get("number") == 9000:
                    findings.append(f"{name}: exposes the operations port")
    return findings


def alerts(objects):
    for obj in objects:
        if obj["kind"] == "PrometheusRule":
            for group in obj["spec"]["groups"]:
                for rule in group["rules"]:
                    if "alert" in rule:
                        yield rule


@cache
def headings(sprache: str) -> frozenset[str]:
    text = (BETRIEB / sprache / "alarme.md").read_text(encoding="utf-8")
    return frozenset(
        re.sub(r"[^a-z0-9 -]", "", h.strip().lower()).replace(" ", "-")
        for h in re.findall(r"^#+ (.+)$", text, re.M)
    )


def regel_runbooks(objects) -> list[str]:
    findings = []
    for rule in alerts(objects):
        url = rule.get("annotations", {}).get("runbook_url", "")
        path, _, anchor = url.partition("#")
        if path != "docs/betrieb/de/alarme.md" or not anchor:
            findings.append(
                f"{rule['alert']}: runbook_url {url!r} is not docs/betrieb/de/alarme.md#…"
            )
            continue
        for sprache in ("de", "en"):
            if anchor not in headings(sprache):
                findings.append(
                    f"{rule['alert']}: no heading #{anchor} in docs/betrieb/{sprache}/alarme.md"
                )
    return findings


@cache
def exported_metrics() -> frozenset[str]:
    names = set()
    pattern = re.compile(r"(Counter|Gauge|Histogram|Summary)\(\s*\"([a-z_:][a-z0-9_:]*)\"")
    for top in ("libs", "services"):
        for path in (ROOT / top).glob("*/src/**/*.py"):
            for kind, name in pattern.findall(path.read_text(encoding="utf-8")):
                names.add(name)
                if kind == "Counter" and not name.endswith("_total"):
                    names.add(name + "_total")
                if kind in ("Histogram", "Summary"):
                    names |= {name + s for s in ("_bucket", "_sum", "_count")}
    return frozenset(names)


def metrics_in(expr: str) -> set[str]:
    expr = re.sub(r'"(\\.|[^"\\])*"', "", expr)
    expr = re.sub(r"\{[^}]*\}|\[[^\]]*\]", "", expr)
    expr = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", expr)
    names = set(re.findall(r"\b([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()", expr))
    return {n for n in names if n not in PROMQL_WORTE and not re.fullmatch(r"\d.*|[a-z]", n)}


def regel_metriken(exprs: list[tuple[str, str]]) -> list[str]:
    return [
        f"{where_}: metric {name} is exported by no code of the platform nor a named exporter"
        for where_, expr in exprs
        for name in sorted(metrics_in(expr))
        if name not in exported_metrics() and not name.startswith(FREMDE_EXPORTER)
    ]


def dashboard_exprs() -> list[tuple[str, str]]:
    board = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return [
        (f"dashboard panel {p['title']}", t["expr"]) for p in board["panels"] for t in p["targets"]
    ]


# --- the overlays keep the rules --------------------------------------------------------------


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
def test_overlay_sets_every_required_variable(overlay):
    assert regel_pflicht(render(overlay)) == []


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
def test_lasting_files_lie_on_a_shared_volume_claim(overlay):
    assert regel_dauerhaft(render(overlay)) == []


def test_regel_dauerhaft_fails_on_an_empty_dir_or_an_unshared_claim():
    objects = _nrw()
    _objekt(objects, "ConfigMap", "antrag-config")["data"]["SOZ_ANTRAG_ANLAGEN_DIR"] = "/data/x"
    assert regel_dauerhaft(objects) == [
        "Deployment/antrag container antrag: SOZ_ANTRAG_ANLAGEN_DIR='/data/x' is not on a "
        "volume claim"
    ]
    objects = _nrw()
    _objekt(objects, "PersistentVolumeClaim", "antrag-anlagen")["spec"]["accessModes"] = [
        "ReadWriteOnce"
    ]
    assert any("cannot share" in f for f in regel_dauerhaft(objects))


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
def test_every_referenced_secret_is_documented(overlay):
    assert regel_geheimnisse(render(overlay)) == []


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
def test_the_ingress_rules(overlay):
    assert regel_ingress(render(overlay)) == []


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
def test_every_alert_has_a_runbook_in_both_languages(overlay):
    assert regel_runbooks(render(overlay)) == []


def test_every_metric_of_the_alerts_and_the_dashboard_exists():
    objects = render(next(o for o in OVERLAYS if o.name == "nordrhein-westfalen"))
    exprs = [(rule["alert"], rule["expr"]) for rule in alerts(objects)]
    assert len(exprs) >= 10
    names = {n for _, e in exprs + dashboard_exprs() for n in metrics_in(e)}
    assert {"kernel_outbox_lag_seconds", "xta_zustellungen", "kernel_dead_letters_total"} <= names
    assert regel_metriken(exprs + dashboard_exprs()) == []


def test_the_production_overlays_have_the_alerts_the_issue_asks_for():
    objects = render(next(o for o in OVERLAYS if o.name == "nordrhein-westfalen"))
    names = {rule["alert"] for rule in alerts(objects)}
    assert {
        "DeadLettersWarten",
        "OutboxVerzug",
        "ZustellungenFehlgeschlagen",
        "ZustellungenHaengen",
        "XtaServerNichtErreichbar",
        "Gateway5xx",
        "BereitschaftFlattert",
        "XtaPostfachAbrufFehlgeschlagen",
    } <= names
    per_jobcenter = [r for r in alerts(objects) if r["alert"].startswith("Zustellungen")]
    assert all("by (jobcenter)" in r["expr"] for r in per_jobcenter)


def test_the_external_secrets_example_makes_the_secrets_operators_provide():
    """Every documented Secret the operators do not make themselves (not <cluster>-app) and
    that a production overlay references comes from the example's ExternalSecrets."""
    example = [d for d in yaml.safe_load_all(EXTERNAL_SECRETS.read_text(encoding="utf-8")) if d]
    made = {d["spec"]["target"]["name"] for d in example if d["kind"] == "ExternalSecret"}
    objects = render(next(o for o in OVERLAYS if o.name == "nordrhein-westfalen"))
    # made by operators, not provided: pg-*-app (CloudNativePG), gateway-tls (cert-manager)
    wanted = {
        n for n in referenced_secrets(objects) if not n.startswith("pg-") and n != "gateway-tls"
    }
    assert wanted - made == set(), "missing in the example"
    assert made - wanted == set(), "the example makes Secrets nothing references"
    for d in example:
        if d["kind"] == "ExternalSecret":
            assert d["spec"]["data"] or d["spec"].get("dataFrom"), d["metadata"]["name"]


# --- each rule fails on a broken manifest -----------------------------------------------------


def _nrw():
    return copy.deepcopy(list(render(next(o for o in OVERLAYS if o.name == "nordrhein-westfalen"))))


def _objekt(objects, kind, prefix):
    return next(
        o for o in objects if o["kind"] == kind and o["metadata"]["name"].startswith(prefix)
    )


def test_regel_pflicht_fails_without_a_required_variable():
    objects = _nrw()
    _objekt(objects, "ConfigMap", "xta-gateway-config")["data"].pop("SOZ_XTA_ENDPUNKT")
    deployment = _objekt(objects, "Deployment", "gateway")
    env = deployment["spec"]["template"]["spec"]["containers"][0]["env"]
    env[:] = [e for e in env if e["name"] != "SOZ_GATEWAY_OIDC_CLIENT_SECRET"]
    findings = regel_pflicht(objects)
    assert any("SOZ_XTA_ENDPUNKT is required" in f for f in findings), findings
    assert any("SOZ_GATEWAY_OIDC_CLIENT_SECRET is required" in f for f in findings), findings


def test_regel_geheimnisse_fails_on_an_undocumented_secret():
    objects = _nrw()
    deployment = _objekt(objects, "Deployment", "antrag")
    deployment["spec"]["template"]["spec"]["volumes"].append(
        {"name": "x", "secret": {"secretName": "geheim-neu"}}
    )
    assert regel_geheimnisse(objects) == [
        "Secret geheim-neu is referenced but not in the Secrets table of deploy/README.md"
    ]
    text = README.read_text(encoding="utf-8").replace("| `xta-client` |", "| xta client |")
    assert any("xta-client" in f for f in regel_geheimnisse(_nrw(), text))


@pytest.mark.parametrize(
    ("change", "finding"),
    [
        (
            lambda notes, spec: notes.update({"nginx.ingress.kubernetes.io/proxy-body-size": "1m"}),
            "just above",
        ),
        (
            lambda notes, spec: notes.update(
                {"nginx.ingress.kubernetes.io/proxy-body-size": "64m"}
            ),
            "just above",
        ),
        (
            lambda notes, spec: notes.pop("nginx.ingress.kubernetes.io/proxy-body-size"),
            "no proxy-body-size",
        ),
        (lambda notes, spec: notes.pop("cert-manager.io/cluster-issuer"), "no cert-manager"),
        (
            lambda notes, spec: notes.pop("nginx.ingress.kubernetes.io/force-ssl-redirect"),
            "not redirected",
        ),
        (lambda notes, spec: spec.pop("tls"), "hosts without TLS"),
        (
            lambda notes, spec: spec["rules"][0]["http"]["paths"][0]["backend"]["service"].update(
                port={"name": "ops"}
            ),
            "operations port",
        ),
    ],
)
def test_regel_ingress_fails_on_a_broken_ingress(change, finding):
    objects = _nrw()
    ingress = _objekt(objects, "Ingress", "gateway")
    change(ingress["metadata"]["annotations"], ingress["spec"])
    findings = regel_ingress(objects)
    assert any(finding in f for f in findings), findings


def test_regel_runbooks_fails_on_a_missing_or_dangling_link():
    objects = _nrw()
    rule = next(alerts(objects))
    rule["annotations"]["runbook_url"] = "docs/betrieb/de/alarme.md#gibt-es-nicht"
    assert any("no heading #gibt-es-nicht" in f for f in regel_runbooks(objects))
    rule["annotations"].pop("runbook_url")
    assert any("is not docs/betrieb" in f for f in regel_runbooks(objects))


def test_regel_metriken_fails_on_an_unknown_metric():
    findings = regel_metriken(
        [("x", 'sum by (service) (rate(kernel_outbox_tippfehler_total{a="b"}[5m])) > 0')]
    )
    assert findings == [
        "x: metric kernel_outbox_tippfehler_total is exported by no code of the platform "
        "nor a named exporter"
    ]
    assert regel_metriken([("x", "max by (service) (kernel_outbox_lag_seconds) > 60")]) == []


# --- every service of the platform is deployed, scraped and may reach the broker -------------


def services_of_make_run() -> dict[str, str]:
    """name -> module:Class of every nameko service in deploy/embedded/services.txt."""
    found = {}
    for line in (ROOT / "deploy" / "embedded" / "services.txt").read_text().splitlines():
        fields = line.split("#", 1)[0].split()
        if len(fields) >= 3 and ":" in fields[2] and not fields[2].startswith("python:"):
            found[fields[0]] = fields[2]
    return found


def regel_vollstaendig(objects) -> list[str]:
    findings = []
    running = {}
    for obj, _, container in containers(objects):
        for word in container.get("args", []):
            running[word] = (obj, container)
    monitors = {
        o["spec"]["selector"]["matchLabels"].get("app.kubernetes.io/component"): o
        for o in objects
        if o["kind"] == "ServiceMonitor"
    }
    policies = {o["metadata"]["name"]: o for o in objects if o["kind"] == "NetworkPolicy"}
    broker = policies["dienste-zu-rabbitmq"]["spec"]["podSelector"]["matchExpressions"][0]["values"]
    scraped = {p["port"] for p in policies["prometheus"]["spec"]["ingress"][0]["ports"]}
    for service, module in services_of_make_run().items():
        if module not in running:
            findings.append(f"{service}: no Deployment runs {module}")
            continue
        obj, container = running[module]
        name = obj["metadata"]["name"]
        ports = {p["name"]: p["containerPort"] for p in container.get("ports", [])}
        metrics_port = "ops" if "ops" in ports else "http"
        if name not in broker:
            findings.append(f"{name}: may not reach RabbitMQ (NetworkPolicy dienste-zu-rabbitmq)")
        if ports.get(metrics_port) not in scraped:
            findings.append(f"{name}: Prometheus may not reach port {ports.get(metrics_port)}")
        if produktiv(objects):
            monitor = monitors.get(name)
            if monitor is None:
                findings.append(f"{name}: no ServiceMonitor")
            elif monitor["spec"]["endpoints"][0]["port"] != metrics_port:
                findings.append(f"{name}: its ServiceMonitor does not scrape port {metrics_port}")
            elif not any(
                o["kind"] == "Service"
                and monitor["spec"]["selector"]["matchLabels"].items()
                <= o["metadata"].get("labels", {}).items()
                and metrics_port in {p.get("name") for p in o["spec"]["ports"]}
                for o in objects
            ):
                findings.append(
                    f"{name}: its ServiceMonitor selects no Service with {metrics_port}"
                )
    return findings


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
def test_every_service_of_the_platform_is_deployed_scraped_and_reaches_the_broker(overlay):
    assert len(services_of_make_run()) >= 7
    assert regel_vollstaendig(render(overlay)) == []


def test_regel_vollstaendig_fails_on_a_missing_service_or_monitor():
    objects = _nrw()
    objects.remove(_objekt(objects, "ServiceMonitor", "termine"))
    _objekt(objects, "Deployment", "finder")["spec"]["template"]["spec"]["containers"][0][
        "args"
    ] = ["finder.service:Anders"]
    policy = _objekt(objects, "NetworkPolicy", "dienste-zu-rabbitmq")
    policy["spec"]["podSelector"]["matchExpressions"][0]["values"].remove("antrag")
    gateway = _objekt(objects, "Service", "gateway")
    gateway["spec"]["ports"] = [p for p in gateway["spec"]["ports"] if p["name"] != "ops"]
    findings = regel_vollstaendig(objects)
    assert "gateway: its ServiceMonitor selects no Service with ops" in findings
    assert "termine: no ServiceMonitor" in findings
    assert "finder: no Deployment runs finder.service:FinderService" in findings
    assert any(f.startswith("antrag: may not reach RabbitMQ") for f in findings), findings
