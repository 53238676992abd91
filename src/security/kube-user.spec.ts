import { ClaimMappingError, kubeUserFromClaims, kubeUserKey, type ClaimMapping } from './kube-user.js';

const ISS = 'https://idp.example';
const base: ClaimMapping = { usernameClaim: 'sub', groupsClaim: 'groups' };

describe(kubeUserFromClaims.name, () => {
  it('prefixes a non-email username with "<iss>#" by default, as kube-apiserver does', () => {
    expect(kubeUserFromClaims({ iss: ISS, sub: 'u-1' }, base)).toEqual({
      username: `${ISS}#u-1`,
      groups: [],
    });
  });

  it('leaves an email username unprefixed by default, and "-" turns the prefix off', () => {
    const email = { ...base, usernameClaim: 'email' };
    expect(kubeUserFromClaims({ iss: ISS, email: 'a@x.io' }, email).username).toBe('a@x.io');
    const none = { ...base, usernameClaim: 'preferred_username', usernamePrefix: '-' };
    expect(kubeUserFromClaims({ iss: ISS, preferred_username: 'alice' }, none).username).toBe('alice');
    const oidc = { ...none, usernamePrefix: 'oidc:' };
    expect(kubeUserFromClaims({ iss: ISS, preferred_username: 'alice' }, oidc).username).toBe('oidc:alice');
  });

  it('maps groups from a list or a single string, prefixed, deduplicated, non-strings dropped', () => {
    const m = { ...base, groupsPrefix: 'oidc:' };
    expect(kubeUserFromClaims({ iss: ISS, sub: 's', groups: ['a', 'b', 'a', 7, ''] }, m).groups).toEqual([
      'oidc:a',
      'oidc:b',
    ]);
    expect(kubeUserFromClaims({ iss: ISS, sub: 's', groups: 'ops' }, m).groups).toEqual(['oidc:ops']);
    const roles = { ...base, groupsClaim: 'roles' };
    expect(kubeUserFromClaims({ iss: ISS, sub: 's', roles: ['r'], groups: ['g'] }, roles).groups).toEqual([
      'r',
    ]);
  });

  it('refuses a token without the username claim (fail closed, never the server identity)', () => {
    expect(() => kubeUserFromClaims({ iss: ISS }, base)).toThrow(ClaimMappingError);
    expect(() => kubeUserFromClaims({ iss: ISS, sub: '' }, base)).toThrow(/no sub claim/);
    expect(() => kubeUserFromClaims({ iss: ISS, sub: 42 }, base)).toThrow(ClaimMappingError);
  });

  it('never acts as a system: user or group', () => {
    const m = { ...base, usernameClaim: 'name', usernamePrefix: '-' };
    expect(() => kubeUserFromClaims({ name: 'system:admin' }, m)).toThrow(/reserved/);
    const user = kubeUserFromClaims({ name: 'eve', groups: ['system:masters', 'dev'] }, m);
    expect(user.groups).toEqual(['dev']);
    // A prefix keeps an issuer's "system:" group harmless.
    expect(
      kubeUserFromClaims({ name: 'eve', groups: ['system:masters'] }, { ...m, groupsPrefix: 'oidc:' }).groups,
    ).toEqual(['oidc:system:masters']);
  });
});

describe(kubeUserKey.name, () => {
  it('is equal for the same user and groups in any order, different otherwise', () => {
    expect(kubeUserKey({ username: 'a', groups: ['x', 'y'] })).toBe(
      kubeUserKey({ username: 'a', groups: ['y', 'x'] }),
    );
    expect(kubeUserKey({ username: 'a', groups: ['x'] })).not.toBe(
      kubeUserKey({ username: 'a', groups: [] }),
    );
    expect(kubeUserKey({ username: 'a', groups: [] })).not.toBe(kubeUserKey({ username: 'b', groups: [] }));
    // No separator trick makes two people one key.
    expect(kubeUserKey({ username: 'a","b', groups: [] })).not.toBe(
      kubeUserKey({ username: 'a', groups: ['b'] }),
    );
  });
});
