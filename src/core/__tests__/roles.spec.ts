import { roleChoice } from '../auth/roles';

describe(roleChoice.name, () => {
  it('names a choice of roles as a person reads it, in the order given', () => {
    expect(roleChoice(['manager', 'admin'])).toBe('团队负责人或系统管理员');
    expect(roleChoice(['admin', 'manager', 'officer'])).toBe('系统管理员、团队负责人或招商专员');
    expect(roleChoice(['viewer'])).toBe('只读用户');
    expect(roleChoice([])).toBe('');
  });
});
