"""One RabbitMQ user per service, each with the least permissions its nameko topology needs
(docs/adr/0075).

What a service touches on the broker follows from its name: the RPC exchange ``nameko-rpc``,
its request queue ``rpc-<service>``, its reply queues ``rpc.reply-<service>-…``, and everything
named ``<service>.…`` (its events exchange ``<service>.events``, its consumer, retry and parking
queues). Beyond that a grant names the services whose events it consumes (it binds its queues
to their exchanges) and the services it may call: on ``nameko-rpc`` it may publish only those
routing keys (RabbitMQ's topic permissions) and replies. So a service cannot publish on another
service's events exchange, cannot call an RPC it has no business with, and cannot read another
service's queues; guest gets nothing on the platform's virtual host.

``BrokerUsers.ensure`` sets this up with ``rabbitmqctl`` (root, or sudo), idempotently: it
reads what exists and changes only what differs. Passwords are generated once and kept in
``<secrets_dir>/<user>.password`` (mode 0600), never anywhere else.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from kombu import Connection

RPC_EXCHANGE = "nameko-rpc"
# nameko routes a reply on nameko-rpc by the caller's reply key: a UUID (rpc.ReplyListener).
REPLY_ROUTING_KEY = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ALL = "*"
# The operators' user (kernel dead-letters, projections, forget): everything on the vhost.
OPERATOR = "betrieb"


@dataclass(frozen=True)
class BrokerGrant:
    """What one service may do on the broker."""

    service: str
    calls: tuple[str, ...] = ()  # services whose RPCs it may call; ("*",) for any
    consumes: tuple[str, ...] = ()  # services whose events it consumes

    def _own(self) -> list[str]:
        s = re.escape(self.service)
        return [f"rpc-{s}", rf"rpc\.reply-{s}-.*", rf"{s}\..*"]

    def _events_of_others(self) -> list[str]:
        return [rf"{re.escape(source)}\.events" for source in self.consumes]

    def configure(self) -> str:
        return _any_of([re.escape(RPC_EXCHANGE), *self._own(), *self._events_of_others()])

    def write(self) -> str:
        # A consumer retries and parks through the default exchange (kernel.dead_letters).
        default = [r"amq\.default"] if self.consumes else []
        return _any_of([re.escape(RPC_EXCHANGE), *default, *self._own()])

    def read(self) -> str:
        return _any_of([re.escape(RPC_EXCHANGE), *self._own(), *self._events_of_others()])

    def rpc_routing_keys(self) -> str:
        """Routing keys it may publish on nameko-rpc: its calls, and replies to its callers."""
        if ALL in self.calls:
            return ".*"
        return _any_of([REPLY_ROUTING_KEY, *(rf"{re.escape(c)}\..*" for c in self.calls)])


def _any_of(patterns: Sequence[str]) -> str:
    return "^(" + "|".join(patterns) + ")$"


def read_grants(path: Path) -> list[BrokerGrant]:
    """``service  calls  consumes`` per line, lists comma-separated, ``-`` for none, ``*`` for
    any call; # starts a comment."""
    grants = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        fields = line.split("#", 1)[0].split()
        if not fields:
            continue
        if len(fields) != 3:
            raise ValueError(f"{path}:{number}: expected 'service calls consumes'")
        service, calls, consumes = fields
        grants.append(BrokerGrant(service, _list(calls), _list(consumes)))
    return grants


def _list(field: str) -> tuple[str, ...]:
    return () if field == "-" else tuple(part for part in field.split(",") if part)


class BrokerUsers:
    """The users of one virtual host. ``user_prefix`` keeps another set (a test's) apart: users
    are global on a broker, and the embedded instance's must not be touched."""

    def __init__(
        self,
        vhost: str,
        secrets_dir: Path,
        *,
        host: str = "127.0.0.1",
        port: int = 5672,
        user_prefix: str = "",
    ) -> None:
        self.vhost = vhost
        self.secrets_dir = secrets_dir
        self.host = host
        self.port = port
        self.user_prefix = user_prefix

    def user(self, service: str) -> str:
        return f"{self.user_prefix}{service}"

    def uri(self, user: str) -> str:
        password = self._password_file(user).read_text(encoding="ascii").strip()
        return (
            f"pyamqp://{quote(user, safe='')}:{quote(password, safe='')}@{self.host}:{self.port}"
            f"/{quote(self.vhost, safe='')}"
        )

    def ensure(self, grants: Iterable[BrokerGrant]) -> dict[str, str]:
        """Vhost, users, passwords and permissions as the grants say; the AMQP URI per service
        (and one for ``OPERATOR``)."""
        grants = list(grants)
        if self.vhost not in {row["name"] for row in self._ctl_json("list_vhosts", "name")}:
            self._ctl("add_vhost", self.vhost)
        existing = {row["user"] for row in self._ctl_json("list_users")}
        permissions = {
            row["user"]: (row["configure"], row["write"], row["read"])
            for row in self._ctl_json("list_permissions", "-p", self.vhost)
        }
        topics = {
            (row["user"], row["exchange"]): (row["write"], row["read"])
            for row in self._ctl_json("list_topic_permissions", "-p", self.vhost)
        }
        wanted = {
            self.user(g.service): ((g.configure(), g.write(), g.read()), g.rpc_routing_keys())
            for g in grants
        }
        wanted[self.user(OPERATOR)] = ((".*", ".*", ".*"), ".*")
        for user, (rights, routing_keys) in wanted.items():
            self._ensure_user(user, user in existing)
            if permissions.get(user) != rights:
                self._ctl("set_permissions", "-p", self.vhost, user, *rights)
            if topics.get((user, RPC_EXCHANGE)) != (routing_keys, ".*"):
                self._ctl(
                    "set_topic_permissions",
                    "-p",
                    self.vhost,
                    user,
                    RPC_EXCHANGE,
                    routing_keys,
                    ".*",
                )
        if "guest" in permissions:  # the broker's default user has no business here
            self._ctl("clear_permissions", "-p", self.vhost, "guest")
        uris = {g.service: self.uri(self.user(g.service)) for g in grants}
        uris[OPERATOR] = self.uri(self.user(OPERATOR))
        return uris

    def delete(self, services: Iterable[str]) -> None:
        """Users and vhost gone (for tests); the password files stay with their directory."""
        for service in [*services, OPERATOR]:
            self._ctl("delete_user", self.user(service), check=False)
        self._ctl("delete_vhost", self.vhost, check=False)

    def _ensure_user(self, user: str, exists: bool) -> None:
        path = self._password_file(user)
        if not path.exists():
            self.secrets_dir.mkdir(parents=True, exist_ok=True, mode=0o700)
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as file:
                file.write(secrets.token_urlsafe(32) + "\n")
        password = path.read_text(encoding="ascii").strip()
        # the password goes on standard input, never on a command line others can list
        if not exists:
            self._ctl("add_user", user, stdin=password)
        elif not self._logs_in(user):
            # a new password file, or the broker's was set by someone else: ours wins
            self._ctl("change_password", user, stdin=password)

    def _logs_in(self, user: str) -> bool:
        """Whether the kept password opens a connection (fails also without permissions yet;
        then it is set again, which costs one call)."""
        try:
            with Connection(self.uri(user), connect_timeout=5) as connection:
                connection.connect()
            return True
        except Exception:  # noqa: BLE001 - any refusal means: set it
            return False

    def _password_file(self, user: str) -> Path:
        return self.secrets_dir / f"{user}.password"

    def _ctl_json(self, *args: str) -> list[dict]:
        return json.loads(self._ctl(*args, "--formatter", "json").stdout or "[]")

    def _ctl(
        self, *args: str, check: bool = True, stdin: str | None = None
    ) -> subprocess.CompletedProcess[str]:
        ctl = shutil.which("rabbitmqctl") or "/usr/sbin/rabbitmqctl"
        command = [ctl, "-q", *args]
        if os.geteuid() != 0:
            command = ["sudo", "-n", *command]
        result = subprocess.run(command, input=stdin, capture_output=True, text=True, timeout=120)
        if check and result.returncode != 0:
            raise RuntimeError(f"rabbitmqctl {args[0]} failed: {result.stderr.strip()[:300]}")
        return result


def main(arguments: Sequence[str] | None = None) -> int:
    """``python -m kernel.nameko.broker_users GRANTS``: each service's permissions, to configure
    a broker by other means (production: the cluster operator's resources)."""
    import argparse

    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("grants", type=Path)
    for grant in read_grants(parser.parse_args(arguments).grants):
        print(f"{grant.service}:")
        print(f"  configure  {grant.configure()}")
        print(f"  write      {grant.write()}")
        print(f"  read       {grant.read()}")
        print(f"  topic {RPC_EXCHANGE} write  {grant.rpc_routing_keys()}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
