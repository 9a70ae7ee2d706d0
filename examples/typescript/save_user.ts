// A request handler that drops its promises: errors vanish, order is lost.
import { writeFile } from "node:fs/promises";

interface User {
  id: number;
  name: string;
}

async function saveUser(user: User): Promise<void> {
  await writeFile(`user-${user.id}.json`, JSON.stringify(user));
}

export function handleSignup(user: User): void {
  saveUser(user); // not awaited: a failed write is an unhandled rejection
  console.log("signed up", user.name);
}

export async function handleImport(users: User[]): Promise<void> {
  users.map(async (user) => saveUser(user)); // nothing waits for these
  console.log("imported", users.length);
}
