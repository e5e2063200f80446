import { RbacVerbs } from '../../src/rbac/verbs';

describe('RbacVerbs', () => {
  test('read is get, list and watch', () => {
    expect(RbacVerbs.READ).toEqual(['get', 'list', 'watch']);
  });

  test('reading a Secret is get only', () => {
    expect(RbacVerbs.SECRET_READ).toEqual(['get']);
  });

  test('writes by name are update, patch and delete', () => {
    expect(RbacVerbs.WRITE_BY_NAME).toEqual(['update', 'patch', 'delete']);
  });

  test('create and deletecollection cannot be restricted by name', () => {
    expect(RbacVerbs.NOT_RESTRICTABLE_BY_NAME).toEqual(['create', 'deletecollection']);
  });

  test('name-restrictable verb sets never contain create or deletecollection', () => {
    for (const set of [RbacVerbs.READ, RbacVerbs.SECRET_READ, RbacVerbs.WRITE_BY_NAME]) {
      expect(set.filter((v) => RbacVerbs.NOT_RESTRICTABLE_BY_NAME.includes(v))).toEqual([]);
    }
  });

  test('privilege escalation verbs are escalate, bind and impersonate', () => {
    expect(RbacVerbs.PRIVILEGE_ESCALATION).toEqual(['escalate', 'bind', 'impersonate']);
  });

  test('fails to modify a verb set', () => {
    expect(() => RbacVerbs.READ.push('delete')).toThrow(TypeError);
    expect(RbacVerbs.READ).toEqual(['get', 'list', 'watch']);
  });
});
