// A typed message bus for frame lifecycle events, the design's decoupling (docs/allocation-tracking-design.md §2.1): the render loop
// publishes FrameStart / FrameEnd, and any budget manager or tool subscribes without the render loop
// knowing it exists. Messages are plain objects tagged by `type`; handlers get the exact type.

export interface FrameStartEvent {
  readonly type: 'FrameStart';
  readonly frame: number;
  readonly senderId?: string;
}
export interface FrameEndEvent {
  readonly type: 'FrameEnd';
  readonly frame: number;
  readonly senderId?: string;
}
export type FrameMessage = FrameStartEvent | FrameEndEvent;

export type Unsubscribe = () => void;

/**
 * What a subscriber of frame events needs from a bus: any `MessageBus` whose messages include
 * FrameStart and FrameEnd (an app's own union of messages) fits.
 */
export interface FrameEventSource {
  subscribe(type: FrameMessage['type'], handler: (m: FrameMessage) => void): Unsubscribe;
}

export class MessageBus<M extends { readonly type: string } = FrameMessage> {
  private readonly handlers = new Map<string, Array<(m: M) => void>>();

  /** Calls `handler` for every message of `type` until the returned function is called. */
  subscribe<T extends M['type']>(type: T, handler: (m: Extract<M, { type: T }>) => void): Unsubscribe {
    let list = this.handlers.get(type);
    if (!list) {
      list = [];
      this.handlers.set(type, list);
    }
    const h = handler as (m: M) => void;
    list.push(h);
    return () => {
      const l = this.handlers.get(type);
      const i = l ? l.indexOf(h) : -1;
      if (i >= 0) l!.splice(i, 1);
    };
  }

  /**
   * Delivers a message to its subscribers in subscription order. A handler that throws does not stop
   * the others (a broken overlay must not stop budget tracking); the first error is rethrown after all ran.
   */
  publish(message: M): void {
    const list = this.handlers.get(message.type);
    if (!list || list.length === 0) return;
    let error: unknown;
    let failed = false;
    for (const h of list.slice()) {
      try {
        h(message);
      } catch (e) {
        if (!failed) {
          failed = true;
          error = e;
        }
      }
    }
    if (failed) throw error;
  }

  subscriberCount(type: M['type']): number {
    return this.handlers.get(type)?.length ?? 0;
  }
}
