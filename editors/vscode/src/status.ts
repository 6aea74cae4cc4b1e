// The status bar item: what the server is doing, at a glance (loading / ready / n problems /
// error / off). Kept free of runtime `vscode` imports: the item is passed in.

export type ServerState =
  | { kind: 'loading'; detail: string }
  | { kind: 'ready' }
  | { kind: 'error'; message: string }
  | { kind: 'off' };

export interface StatusItemLike {
  text: string;
  tooltip: string | unknown;
  command: string | unknown;
  backgroundColor: unknown;
  show(): void;
  hide(): void;
}

export interface Presentation {
  text: string;
  tooltip: string;
  error: boolean;
}

/** What the item shows for a server state and the active document's count of findings. */
export function present(state: ServerState, problems: number | undefined): Presentation {
  switch (state.kind) {
    case 'loading':
      return { text: '$(sync~spin) replylint', tooltip: `replylint: ${state.detail}`, error: false };
    case 'error':
      return { text: '$(error) replylint', tooltip: `replylint: ${state.message} — click for the output`, error: true };
    case 'off':
      return { text: '$(circle-slash) replylint', tooltip: 'replylint: checking is off (replylint.enable)', error: false };
    case 'ready':
      if (problems === undefined || problems === 0) {
        return { text: '$(check) replylint', tooltip: problems === 0 ? 'replylint: no problems in this file' : 'replylint: ready', error: false };
      }
      return {
        text: `$(warning) replylint: ${problems}`,
        tooltip: `replylint: ${problems} problem${problems === 1 ? '' : 's'} in this file`,
        error: false,
      };
  }
}

export class StatusBar {
  state: ServerState = { kind: 'loading', detail: 'starting the language server…' };
  private problems: number | undefined;
  private relevant = false;

  constructor(
    private readonly item: StatusItemLike,
    private readonly errorBackground: unknown,
  ) {
    item.command = 'replylint.showOutput';
  }

  set(state: ServerState): void {
    this.state = state;
    this.render();
  }

  /** The active editor: whether replylint checks it, and its number of findings. */
  setActive(relevant: boolean, problems: number | undefined): void {
    this.relevant = relevant;
    this.problems = problems;
    this.render();
  }

  private render(): void {
    const view = present(this.state, this.relevant ? this.problems : undefined);
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.backgroundColor = view.error ? this.errorBackground : undefined;
    // Problems and "ready" only matter next to a reply; loading and errors are shown anywhere.
    if (this.relevant || this.state.kind === 'loading' || this.state.kind === 'error') {
      this.item.show();
    } else {
      this.item.hide();
    }
  }
}
