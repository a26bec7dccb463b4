/** The one visible keyboard focus of every control: a cyan ring, off the element on black. */
export const FOCUS_RING =
  "outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 focus-visible:ring-offset-2 focus-visible:ring-offset-black";
