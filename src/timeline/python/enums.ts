/**
 * The `enum` module: Enum, IntEnum, StrEnum, Flag-less basics and auto(). A class
 * deriving from Enum turns its plain class attributes into members (instances
 * with `name` and `value`); calling the class looks a member up by value,
 * subscripting it by name, iterating it yields the members in definition order.
 */
import type { Interpreter } from './interpreter';
import { pyEquals } from './operations';
import { NativeObject, PyBuiltin, PyClass, PyDict, PyFunction, PyInstance, PyList, PyModule, PyTypeErrorSignal, num, isNumber, type Value } from './values';

/** `auto()` before the class is finished. */
class AutoValue extends NativeObject {
  readonly typeName = 'auto';
  getAttr(): Value | undefined {
    return undefined;
  }
}

const MEMBERS = '__enum_members__';

export function enumMembers(cls: PyClass): PyInstance[] | null {
  const members = cls.lookup(MEMBERS);
  return members instanceof PyList ? (members.items as PyInstance[]) : null;
}

export function installEnum(interp: Interpreter): void {
  const mod = new PyModule('enum');
  const base = new PyClass('Enum', []);
  base.attrs.set('__module__', 'enum');
  const intEnum = new PyClass('IntEnum', [base]);
  intEnum.attrs.set('__module__', 'enum');
  const strEnum = new PyClass('StrEnum', [base]);
  strEnum.attrs.set('__module__', 'enum');
  const method = (cls: PyClass, name: string, fn: (self: PyInstance, args: Value[]) => Value): void => {
    cls.attrs.set(name, new PyBuiltin(name, (a) => fn(a[0] as PyInstance, a.slice(1))));
  };
  const valueOf = (m: PyInstance): Value => m.attrs.get('value') ?? null;
  const owner = (m: PyInstance): string => m.cls.name;
  method(base, '__repr__', (m) => `<${owner(m)}.${String(m.attrs.get('name'))}: ${interp.repr(valueOf(m))}>`);
  method(base, '__str__', (m) => `${owner(m)}.${String(m.attrs.get('name'))}`);
  method(intEnum, '__str__', (m) => interp.str(valueOf(m)));
  method(strEnum, '__str__', (m) => interp.str(valueOf(m)));
  for (const cls of [intEnum, strEnum]) {
    method(cls, '__eq__', (m, [o]) => pyEquals(interp, valueOf(m), o instanceof PyInstance && enumMembers(o.cls) ? valueOf(o) : o!));
    method(cls, '__lt__', (m, [o]) => num(valueOf(m) as number) < num((o instanceof PyInstance ? valueOf(o) : o) as number));
    method(cls, '__gt__', (m, [o]) => num(valueOf(m) as number) > num((o instanceof PyInstance ? valueOf(o) : o) as number));
    method(cls, '__int__', (m) => valueOf(m));
    method(cls, '__index__', (m) => valueOf(m));
    method(cls, '__len__', (m) => (typeof valueOf(m) === 'string' ? (valueOf(m) as string).length : null));
  }
  mod.attrs.set('Enum', base);
  mod.attrs.set('IntEnum', intEnum);
  mod.attrs.set('StrEnum', strEnum);
  mod.attrs.set('auto', new PyBuiltin('auto', () => new AutoValue()));
  mod.attrs.set('unique', new PyBuiltin('unique', (a) => a[0]!));
  interp.modules.set('enum', mod);

  interp.classHooks.set(base, (cls) => {
    const members: PyInstance[] = [];
    const isStr = cls.isSubclassOf(strEnum);
    let last = 0;
    for (const [name, v] of [...cls.attrs]) {
      if (name.startsWith('_') || v instanceof PyFunction || v instanceof PyBuiltin || v instanceof PyClass) continue;
      let value: Value = v;
      if (v instanceof AutoValue) value = isStr ? name.toLowerCase() : last + 1;
      if (isNumber(value)) last = num(value);
      const existing = members.find((m) => pyEquals(interp, valueOf(m), value));
      const member = existing ?? new PyInstance(cls);
      if (!existing) {
        member.attrs.set('name', name);
        member.attrs.set('value', value);
        member.attrs.set('_name_', name);
        member.attrs.set('_value_', value);
        members.push(member);
      }
      cls.attrs.set(name, member);
    }
    cls.attrs.set(MEMBERS, new PyList(members));
    const byName = new PyDict();
    for (const m of members) byName.set(m.attrs.get('name')!, m);
    cls.attrs.set('__members__', byName);
  });
  interp.classCallHooks.set(base, (cls, args) => {
    const members = enumMembers(cls) ?? [];
    const found = members.find((m) => pyEquals(interp, valueOf(m), args[0] ?? null) || m === args[0]);
    if (!found) throw new PyTypeErrorSignal(`${interp.repr(args[0] ?? null)} is not a valid ${cls.name}`, 'ValueError');
    return found;
  });
}
