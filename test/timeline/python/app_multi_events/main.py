import asyncio

import handlers  # noqa: F401  (registers the handlers)
from bus import emit


async def main():
    await emit("signup", "ada")
    print("signup handled")
    await asyncio.gather(emit("signup", "bob"), emit("delete", "eve"))
    print("all handled")


asyncio.run(main())
