// Class names the calendar's controls share.

export const FOCUS = "outline-none focus-visible:ring-2 focus-visible:ring-cyan-400 focus-visible:ring-offset-2 focus-visible:ring-offset-black";

export const FIELD = `w-full rounded-xl border border-white/10 bg-white/5 px-3 py-2 text-sm text-white placeholder:text-white/40 ${FOCUS}`;

export const PRIMARY = `rounded-full bg-cyan-500 px-5 py-2 text-sm font-black text-black glow hover:bg-cyan-400 disabled:opacity-40 ${FOCUS}`;

export const SECONDARY = `rounded-full border border-white/15 bg-white/5 px-4 py-2 text-sm font-bold text-white/80 hover:bg-white/10 hover:text-white disabled:opacity-40 ${FOCUS}`;

/** Each channel's dot, so a glance at a week tells the channels apart. */
export const CHANNEL_DOT: Record<string, string> = {
  instagram: "bg-pink-400",
  tiktok: "bg-teal-300",
  x: "bg-white",
  linkedin: "bg-sky-400",
  facebook: "bg-blue-500",
  youtube: "bg-red-500",
};

export const channelDot = (channel: string) => CHANNEL_DOT[channel] ?? "bg-white/40";
