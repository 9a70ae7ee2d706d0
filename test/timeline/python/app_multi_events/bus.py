import asyncio
from collections import defaultdict

_handlers = defaultdict(list)


def on(event):
    def register(fn):
        _handlers[event].append(fn)
        return fn
    return register


async def emit(event, payload):
    await asyncio.gather(*(h(payload) for h in _handlers[event]))
