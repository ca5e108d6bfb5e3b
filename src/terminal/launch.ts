// The exact program and arguments a component is spawned with.
//
// `bash -c` execs a simple command (and the last command of a list) itself,
// so the component becomes the pty's session and group leader and gets our
// signals directly. Unlike a literal `exec` prefix this also accepts
// `A=1 cmd` and `cd dir && cmd`; anything more complex keeps bash as the
// leader, in the same group, which stop() reaches just as well.
//
// First, though, the script closes every inherited descriptor above stderr:
// node-pty 1.1.0 does not mark its pty masters close-on-exec, so without this
// each component would hold the masters of the panes started before it. A
// leaked master keeps a pane's terminal from hanging up when demystify dies,
// which is what ends most components even after a SIGKILL of demystify.
// (Components that need root are not started here: the root helper starts
// them, see src/host/root-backend.ts.)

const CLOSE_INHERITED_FDS =
  'for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done';

export interface Launch {
  readonly file: string;
  readonly args: string[];
}

export function launchFor(command: string): Launch {
  return { file: 'bash', args: ['-c', `${CLOSE_INHERITED_FDS}\n${command}`] };
}
