"""Bench services, importable under nameko 2.14.1 and 3.0.0rc11.

gateway (@http) --RPC--> echo (@rpc). This is the in-service RPC path the web
gateway will use.
"""

from nameko.rpc import rpc
from nameko.web.handlers import http

try:  # nameko 3.x
    from nameko.rpc import ServiceRpc

    def echo_dependency():
        return ServiceRpc("echo")
except ImportError:  # nameko 2.x
    from nameko.rpc import RpcProxy

    def echo_dependency():
        return RpcProxy("echo")


class Echo:
    name = "echo"

    @rpc
    def echo(self, value):
        return value


class Gateway:
    name = "gateway"

    echo_rpc = echo_dependency()

    @http("GET", "/echo/<value>")
    def get_echo(self, request, value):
        return self.echo_rpc.echo(value)
