export interface User { id: number; email: string }

export class UserRepo {
  private users = new Map<number, User>();
  async save(user: User): Promise<void> {
    await new Promise((r) => setTimeout(r, 10));
    this.users.set(user.id, user);
  }
  async find(id: number): Promise<User | undefined> {
    await new Promise((r) => setTimeout(r, 5));
    return this.users.get(id);
  }
}
