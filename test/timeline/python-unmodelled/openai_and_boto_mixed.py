import asyncio

import boto3
import openai


async def summarize(client, text):
    completion = await client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": text}])
    return completion.choices


async def main():
    client = openai.AsyncOpenAI()
    s3 = boto3.client("s3")
    s3.put_object(Bucket="b", Key="k", Body=b"" if False else "x")
    print("uploaded (sync call, no latency modelled)")
    summaries = await asyncio.gather(summarize(client, "one"), summarize(client, "two"))
    print("summaries", len(summaries))
    print("listed")


asyncio.run(main())
