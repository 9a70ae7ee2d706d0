async function saveReport(): Promise<void> {
  await Promise.resolve();
}

export function onSave(): void {
  saveReport();
}
