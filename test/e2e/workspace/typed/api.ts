export function saveUser(name: string) {
  return Promise.resolve(name);
}
