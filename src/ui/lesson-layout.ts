// The lesson's lines for the room the layout gives them: a scene says how
// to make the lines for a width, and after each layout pass (and before each
// frame) this puts into the store the lines for the lesson body's measured
// width, where they are scrolled to, and how many rows there are. Before
// the first layout it goes by layout.ts's guess; a wrong guess costs one more
// pass. The same size, scroll and lines again change nothing.
import { NO_GEOMETRY, SLOT, type Geometry } from './geometry.js';
import type { LessonView } from './lesson-text.js';
import { lessonTopFor } from './stage-views.js';
import type { Store } from './store.js';
import type { WorkshopState } from './workshop-state.js';

interface Size {
  readonly w: number;
  readonly h: number;
}

export class LessonLayout {
  private made: { view: LessonView; width: number } | undefined;
  private size: Size | undefined;
  private laid: { size: Size; top: number | undefined; view: LessonView } | undefined;

  constructor(
    private readonly store: Store<WorkshopState>,
    /** The lines at a width (a chapter, a jump's progress, the presenter's step). */
    private readonly linesAt: (width: number) => LessonView,
    /** The body's size before any layout measured it. */
    private readonly guess: () => Size,
  ) {}

  /** The lines are out of date (the controller moved on): they are made again at the next lay. */
  invalidate(): void {
    this.made = undefined;
  }

  lay(g: Geometry): void {
    const size = (g === NO_GEOMETRY ? undefined : g.get(SLOT.lessonBody)) ?? this.size ?? this.guess();
    this.size = { w: size.w, h: size.h };
    if (this.made?.width !== size.w) this.made = { view: this.linesAt(size.w), width: size.w };
    const { view } = this.made;
    const top = this.store.get().ui.lessonTop;
    const l = this.laid;
    if (l && l.view === view && l.size.w === size.w && l.size.h === size.h && l.top === top) return;
    this.laid = { size: this.size, top, view };
    const rows = Math.max(1, size.h);
    this.store.set({ lesson: view, lessonTop: lessonTopFor(view, rows, top), lessonRows: rows });
  }
}
