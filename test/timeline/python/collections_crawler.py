import asyncio
from collections import deque, defaultdict
from typing import Dict, List, Optional


async def crawl(url: str, depth: int) -> List[str]:
    await asyncio.sleep(0.1 * depth)
    return [f"{url}/{i}" for i in range(depth)]


async def main() -> None:
    frontier: deque = deque(["root"], maxlen=3)
    by_depth: Dict[int, List[str]] = defaultdict(list)
    depth = 1
    while frontier and depth < 4:
        url = frontier.popleft()
        children = await crawl(url, depth)
        by_depth[depth].extend(children)
        frontier.extend(children)
        print(depth, list(frontier))
        depth += 1
    print(dict(by_depth))
    print(frontier, by_depth[9])
    last: Optional[str] = frontier.pop() if frontier else None
    print(last)


asyncio.run(main())
