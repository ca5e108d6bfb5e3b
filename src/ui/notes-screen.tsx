// The presenter's notes terminal (`demystify present --notes`), as a screen:
// the chapter, the step on the main screen and the next one with their
// presenter notes, the chapter's closing notes, the components and the
// checks, and the keys that drive the main screen. Redrawn on every state
// the main screen sends. Prose wraps at spaces; a command breaks with a
// visible mark (text/wrap.ts), so the presenter reads it as it will run.
import React from 'react';
import { Box, Text } from 'ink';
import { wrapPre } from '../text/wrap.js';
import { ScrollArea } from './components/Overlay.js';
import { hintLine } from './key-bindings.js';
import { useScreenSize, useTheme } from './screen-context.js';
import type { Scene } from './screen-loop.js';
import { Store } from './store.js';
import { storeBinding } from './store-context.js';

/** A step as the notes show it (the notes channel's NotesStep, src/present/protocol.ts). */
export interface NotesStepShown {
  readonly index: number;
  readonly label: string;
  readonly status: string;
  readonly detail: string | undefined;
  readonly command: string;
  readonly notes: readonly string[];
}

/** What the notes show (the notes channel's NotesState, src/present/protocol.ts). */
export interface NotesShown {
  readonly chapter: { readonly index: number; readonly title: string; readonly count: number };
  readonly chapters: readonly { readonly title: string }[];
  readonly stepCount: number;
  readonly step: NotesStepShown | undefined;
  readonly next: NotesStepShown | undefined;
  readonly closingNotes: readonly string[];
  readonly components: readonly { readonly name: string; readonly state: string }[];
  readonly checks: readonly { readonly label: string; readonly status: string }[];
  readonly typingMs: number;
  readonly notice: string | undefined;
  readonly reaching:
    | { readonly target: string; readonly last: string | undefined; readonly failed: string | undefined }
    | undefined;
}

export interface NotesScreenState {
  /** Undefined until the main screen sends its state. */
  readonly notes: NotesShown | undefined;
  /** What the notes terminal itself has to say (waiting for the main screen, it closed). */
  readonly message: string | undefined;
}

const notesStore = storeBinding<NotesScreenState>('the notes terminal');

/** Commands longer than this show their first lines and how many more there are. */
const COMMAND_LINES = 8;

/** `first` before the first row of `text`, the rest of it under the first row's text. */
function Hanging({ first, text }: { readonly first: string; readonly text: string }) {
  return (
    <Box>
      <Text>{first}</Text>
      <Box flexGrow={1} flexBasis={0}>
        <Text>{text}</Text>
      </Box>
    </Box>
  );
}

function StepBlock({ step, of }: { readonly step: NotesStepShown; readonly of: number }) {
  const theme = useTheme();
  const { cols } = useScreenSize();
  const command = step.command.replace(/\s+$/, '').split('\n');
  const shown = command.length > COMMAND_LINES ? command.slice(0, COMMAND_LINES - 1) : command;
  return (
    <Box flexDirection="column">
      <Text>{theme.bold(`Step ${step.index + 1}/${of} · ${step.label}`)}</Text>
      <Box paddingLeft={2}>
        <Text>{theme.dim(`[${step.status}${step.detail ? `: ${step.detail}` : ''}]`)}</Text>
      </Box>
      {step.command.trim() !== '' &&
        wrapPre(shown.join('\n'), Math.max(16, cols - 5)).map((l, i) => (
          <Text key={i}>{`    ${theme.accent(l)}`}</Text>
        ))}
      {shown.length < command.length && (
        <Text>{theme.dim(`    … and ${command.length - shown.length} more lines`)}</Text>
      )}
      {step.notes.map((n, i) => (
        <Hanging key={i} first={theme.warn('  ✎ ')} text={theme.warn(n)} />
      ))}
    </Box>
  );
}

function Heading({ text }: { readonly text: string }) {
  const theme = useTheme();
  return (
    <Box marginTop={1}>
      <Text>{theme.dim(text)}</Text>
    </Box>
  );
}

function Notes({ s, message }: { readonly s: NotesShown; readonly message: string | undefined }) {
  const theme = useTheme();
  const notice = message ?? s.notice;
  return (
    <>
      <Box flexWrap="wrap" columnGap={2}>
        <Text>{theme.bold(`Chapter ${s.chapter.index}/${s.chapter.count - 1} · ${s.chapter.title}`)}</Text>
        <Text>{theme.dim(`(typing ${s.typingMs} ms/char)`)}</Text>
      </Box>
      {s.reaching && (
        <Box flexDirection="column" marginTop={1}>
          <Text>{theme.warn(`Reaching the start of ${s.reaching.target}…`)}</Text>
          {s.reaching.last && <Hanging first="  " text={s.reaching.last.trim()} />}
          {s.reaching.failed && (
            <Hanging first={theme.bad('  failed: ')} text={theme.bad(s.reaching.failed)} />
          )}
        </Box>
      )}
      <Heading text="NOW" />
      {s.step ? <StepBlock step={s.step} of={s.stepCount} /> : <Text> end of the chapter</Text>}
      <Heading text="NEXT" />
      {s.next ? (
        <StepBlock step={s.next} of={s.stepCount} />
      ) : (
        <Hanging
          first="  "
          text={
            s.step
              ? '(the last step of the chapter)'
              : (s.chapters[s.chapter.index + 1]?.title ?? 'that was the last chapter')
          }
        />
      )}
      {s.closingNotes.length > 0 && (!s.next || !s.step) && (
        <>
          <Heading text="CLOSING NOTES" />
          {s.closingNotes.map((n, i) => (
            <Hanging key={i} first={theme.warn('  ✎ ')} text={theme.warn(n)} />
          ))}
        </>
      )}
      <Heading text="COMPONENTS" />
      <Hanging
        first="  "
        text={
          s.components.length ? s.components.map((c) => `${c.name}: ${c.state}`).join(' · ') : 'none running'
        }
      />
      {s.checks.length > 0 && (
        <>
          <Heading text="CHECKS" />
          {s.checks.map((c, i) => (
            <Hanging key={i} first={`  ${c.status.padEnd(8)} `} text={c.label} />
          ))}
        </>
      )}
      {notice && (
        <Box marginTop={1}>
          <Text>{theme.warn(notice)}</Text>
        </Box>
      )}
    </>
  );
}

export function NotesScreen() {
  const { notes, message } = notesStore.useState();
  const theme = useTheme();
  return (
    <>
      <ScrollArea top={0}>
        {notes ? (
          <Notes s={notes} message={message} />
        ) : (
          <Box flexDirection="column" rowGap={1}>
            <Text>demystify presenter notes</Text>
            <Text>{message ?? 'connecting…'}</Text>
          </Box>
        )}
      </ScrollArea>
      {/* The keys come from the key table; the line wraps like any sentence. */}
      <Box marginTop={1} flexShrink={0}>
        <Text>{theme.dim(hintLine('notes'))}</Text>
      </Box>
    </>
  );
}

/** The notes terminal's scene: its store, its screen, and its keys. */
export function notesScene(
  input: (chunk: string) => void,
): Scene & { readonly store: Store<NotesScreenState> } {
  const store = new Store<NotesScreenState>({ notes: undefined, message: undefined });
  return {
    view: (
      <notesStore.Provider store={store}>
        <NotesScreen />
      </notesStore.Provider>
    ),
    store,
    input,
  };
}
