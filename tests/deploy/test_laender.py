"""The Land overlays match deploy/laender.toml and the Jobcenter directory (issue 15,
docs/adr/0114):

- deploy/erzeugen.py --pruefen finds nothing to change (no hand edit, no stale overlay);
- each Land connects exactly its zkT of the 2026 directory, read here from the CSV on its own
  (NRW 18, Hessen 16, Niedersachsen 16): SOZ_ANGEBUNDENE_ZKT and the xta-gateway's Jobcenter
  table, as rendered;
- the services' own configuration code accepts what the overlay sets (the gateway's
  GatewaySettings, the xta-gateway's Konfiguration, zustaendigkeit's Anbindung).
"""

from __future__ import annotations

import csv
import importlib.util
import json
import re
import sys
import warnings
from functools import cache
from pathlib import Path

import pytest
from tests.deploy.test_kubernetes import ROOT, containers, package_of, render

DATEN = ROOT.parent / "shared" / "data"
ERWARTET = {"nordrhein-westfalen": 18, "hessen": 16, "niedersachsen": 16}


@cache
def erzeugen():
    """deploy/erzeugen.py, a script beside the manifests (no package of its own)."""
    spec = importlib.util.spec_from_file_location("erzeugen", ROOT / "deploy" / "erzeugen.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def zkt_aus_den_daten(bundesland: str) -> set[str]:
    datei = DATEN / "zustaendigkeit" / "jobcenters_einglmv2026_with_kreis.csv"
    with datei.open(encoding="utf-8-sig", newline="") as f:
        return {
            z["traeger_nr"]
            for z in csv.DictReader(f)
            if z["bundesland"] == bundesland and z["traeger_form"] == "zkT"
        }


def land_objekte(land: str):
    return render(ROOT / "deploy" / "overlays" / land)


def config_map(objects, prefix: str) -> dict:
    (found,) = [
        o for o in objects if o["kind"] == "ConfigMap" and o["metadata"]["name"].startswith(prefix)
    ]
    return found["data"]


def zkt_abweichungen(objects, erwartet: set[str]) -> list[str]:
    findings = []
    angebunden = set(config_map(objects, "zustaendigkeit-config")["SOZ_ANGEBUNDENE_ZKT"].split(","))
    if angebunden != erwartet:
        findings.append(
            f"SOZ_ANGEBUNDENE_ZKT: missing {sorted(erwartet - angebunden)}, "
            f"extra {sorted(angebunden - erwartet)}"
        )
    tabelle = json.loads(config_map(objects, "xta-jobcenter-")["xta-gateway.json"])
    if set(tabelle["jobcenter"]) != erwartet:
        findings.append("xta-gateway.json: its Jobcenters are not the Land's zkT")
    if tabelle["leser_ableiten"] is not False:
        findings.append("xta-gateway.json: leser_ableiten must be false in production")
    return findings


def test_the_generated_files_are_up_to_date():
    assert erzeugen().main(["--pruefen", "--daten", str(DATEN)]) == 0


def test_the_comparison_fails_on_a_file_that_differs(monkeypatch, capsys):
    module = erzeugen()
    datei = ROOT / "deploy" / "overlays" / "hessen" / "land.yaml"
    monkeypatch.setattr(module, "alle_dateien", lambda daten: {datei: "von Hand geändert\n"})
    assert module.main(["--pruefen"]) == 1
    assert "differs from the generator: deploy/overlays/hessen/land.yaml" in capsys.readouterr().err


def test_there_is_an_overlay_for_every_land_of_laender_toml():
    laender = erzeugen().laender()
    assert set(laender) >= set(ERWARTET)
    for name in laender:
        assert (ROOT / "deploy" / "overlays" / name / "kustomization.yaml").is_file()
    assert len({land["kurz"] for land in laender.values()}) == len(laender)


@pytest.mark.parametrize(("land", "anzahl"), sorted(ERWARTET.items()))
def test_the_land_connects_exactly_its_zkt(land, anzahl):
    bundesland = erzeugen().laender()[land]["bundesland"]
    erwartet = zkt_aus_den_daten(bundesland)
    assert len(erwartet) == anzahl
    assert zkt_abweichungen(land_objekte(land), erwartet) == []


@pytest.mark.parametrize("land", sorted(ERWARTET))
def test_the_land_settings_are_rendered(land):
    eintrag = erzeugen().laender()[land]
    objects = land_objekte(land)
    (ingress,) = [o for o in objects if o["kind"] == "Ingress"]
    assert ingress["spec"]["rules"][0]["host"] == eintrag["host"]
    assert config_map(objects, "xta-gateway-config")["SOZ_XTA_ENDPUNKT"] == eintrag["xta_endpunkt"]
    assert config_map(objects, "gateway-config")["SOZ_GATEWAY_PUBLIC_URL"] == (
        f"https://{eintrag['host']}"
    )
    netze = {
        o["metadata"]["name"]: o["spec"]["egress"][0]["to"][0]["ipBlock"]["cidr"]
        for o in objects
        if o["kind"] == "NetworkPolicy"
        and o["metadata"]["name"]
        in ("xta-gateway-zum-xta-server", "mail-zum-smtp-relay", "gateway-zum-oidc-anbieter")
    }
    assert netze == {
        "xta-gateway-zum-xta-server": eintrag["xta_netz"],
        "mail-zum-smtp-relay": eintrag["smtp_netz"],
        "gateway-zum-oidc-anbieter": eintrag["oidc_netz"],
    }
    assert {o["metadata"]["namespace"] for o in objects if "namespace" in o["metadata"]} == {
        f"sozialplattform-{eintrag['kurz']}"
    }


def test_zkt_abweichungen_fails_on_a_missing_or_extra_zkt():
    objects = [dict(o) for o in land_objekte("hessen")]
    erwartet = zkt_aus_den_daten("Hessen")
    assert zkt_abweichungen(objects, erwartet - {"43102"})
    assert zkt_abweichungen(objects, erwartet | {"05334"})


def test_the_generator_refuses_bad_input(tmp_path: Path):
    module = erzeugen()
    laender = tmp_path / "laender.toml"
    laender.write_text('[x]\nbundesland = "Hessen"\n', encoding="utf-8")
    with pytest.raises(module.EingabeFehler, match="lacks"):
        module.laender(laender)
    with pytest.raises(module.EingabeFehler, match="no Jobcenter in Land"):
        module.zkt_des_landes(DATEN, "Hesse")
    with pytest.raises(module.EingabeFehler, match="is missing"):
        module.zkt_des_landes(tmp_path, "Hessen")


# --- the services' own configuration takes what the overlay sets ------------------------------


def umgebung_des_containers(objects, dienst: str, tmp_path: Path) -> dict[str, str]:
    """The environment the container would get, with stand-ins for Secret values and the
    pod's name, and $(NAME) expanded; mounted ConfigMap files written under tmp_path."""
    config_maps = {
        o["metadata"]["name"]: o.get("data", {}) for o in objects if o["kind"] == "ConfigMap"
    }
    for _, spec, container in containers(objects):
        if package_of(container) != dienst:
            continue
        env: dict[str, str] = {}
        for source in container.get("envFrom", []):
            env.update(config_maps[source["configMapRef"]["name"]])
        for entry in container.get("env", []):
            if "value" in entry:
                env[entry["name"]] = re.sub(
                    r"\$\((\w+)\)",
                    lambda m, bisher=dict(env): bisher.get(m.group(1), m.group(0)),
                    entry["value"],
                )
            elif "secretKeyRef" in entry["valueFrom"]:
                env[entry["name"]] = "a1" * 32
            else:
                env[entry["name"]] = "xta-gateway-5d9f7-abcde"
        volumes = {v["name"]: v for v in spec.get("volumes", [])}
        for mount in container.get("volumeMounts", []):
            source = volumes[mount["name"]].get("configMap")
            if source:
                for key, text in config_maps.get(source["name"], {}).items():
                    local = tmp_path / mount["mountPath"].lstrip("/") / key
                    local.parent.mkdir(parents=True, exist_ok=True)
                    local.write_text(text, encoding="utf-8")
        return {
            k: str(tmp_path / v.lstrip("/")) if v.startswith("/etc/sozialplattform/xta/") else v
            for k, v in env.items()
        }
    raise AssertionError(f"no container runs {dienst}")


@pytest.mark.parametrize("land", sorted(ERWARTET))
def test_the_services_configuration_accepts_the_overlay(land, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from gateway.config import GatewaySettings, Mode
        from xta_gateway.konfiguration import Konfiguration
        from zustaendigkeit.konfiguration import anbindung_aus_umgebung

    objects = land_objekte(land)
    gateway = GatewaySettings.from_env(
        tmp_path, umgebung_des_containers(objects, "gateway", tmp_path)
    )
    assert gateway.mode is Mode.PRODUCTION and gateway.oidc is not None
    assert gateway.public_url == f"https://{erzeugen().laender()[land]['host']}"

    env = umgebung_des_containers(objects, "xta_gateway", tmp_path)
    assert (
        env["SOZ_AMQP_URI"]
        == "pyamqp://xta_gateway:" + "a1" * 32 + "@rabbitmq:5672/sozialplattform"
    )
    konfiguration = Konfiguration.aus_umgebung(env)
    assert konfiguration.leser_ableiten is False
    assert konfiguration.anbindung("05334") is None  # a gE of NRW (Aachen): never connected
    erwartet = zkt_aus_den_daten(erzeugen().laender()[land]["bundesland"])
    assert set(konfiguration.jobcenter) == erwartet
    assert konfiguration.replika == "xta-gateway-5d9f7-abcde"

    anbindung = anbindung_aus_umgebung(umgebung_des_containers(objects, "zustaendigkeit", tmp_path))
    assert anbindung.angebundene_zkt == erwartet
