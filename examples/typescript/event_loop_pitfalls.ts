// Every ts/ rule of Loop Lens fires somewhere in this file (`npm run examples`).
import * as fs from "node:fs";
import { EventEmitter } from "node:events";

async function fetchScore(id: string): Promise<number> {
  const text = await fs.promises.readFile(`scores/${id}.txt`, "utf8");
  return Number(text);
}

async function isCached(id: string): Promise<boolean> {
  await fs.promises.access(`cache/${id}`);
  return true;
}

export async function report(ids: string[]): Promise<number[]> {
  const scores: number[] = [];
  for (const id of ids) {
    scores.push(await fetchScore(id)); // ts/await-in-loop: could run together
  }
  ids.forEach(async (id) => { // ts/async-foreach: nobody waits for these
    await fetchScore(id);
  });
  if (isCached(ids[0]!)) { // ts/promise-in-condition: always true
    fs.writeFileSync("report.txt", scores.join("\n")); // ts/blocking-sync-call
  }
  try {
    return Promise.all(ids.map((id) => fetchScore(id))); // ts/return-without-await-in-try
  } catch {
    return [];
  }
}

export function wait(ms: number): void {
  const end = Date.now() + ms;
  while (Date.now() < end) {} // ts/busy-wait
}

export function loadLater(id: string): Promise<number> {
  return new Promise(async (resolve) => { // ts/async-promise-executor
    resolve(await fetchScore(id));
  });
}

export async function title(name: string) { // ts/async-without-await
  return `Report: ${name}`;
}

const events = new EventEmitter();
events.on("score", async (id: string) => { // ts/async-callback-void
  await fetchScore(id);
});

fetchScore("first"); // ts/floating-promise
