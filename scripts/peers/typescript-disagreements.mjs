// Peer test cases (by `<peer-rule>/<valid|invalid>/<index>`) where Loop Lens's docs deliberately
// disagree with the peer, and why. They are marked in the fixtures and scored apart.
const ANY_THENABLE = 'ts/floating-promise flags any thenable, not only promises (typescript-eslint with checkThenables: true)';
const THEN_CHAIN = 'the syntactic tier takes a `.then(...)`/`.finally(...)` chain for a promise whatever its receiver (documented)';
const LOGICAL = 'ts/promise-in-condition checks the operands of `&&`/`||` that are tested as booleans (documented)';
const FOR_BODY = 'ts/await-in-loop looks at awaits in the body of for/for…of/for…in loops only: while/do loops poll or converse (documented)';
const HEADER = 'an await in a loop\'s test or update is a chain: the next iteration needs it (documented)';
const FOR_AWAIT = '`for await` loops are not flagged (documented)';
const ONE_STEP = 'an await that uses neither the loop variable nor anything the body declares repeats one step (documented)';
const NOT_A_CALL = 'only an await of a call starts work; awaiting an existing promise in a loop costs nothing (documented)';
const USING = '`await using` disposes resources in order by design: no independent work to run together';

export const DISAGREEMENTS = {
  'no-floating-promises/valid/11': THEN_CHAIN,
  'no-floating-promises/valid/15': ANY_THENABLE,
  'no-floating-promises/valid/16': THEN_CHAIN,
  'no-floating-promises/valid/70': ANY_THENABLE,
  'no-floating-promises/valid/71': ANY_THENABLE,
  'no-misused-promises/valid/20': LOGICAL,
  'no-async-promise-executor/valid/3': 'ESLint `/* global */` comments are ESLint configuration, which Loop Lens does not read',
  'no-await-in-loop/invalid/0': FOR_BODY,
  'no-await-in-loop/invalid/1': HEADER,
  'no-await-in-loop/invalid/2': FOR_AWAIT,
  'no-await-in-loop/invalid/3': NOT_A_CALL,
  'no-await-in-loop/invalid/4': NOT_A_CALL,
  'no-await-in-loop/invalid/5': NOT_A_CALL,
  'no-await-in-loop/invalid/6': ONE_STEP,
  'no-await-in-loop/invalid/7': HEADER,
  'no-await-in-loop/invalid/8': HEADER,
  'no-await-in-loop/invalid/9': FOR_BODY,
  'no-await-in-loop/invalid/10': HEADER,
  'no-await-in-loop/invalid/11': FOR_BODY,
  'no-await-in-loop/invalid/12': HEADER,
  'no-await-in-loop/invalid/13': FOR_BODY,
  'no-await-in-loop/invalid/14': USING,
  'no-await-in-loop/invalid/15': USING,
  'no-await-in-loop/invalid/16': USING,
};
