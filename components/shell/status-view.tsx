import { cx } from "@/components/ui/cx";

type Props = {
  /** The big figure over the heading: "404", "Error". */
  code: string;
  title: string;
  children: React.ReactNode;
  /** The ways on: a link home, a retry. */
  actions: React.ReactNode;
  /** Fill the screen (no shell around it) or the shell's content area. */
  fullScreen?: boolean;
};

/** The 404 and error pages, in the app's own look. */
export function StatusView({ code, title, children, actions, fullScreen = false }: Props) {
  return (
    <div className={cx("relative isolate flex items-center justify-center overflow-hidden px-6 py-20", fullScreen ? "min-h-dvh" : "min-h-[70dvh]")}>
      <div aria-hidden className="pointer-events-none absolute inset-x-0 top-0 -z-10 mx-auto h-96 max-w-2xl rounded-full bg-cyan-500/15 blur-3xl" />
      <div className="max-w-lg text-center">
        <p aria-hidden className="bg-gradient-to-b from-white to-white/30 bg-clip-text text-8xl font-black tracking-tighter text-transparent sm:text-9xl">
          {code}
        </p>
        <h1 className="mt-4 text-3xl font-black tracking-tight sm:text-4xl">{title}</h1>
        <div className="mt-3 text-white/70">{children}</div>
        <div className="mt-8 flex flex-wrap justify-center gap-3">{actions}</div>
      </div>
    </div>
  );
}
