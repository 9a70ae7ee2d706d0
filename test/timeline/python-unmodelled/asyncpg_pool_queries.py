import asyncio

import asyncpg


async def load_user(pool, user_id):
    async with pool.acquire() as conn:
        row = await conn.fetchrow("SELECT * FROM users WHERE id = $1", user_id)
        print(f"user {user_id} loaded")
        return row


async def main():
    pool = await asyncpg.create_pool(dsn="postgres://localhost/app")
    rows = await asyncio.gather(*(load_user(pool, i) for i in range(3)))
    print(len(rows), "rows")
    async with pool.acquire() as conn:
        async with conn.transaction():
            await conn.execute("UPDATE users SET seen = now()")
            print("updated")
    await pool.close()
    print("closed")


asyncio.run(main())
