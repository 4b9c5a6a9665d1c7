import { childPath, commonPath, parentCodeOfPath, pathCodes } from './unit-path';

describe('unit paths', () => {
  it('builds a child path under a parent or at the top', () => {
    expect(childPath(null, '320111')).toBe('/320111/');
    expect(childPath('/320111/', '320111001')).toBe('/320111/320111001/');
  });

  it('lists the codes top-down and finds the parent code', () => {
    expect(pathCodes('/320111/320111001/320111001005/')).toEqual(['320111', '320111001', '320111001005']);
    expect(parentCodeOfPath('/320111/320111001/')).toBe('320111');
    expect(parentCodeOfPath('/320111/')).toBeNull();
  });

  it('finds the common prefix of paths by whole segments', () => {
    expect(commonPath(['/320111/320111001/320111001005/', '/320111/320111001/320111001013/'])).toBe('/320111/320111001/');
    expect(commonPath(['/320111/320111001/', '/320111/320111002/'])).toBe('/320111/');
    expect(commonPath(['/320111/', '/320112/'])).toBe('/');
    expect(commonPath(['/320111/320111001/'])).toBe('/320111/320111001/');
    expect(commonPath([])).toBe('/');
    // 3201110010 is not below 320111001 even though it starts with the same digits
    expect(commonPath(['/320111001/', '/3201110010/'])).toBe('/');
  });
});
