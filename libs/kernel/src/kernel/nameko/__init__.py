"""The only place the kernel meets nameko: a dependency provider, entrypoints, HTTP endpoints.

Everything they call is plain kernel code, so the framework could be swapped here alone.
"""

from kernel.nameko.operations import OperationsEndpoints, SeparateOperationsEndpoints
from kernel.nameko.provider import EventSourcing, ServiceContext
from kernel.nameko.rpc import rpc
from kernel.nameko.subscription import EventSubscription, subscribe

__all__ = [
    "EventSourcing",
    "EventSubscription",
    "OperationsEndpoints",
    "SeparateOperationsEndpoints",
    "ServiceContext",
    "rpc",
    "subscribe",
]
