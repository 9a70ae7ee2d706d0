import { UserRepo, mailer, type User } from './lib';

const repo = new UserRepo();

async function signup(user: User): Promise<void> {
  await repo.save(user);
  console.log(`saved user ${user.id}`);
  console.log(await mailer.sendWelcome(user.email));
}

async function main(): Promise<void> {
  await Promise.all([signup({ id: 1, email: 'a@x.io' }), signup({ id: 2, email: 'b@x.io' })]);
  const found = await repo.find(2);
  console.log('found', found);
  console.log('missing', await repo.find(3));
}

main().catch((e) => console.error(e));
