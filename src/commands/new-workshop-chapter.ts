// The first chapter `demystify new` writes: each kind of step once, in a
// lesson that runs anywhere demystify does (bash and coreutils, no download,
// no root), so `lint` and `test` pass before the author changes a word.
export function firstChapter(title: string): string {
  const fence = '```';
  return `---
id: first-steps
title: First steps
summary: A command, a file, a program in a pane, a prediction, a check and a question.
time: 5m
---

# First steps in ${title}

Each fenced \`sh\` block is a step. In the workshop the learner presses Enter
and demystify types it into their shell, in the workspace: the folder this
workshop builds in.

${fence}sh
echo "hello from $WORKSPACE"
${fence}

A step can also write a file into the workspace:

${fence}text {file=greeting.txt}
hello, workshop
${fence}

A program that keeps running gets a pane of its own. Its readiness probe
watches the pane's output for a line; the next step waits for it.

${fence}sh {pane=ticker ready="log:ticking"}
bash -c 'echo ticking; while sleep 1; do date +%T; done'
${fence}

Before the next check runs, the learner predicts what it will find. A
prediction never blocks: it is revealed once the check has passed.

${fence}yaml {predict id=words}
ask: How many words does greeting.txt hold?
choices: ["1", "2", "3"]
outcome: wc -w < greeting.txt
why: wc counts what spaces separate, and "hello," is one word.
expect: "2"
${fence}

A check gates progress: the workshop moves on once it passes.

${fence}yaml {check}
command: grep -q workshop greeting.txt
waiting: waiting for greeting.txt to name the workshop
${fence}

<details hint>
<summary>Hint</summary>

The file step above writes greeting.txt; run it again if the file is gone.
</details>

A question wants a value the learner reads off real output and types with
\`answer <value>\` in their shell. The answer is read again when they
answer, so nothing can be guessed in advance.

${fence}yaml {question id=lines}
ask: How many lines does greeting.txt have? (wc -l tells)
answer: wc -l < greeting.txt
solution: grep -c '' greeting.txt
form: number
${fence}

The ticker is not needed any more:

${fence}sh {stop=ticker}
${fence}

That is every kind of step but \`apply\` and the built-in actions, which
talk to a Kubernetes cluster: see docs/lesson-format.md in demystify's
package.
`;
}
