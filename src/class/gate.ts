// Who gets in: a hello is checked here before the server gives it a role.
// The protocol version must match; the presenter shows the presenter's token;
// a learner or a watcher shows the class code (in constant time), and an
// address that keeps guessing wrong codes is refused for a minute.
import crypto from 'node:crypto';
import type { ClassIdentity } from './class-identity.js';
import type { Clock } from './clock.js';
import { normalCode } from './join-line.js';
import { PROTOCOL_VERSION, type Hello } from './protocol.js';
import { WrongCodes } from './wrong-codes.js';

export type Admission =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: string; readonly count: 'wrongCode' | 'rateLimited' | undefined };

/** Compares secrets in constant time (a code guessed a character at a time learns nothing from timing). */
function equal(a: string, b: string): boolean {
  const ha = crypto.createHash('sha256').update(a).digest();
  const hb = crypto.createHash('sha256').update(b).digest();
  return crypto.timingSafeEqual(ha, hb);
}

export class Gate {
  private readonly wrong: WrongCodes;
  private readonly code: string;

  constructor(
    private readonly identity: ClassIdentity,
    clock: Clock,
  ) {
    this.wrong = new WrongCodes(clock);
    this.code = normalCode(identity.code);
  }

  admit(hello: Hello, address: string): Admission {
    if (hello.v !== PROTOCOL_VERSION)
      return {
        ok: false,
        reason: `this class speaks protocol ${PROTOCOL_VERSION}, you ${hello.v}: use the same demystify version as the instructor`,
        count: undefined,
      };
    if (hello.role === 'presenter')
      return equal(hello.token, this.identity.presenterToken) ? { ok: true } : this.wrongCode(address);
    if (this.wrong.blocked(address))
      return {
        ok: false,
        reason: 'too many wrong codes from this address: wait a minute, then check the code on the screen',
        count: 'rateLimited',
      };
    return equal(normalCode(hello.code), this.code) ? { ok: true } : this.wrongCode(address);
  }

  private wrongCode(address: string): Admission {
    this.wrong.failed(address);
    return {
      ok: false,
      reason: 'wrong class code: check the code on the instructor’s screen',
      count: 'wrongCode',
    };
  }
}
