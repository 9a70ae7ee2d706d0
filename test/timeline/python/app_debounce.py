import asyncio


class Debouncer:
    def __init__(self, delay, callback):
        self.delay = delay
        self.callback = callback
        self._task = None

    def trigger(self, value):
        if self._task and not self._task.done():
            self._task.cancel()
        self._task = asyncio.create_task(self._fire(value))

    async def _fire(self, value):
        try:
            await asyncio.sleep(self.delay)
        except asyncio.CancelledError:
            print(f"debounced away: {value}")
            raise
        self.callback(value)


async def main():
    debouncer = Debouncer(0.2, lambda v: print(f"search for {v!r}"))
    for text in ["a", "as", "asy", "asyn"]:
        debouncer.trigger(text)
        await asyncio.sleep(0.05)
    await asyncio.sleep(0.3)
    debouncer.trigger("asyncio")
    await asyncio.sleep(0.25)
    print("idle")


asyncio.run(main())
