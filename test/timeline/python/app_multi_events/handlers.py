import asyncio

from bus import on


@on("signup")
async def send_welcome(user):
    await asyncio.sleep(0.2)
    print(f"welcome mail to {user}")


@on("signup")
async def add_to_crm(user):
    await asyncio.sleep(0.1)
    print(f"crm record for {user}")


@on("delete")
async def purge(user):
    await asyncio.sleep(0.05)
    print(f"purged {user}")
