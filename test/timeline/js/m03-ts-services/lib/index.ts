export { UserRepo } from './repo';
export type { User } from './repo';
export * as mailer from './mailer';
