"use client";

export type StepName = "character" | "keyframe" | "shot";
export type StepStatus = "submitting" | "running" | "succeeded" | "failed" | "cancelled";
export type ShotStep = { name: StepName; status: StepStatus; startedAt: string | null; finishedAt: string | null; preview?: string };

/** A Director generation as the API shows it. */
export type Shot = {
  id: string;
  kind: "director";
  model: string;
  modelName: string;
  prompt: string;
  params: { aspect?: string; duration?: number; motion?: string; anchorCount?: number; characterId?: string; characterName?: string };
  price: number;
  status: "queued" | "running" | "succeeded" | "failed";
  refunded: boolean;
  outputs: { url: string; contentType: string; size: number }[];
  error: { code: string; message: string } | null;
  steps: ShotStep[] | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

/** Where a step stands as shown: a step not begun waits, or is skipped once the job has ended. */
export type StepState = "waiting" | "skipped" | StepStatus;

export const STEP_NAMES: readonly StepName[] = ["character", "keyframe", "shot"];

export const isOpenShot = (shot: Shot) => shot.status === "queued" || shot.status === "running";

export function stepOf(shot: Shot | null, name: StepName): ShotStep | undefined {
  return shot?.steps?.find((s) => s.name === name);
}

export function stateOf(shot: Shot | null, name: StepName): StepState {
  const step = stepOf(shot, name);
  if (step) return step.status;
  return shot && !isOpenShot(shot) ? "skipped" : "waiting";
}

/** The keyframe image, once the keyframe step has made one. */
export function previewOf(shot: Shot | null): string | undefined {
  return shot?.steps?.find((s) => s.preview)?.preview;
}

const TITLES: Record<StepName, string> = { character: "Character", keyframe: "Keyframe", shot: "Shot" };

function stateLabel(name: StepName, state: StepState): string {
  switch (state) {
    case "waiting":
      return "Waiting";
    case "skipped":
      return "Not started";
    case "submitting":
      return "Starting";
    case "running":
      return name === "character" ? "Training" : name === "keyframe" ? "Drawing" : "Animating";
    case "succeeded":
      return "Done";
    case "failed":
      return "Failed";
    case "cancelled":
      return "Cancelled";
  }
}

function seconds(step: ShotStep | undefined): string | null {
  if (!step?.startedAt || !step.finishedAt || step.status !== "succeeded") return null;
  const ms = new Date(step.finishedAt).getTime() - new Date(step.startedAt).getTime();
  // A saved character's step ends as it starts: no time worth showing.
  return Number.isFinite(ms) && ms >= 100 ? `${(ms / 1000).toFixed(1)} s` : null;
}

export function StepIcon({ state, className = "size-5" }: { state: StepState; className?: string }) {
  if (state === "submitting" || state === "running") {
    return <span aria-hidden className={`${className} inline-block animate-spin rounded-full border-2 border-cyan-500/25 border-t-cyan-400`} />;
  }
  if (state === "succeeded") {
    return (
      <svg aria-hidden viewBox="0 0 20 20" className={`${className} text-cyan-400`}>
        <circle cx="10" cy="10" r="9" className="fill-cyan-500/15 stroke-current" strokeWidth="1.5" />
        <path d="m6 10.5 2.5 2.5L14 7.5" fill="none" className="stroke-current" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
      </svg>
    );
  }
  if (state === "failed") {
    return (
      <svg aria-hidden viewBox="0 0 20 20" className={`${className} text-red-400`}>
        <circle cx="10" cy="10" r="9" className="fill-red-500/15 stroke-current" strokeWidth="1.5" />
        <path d="m7 7 6 6m0-6-6 6" className="stroke-current" strokeWidth="2" strokeLinecap="round" />
      </svg>
    );
  }
  if (state === "cancelled" || state === "skipped") {
    return (
      <svg aria-hidden viewBox="0 0 20 20" className={`${className} text-white/30`}>
        <circle cx="10" cy="10" r="9" fill="none" className="stroke-current" strokeWidth="1.5" />
        <path d="M6.5 10h7" className="stroke-current" strokeWidth="2" strokeLinecap="round" />
      </svg>
    );
  }
  return (
    <svg aria-hidden viewBox="0 0 20 20" className={`${className} text-white/30`}>
      <circle cx="10" cy="10" r="9" fill="none" className="stroke-current" strokeWidth="1.5" strokeDasharray="3 3" />
    </svg>
  );
}

/** The three steps of a shot, each with what it does and where it stands. */
export function ShotSteps({ shot, details }: { shot: Shot | null; details: Record<StepName, string> }) {
  return (
    <ol className="grid gap-2 sm:grid-cols-3 lg:grid-cols-1">
      {STEP_NAMES.map((name, i) => {
        const state = stateOf(shot, name);
        const took = seconds(stepOf(shot, name));
        const active = state === "running" || state === "submitting";
        return (
          <li
            key={name}
            data-testid={`step-${name}`}
            data-status={state}
            className={`flex min-w-0 items-start gap-3 rounded-2xl border p-3 transition-colors ${
              active ? "border-cyan-500/50 bg-cyan-500/10" : state === "failed" ? "border-red-500/40 bg-red-500/5" : "border-white/10 bg-white/[0.03]"
            }`}
          >
            <StepIcon state={state} className="mt-0.5 size-5 shrink-0" />
            <div className="min-w-0">
              <p className="text-sm font-black">
                <span className="text-white/55">{i + 1}.</span> {TITLES[name]}
              </p>
              <p className={`text-xs font-bold ${state === "succeeded" ? "text-cyan-300" : state === "failed" ? "text-red-300" : "text-white/50"}`}>
                {stateLabel(name, state)}
                {took && <span className="font-semibold text-white/55"> · {took}</span>}
              </p>
              <p className="mt-1 text-xs text-white/55">{details[name]}</p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}

/** The steps in a line of small chips, for a card. */
export function StepChips({ shot }: { shot: Shot }) {
  return (
    <ol className="flex flex-wrap gap-1.5" aria-label="Steps">
      {STEP_NAMES.map((name) => {
        const state = stateOf(shot, name);
        return (
          <li key={name} data-testid={`chip-${name}`} data-status={state} className="flex items-center gap-1 rounded-full bg-white/5 py-0.5 pl-1 pr-2 text-[11px] font-bold text-white/60">
            <StepIcon state={state} className="size-3.5" />
            {TITLES[name]}
            <span className="sr-only">: {stateLabel(name, state)}</span>
          </li>
        );
      })}
    </ol>
  );
}
