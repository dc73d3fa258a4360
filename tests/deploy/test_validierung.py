"""Every rendered object is valid, without a cluster (issue 15, docs/adr/0114):

- core Kubernetes kinds with kubernetes-validate in strict mode (unknown fields are errors)
  against Kubernetes KUBERNETES_VERSION, the version deploy/README.md names; the package
  carries the schemas, nothing is fetched;
- the operators' custom resources against the openAPIV3Schema of their CRDs in
  ../shared/data/crds (read there, never copied; docs of that folder name the sources), with
  unknown fields refused as the API server's structural pruning would drop them silently;
- a custom resource whose CRD is not in that folder is allowed only when OHNE_SCHEMA names it
  with the reason; anything else fails.

Each check is shown failing on a broken object.
"""

from __future__ import annotations

import copy
import os
import re
from functools import cache
from pathlib import Path

import jsonschema
import kubernetes_validate
import pytest
import yaml
from tests.deploy.test_kubernetes import OVERLAYS, ROOT, render

# The version deploy/README.md names ("written for **Kubernetes 1.32**"): read there, so the
# README and the check cannot drift apart.
_GENANNT = re.search(
    r"\*\*Kubernetes (\d+\.\d+)\*\*", (ROOT / "deploy" / "README.md").read_text(encoding="utf-8")
)
KUBERNETES_VERSION = f"{_GENANNT.group(1)}.0" if _GENANNT else "deploy/README.md names no version"
LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: the CRDs are 1 MB
CRD_DIR = Path(os.environ.get("SOZ_CRD_DIR", ROOT.parent / "shared" / "data" / "crds"))
OHNE_SCHEMA = {
    ("barmancloud.cnpg.io/v1", "ObjectStore"): "the Barman Cloud plugin's CRD is not in "
    "../shared/data/crds (components/postgresql/sicherung.yaml)",
    ("rabbitmq.com/v1beta1", "TopicPermission"): "the topology operator's TopicPermission CRD "
    "is not in ../shared/data/crds; the rights it grants are docs/adr/0075's",
}
# kubernetes-validate reads its definitions (2 MB of JSON) anew on every call: once is enough.
kubernetes_validate.utils.schema_contents = cache(kubernetes_validate.utils.schema_contents)
CORE_GROUPS = {
    "v1",
    "apps/v1",
    "batch/v1",
    "policy/v1",
    "autoscaling/v2",
    "networking.k8s.io/v1",
    "rbac.authorization.k8s.io/v1",
}


@cache
def crd_schemas() -> dict[tuple[str, str], dict]:
    """(apiVersion, kind) -> openAPIV3Schema of every served version of every CRD file."""
    if not CRD_DIR.is_dir():
        pytest.fail(f"{CRD_DIR} is missing: the CRD schemas come from ../shared/data/crds")
    schemas = {}
    for path in sorted(CRD_DIR.glob("*.yaml")):
        for crd in yaml.load_all(path.read_text(encoding="utf-8"), Loader=LOADER):
            if not crd or crd.get("kind") != "CustomResourceDefinition":
                continue
            group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
            for version in crd["spec"]["versions"]:
                if version.get("served", True):
                    schemas[(f"{group}/{version['name']}", kind)] = version["schema"][
                        "openAPIV3Schema"
                    ]
    return schemas


def streng(schema: dict) -> dict:
    """The schema with additionalProperties false wherever an object lists its properties and
    does not allow others (x-kubernetes-preserve-unknown-fields), so that a misspelt field
    fails instead of being pruned; metadata is left to the API server."""
    schema = copy.deepcopy(schema)

    def walk(node: dict, top: bool) -> None:
        if not isinstance(node, dict):
            return
        props = node.get("properties")
        if (
            isinstance(props, dict)
            and "additionalProperties" not in node
            and not node.get("x-kubernetes-preserve-unknown-fields")
        ):
            node["additionalProperties"] = False
        for name, child in (props or {}).items():
            if not (top and name == "metadata"):
                walk(child, False)
        for key in ("items", "additionalProperties"):
            if isinstance(node.get(key), dict):
                walk(node[key], False)
        for key in ("allOf", "anyOf", "oneOf"):
            for child in node.get(key, []):
                walk(child, False)

    walk(schema, True)
    schema.setdefault("properties", {}).setdefault("apiVersion", {"type": "string"})
    schema["properties"].setdefault("kind", {"type": "string"})
    schema["properties"].setdefault("metadata", {"type": "object"})
    return schema


@cache
def validator(key: tuple[str, str]) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(streng(crd_schemas()[key]))


def fehler_core(obj: dict) -> list[str]:
    """A kind kubernetes-validate has no schema for raises SchemaNotFoundError: no core kind
    passes unchecked."""
    try:
        kubernetes_validate.validate(obj, KUBERNETES_VERSION, strict=True)
    except kubernetes_validate.ValidationError as error:
        path = "/".join(str(p) for p in error.path)
        return [f"{obj['kind']}/{obj['metadata']['name']}: {path}: {error.message}"]
    return []


def fehler_custom(obj: dict) -> list[str]:
    key = (obj["apiVersion"], obj["kind"])
    schema = crd_schemas().get(key)
    if schema is None:
        if key in OHNE_SCHEMA:
            return []
        return [f"{obj['kind']}/{obj['metadata']['name']}: no CRD schema for {key}"]
    return [
        f"{obj['kind']}/{obj['metadata']['name']}: {'/'.join(map(str, e.path))}: {e.message}"
        for e in validator(key).iter_errors(obj)
    ]


def fehler(obj: dict) -> list[str]:
    return fehler_core(obj) if obj["apiVersion"] in CORE_GROUPS else fehler_custom(obj)


@pytest.mark.parametrize("overlay", OVERLAYS, ids=lambda p: p.name)
def test_every_object_of_the_overlay_is_valid(overlay):
    findings = [f for obj in render(overlay) for f in fehler(obj)]
    assert findings == []


def test_the_custom_resources_met_are_schema_checked_or_named():
    kinds = {
        (o["apiVersion"], o["kind"])
        for overlay in OVERLAYS
        for o in render(overlay)
        if o["apiVersion"] not in CORE_GROUPS
    }
    checked = kinds & set(crd_schemas())
    assert {("rabbitmq.com/v1beta1", "RabbitmqCluster"), ("postgresql.cnpg.io/v1", "Cluster")} <= (
        checked
    )
    assert kinds - checked == set(OHNE_SCHEMA), "OHNE_SCHEMA names a kind no overlay has"


# --- each check fails on a broken object -----------------------------------------------------

DEPLOYMENT = {
    "apiVersion": "apps/v1",
    "kind": "Deployment",
    "metadata": {"name": "antrag"},
    "spec": {
        "selector": {"matchLabels": {"a": "b"}},
        "template": {
            "metadata": {"labels": {"a": "b"}},
            "spec": {"containers": [{"name": "antrag", "image": "x"}]},
        },
    },
}
VHOST = {
    "apiVersion": "rabbitmq.com/v1beta1",
    "kind": "Vhost",
    "metadata": {"name": "sozialplattform"},
    "spec": {
        "name": "sozialplattform",
        "defaultQueueType": "quorum",
        "rabbitmqClusterReference": {"name": "rabbitmq"},
    },
}


def test_the_version_is_the_one_the_readme_names():
    assert re.fullmatch(r"1\.\d+\.0", KUBERNETES_VERSION), KUBERNETES_VERSION


def test_the_good_examples_pass():
    assert fehler(DEPLOYMENT) == []
    assert fehler(VHOST) == []


def _geaendert(obj: dict, change) -> dict:
    obj = copy.deepcopy(obj)
    change(obj)
    return obj


@pytest.mark.parametrize(
    ("obj", "finding"),
    [
        (
            _geaendert(DEPLOYMENT, lambda o: o["spec"].update(replicas="zwei")),
            "spec/replicas",
        ),
        (
            _geaendert(
                DEPLOYMENT,
                lambda o: o["spec"]["template"]["spec"]["containers"][0].update(readinessprobe={}),
            ),
            "readinessprobe",
        ),
        (_geaendert(DEPLOYMENT, lambda o: o["spec"].pop("selector")), "selector"),
        (_geaendert(VHOST, lambda o: o["spec"].update(defaultQueueType="quorm")), "quorm"),
        (_geaendert(VHOST, lambda o: o["spec"].pop("rabbitmqClusterReference")), "required"),
        (
            _geaendert(VHOST, lambda o: o["spec"].update(defaultQueuetype="quorum")),
            "defaultQueuetype",
        ),
        (
            _geaendert(VHOST, lambda o: o.update(apiVersion="rabbitmq.com/v1alpha9")),
            "no CRD schema",
        ),
    ],
)
def test_a_broken_object_fails(obj, finding):
    found = fehler(obj)
    assert any(finding in f for f in found), found
