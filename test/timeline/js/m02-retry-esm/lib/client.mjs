let calls = 0;
export const stats = { get calls() { return calls; } };
export default async function fetchInvoice(id) {
  calls++;
  await new Promise((r) => setTimeout(r, 5));
  if (calls < 3) throw new Error('ECONNRESET');
  return { id, amount: 99 };
}
