import asyncio
import time
from enum import Enum


class State(Enum):
    CLOSED = "closed"
    OPEN = "open"
    HALF_OPEN = "half-open"


class CircuitOpen(Exception):
    pass


class CircuitBreaker:
    def __init__(self, threshold=2, reset_after=0.3):
        self.state = State.CLOSED
        self.failures = 0
        self.threshold = threshold
        self.reset_after = reset_after
        self.opened_at = 0.0

    async def call(self, fn, *args):
        if self.state is State.OPEN:
            if time.monotonic() - self.opened_at < self.reset_after:
                raise CircuitOpen("circuit is open")
            self.state = State.HALF_OPEN
        try:
            result = await fn(*args)
        except ConnectionError:
            self.failures += 1
            if self.state is State.HALF_OPEN or self.failures >= self.threshold:
                self.state = State.OPEN
                self.opened_at = time.monotonic()
            raise
        self.failures = 0
        self.state = State.CLOSED
        return result


async def service(ok):
    await asyncio.sleep(0.05)
    if not ok:
        raise ConnectionError("backend down")
    return "pong"


async def main():
    breaker = CircuitBreaker()
    for ok in [False, False, True, True]:
        try:
            print("->", await breaker.call(service, ok), breaker.state.value)
        except (ConnectionError, CircuitOpen) as exc:
            print("x ", type(exc).__name__, exc, breaker.state.name)
    await asyncio.sleep(0.35)
    print("->", await breaker.call(service, True), breaker.state)


asyncio.run(main())
