// A learner process for the class e2e, until the workshop UI's class keys
// land (issue 26, part 3): the real engine (a session with its bash, the
// workshop controller) on a fixture workshop of plain shell steps, joined to
// the class with the product's ClassLearner. It runs the first --run steps,
// raises a hand (--hand) and shares its own terminal's screen (--share), and
// draws a small screen of its own, whose bytes are what it shares.
//   node class-learner.mjs --join LINE --name NAME --lessons DIR --home DIR [--run N] [--hand] [--share]
import path from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const dist = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../dist');
const { values: a } = parseArgs({
  options: {
    join: { type: 'string' },
    name: { type: 'string' },
    lessons: { type: 'string' },
    home: { type: 'string' },
    run: { type: 'string', default: '0' },
    hand: { type: 'boolean', default: false },
    share: { type: 'boolean', default: false },
  },
});
const { openSession } = await import(`${dist}/engine/session.js`);
const { defaultVersions } = await import(`${dist}/cluster/versions.js`);
const { loadWorkshop } = await import(`${dist}/lesson/load.js`);
const { WorkshopController } = await import(`${dist}/engine/controller.js`);
const { ProgressStore } = await import(`${dist}/engine/progress.js`);
const { ClassLearner, learnerId } = await import(`${dist}/class/learner.js`);
const { parseJoinLine } = await import(`${dist}/class/join-line.js`);
const { stepLabel } = await import(`${dist}/engine/step-status.js`);

const stateDir = path.join(a.home, 'state');
const { workshop } = await loadWorkshop(a.lessons);
const session = await openSession({
  workspace: path.join(a.home, 'ws'),
  lessonsDir: a.lessons,
  assetsDir: 'assets',
  stateDir,
  versions: defaultVersions,
});
const progress = await ProgressStore.open(stateDir, a.lessons);
const controller = new WorkshopController(workshop, session.deps, progress);
const learner = new ClassLearner({
  join: parseJoinLine(a.join),
  name: a.name,
  id: await learnerId(stateDir),
  controller,
  chapterCount: workshop.chapters.length,
});

// The screen: what this process writes to its terminal, and, when shared, to the class.
const listeners = new Set();
const write = (s) => {
  process.stdout.write(s);
  for (const l of listeners) l(s);
};
const draw = () => {
  const s = controller.state();
  const st = s.current ? s.run.steps[s.current.id] : undefined;
  const c = learner.status();
  const conn = c.connection.kind === 'connected' ? `connected to ${c.connection.title}` : c.connection.kind;
  const lines = [
    `${a.name}'s workshop: ${s.chapter.meta.title}`,
    `step ${s.run.cursor + 1}/${s.chapter.steps.length}: ${s.current ? stepLabel(s.current) : '(end)'} · ${st?.kind ?? 'done'}`,
    `class: ${conn}${c.hand ? ' · hand up' : ''}${c.sharing ? ` · sharing my screen (${c.viewers} watching)` : ''}`,
  ];
  write(`\x1b[H\x1b[2J${lines.join('\r\n')}\r\n`);
};
controller.subscribe(draw);
learner.onStatus(draw);
draw();

await new Promise((resolve) => learner.onStatus((s) => s.connection.kind === 'connected' && resolve()));
for (let i = 0; i < Number(a.run); i++) await controller.runCurrent();
if (a.hand) learner.raiseHand(true);
if (a.share)
  learner.shareScreen({
    cols: process.stdout.columns || 80,
    rows: process.stdout.rows || 24,
    onData: (l) => (listeners.add(l), () => listeners.delete(l)),
    onResize: () => () => {},
    keyframe: draw,
  });
draw();
const stop = async () => {
  controller.stopChecks();
  await learner.leave();
  await session.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGHUP', stop);
