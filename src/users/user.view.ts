import type { User } from './user.entity';

/** What the API shows of an account: never the password hash. */
export function toUserView(u: User) {
  return {
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    dataScope: u.dataScope,
    teamId: u.teamId,
    phone: u.phone,
    active: u.active,
    createdAt: u.createdAt,
    updatedAt: u.updatedAt,
  };
}
