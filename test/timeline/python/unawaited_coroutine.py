import asyncio


async def send_email(to):
    print(f"sending email to {to}")
    await asyncio.sleep(1)
    print("email sent")


async def main():
    print("before")
    send_email("ana@example.com")
    print("after: the email was never sent")
    await asyncio.sleep(0.5)
    await send_email("bo@example.com")


asyncio.run(main())
