export async function sendWelcome(email: string): Promise<string> {
  await new Promise((r) => setTimeout(r, 20));
  return `welcome mail queued for ${email}`;
}
