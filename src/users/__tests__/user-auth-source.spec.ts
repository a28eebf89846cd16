import type { User } from '../user.entity';
import { UserAuthSource } from '../user-auth-source';
import type { UsersRepository } from '../users.repository';

const row = (over: Partial<User>): User => ({
  id: 1, email: 'li@test.local', name: '李四', passwordHash: 'x', role: 'officer', dataScope: 'team', teamId: 7, phone: null,
  active: true, tokenVersion: 0, createdAt: new Date(), updatedAt: new Date(), ...over,
});

/** The source over an in-memory users table, counting the reads it makes. */
function setup(table: Map<number, User>) {
  const reads: number[][] = [];
  const users: Pick<UsersRepository, 'byIds'> = {
    byIds: async (ids) => {
      reads.push([...ids]);
      return new Map(ids.filter((id) => table.has(id)).map((id) => [id, { ...table.get(id)! }]));
    },
  };
  return { source: new UserAuthSource(users as UsersRepository), reads };
}

describe(UserAuthSource.name, () => {
  it('answers an active account as the caller, and nobody for an inactive, unknown or malformed id', async () => {
    const { source } = setup(new Map([[1, row({})], [2, row({ id: 2, active: false })]]));
    expect(await source.findActive(1)).toEqual({ id: 1, email: 'li@test.local', name: '李四', role: 'officer', dataScope: 'team', teamId: 7, tokenVersion: 0 });
    expect(await source.findActive(2)).toBeNull();
    expect(await source.findActive(3)).toBeNull();
    expect(await source.findActive(Number.NaN)).toBeNull();
  });

  it('reads an account once for requests close together, and again once told to forget it', async () => {
    const table = new Map([[1, row({})]]);
    const { source, reads } = setup(table);
    await source.findActive(1);
    await source.findActive(1);
    expect(reads).toEqual([[1]]);
    table.set(1, row({ role: 'viewer', active: false }));
    source.forget(1);
    expect(await source.findActive(1)).toBeNull();
    expect(reads).toEqual([[1], [1]]);
  });
});
