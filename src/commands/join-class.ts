// `demystify --join <line>`: the workshop joined to a class. The learner's
// progress goes to the class server as the controller changes (src/class/
// learner.ts sends only the listed fields); the status line says when the
// class is reached, lost, or refused. With no class server reachable the
// workshop goes on as before and the client keeps trying by itself.
import os from 'node:os';
import { JoinLineError, parseJoinLine, type JoinLine } from '../class/join-line.js';
import { ClassLearner, learnerId, type ControllerLike } from '../class/learner.js';
import { plainLine, LIMITS } from '../class/protocol.js';
import { CliError } from './cli-error.js';

export interface JoinRequest {
  readonly join: JoinLine;
  readonly name: string;
}

/** The --join and --name flags, checked before anything starts: a bad line is a sentence and exit code 2. */
export function joinRequest(line: string, name: string | undefined): JoinRequest {
  try {
    const join = parseJoinLine(line);
    const shown = plainLine(name ?? os.userInfo().username, LIMITS.name);
    if (!shown) throw new CliError('--name wants a name the instructor can read');
    return { join, name: shown };
  } catch (e) {
    if (e instanceof JoinLineError) throw new CliError(`--join: ${e.message}`);
    throw e;
  }
}

/** Joining from the UI (its join key): a bad line is the same sentence as --join's, for the status line. */
export function joinFromLine(
  stateDir: string,
  name: string | undefined,
  controller: ControllerLike,
  chapterCount: number,
  say: (message: string) => void,
): (line: string) => Promise<ClassLearner> {
  return async (line) => {
    let request: JoinRequest;
    try {
      request = joinRequest(line, name);
    } catch (e) {
      if (e instanceof CliError)
        throw new Error(e.message.replace(/^--join: /, 'the join line: '), { cause: e });
      throw e;
    }
    return joinClass(stateDir, request, controller, chapterCount, say);
  };
}

export async function joinClass(
  stateDir: string,
  request: JoinRequest,
  controller: ControllerLike,
  chapterCount: number,
  say: (message: string) => void,
): Promise<ClassLearner> {
  const learner = new ClassLearner({
    join: request.join,
    name: request.name,
    id: await learnerId(stateDir),
    controller,
    chapterCount,
  });
  let last = '';
  learner.onStatus((s) => {
    const c = s.connection;
    const text =
      c.kind === 'connected'
        ? `class: connected to ${c.title} (${s.address}) as ${request.name}`
        : c.kind === 'stopped'
          ? `class: not joined: ${c.reason}`
          : c.kind === 'connecting' && c.attempt > 0
            ? `class: ${s.address} is not reachable${c.error ? ` (${c.error})` : ''}; trying again (the workshop goes on)`
            : '';
    if (text && text !== last) say(text);
    last = text || last;
  });
  return learner;
}
