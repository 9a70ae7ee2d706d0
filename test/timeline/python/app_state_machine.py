import asyncio
from enum import Enum, auto


class Phase(Enum):
    IDLE = auto()
    CONNECTING = auto()
    CONNECTED = auto()
    CLOSED = auto()


TRANSITIONS = {
    (Phase.IDLE, "connect"): Phase.CONNECTING,
    (Phase.CONNECTING, "ok"): Phase.CONNECTED,
    (Phase.CONNECTING, "fail"): Phase.IDLE,
    (Phase.CONNECTED, "close"): Phase.CLOSED,
}


class Connection:
    def __init__(self):
        self.phase = Phase.IDLE

    def fire(self, event):
        nxt = TRANSITIONS.get((self.phase, event))
        if nxt is None:
            raise ValueError(f"bad event {event} in {self.phase.name}")
        print(f"{self.phase.name} --{event}--> {nxt.name}")
        self.phase = nxt

    async def connect(self, attempts):
        for ok in attempts:
            self.fire("connect")
            await asyncio.sleep(0.1)
            match ok:
                case True:
                    self.fire("ok")
                    return
                case False:
                    self.fire("fail")


async def main():
    conn = Connection()
    await conn.connect([False, True])
    try:
        conn.fire("connect")
    except ValueError as exc:
        print("error:", exc)
    conn.fire("close")
    print(conn.phase, conn.phase.value)


asyncio.run(main())
