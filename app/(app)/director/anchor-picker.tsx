"use client";

import { useId, useState } from "react";

export type AnchorImage = { id: string; name: string; dataUrl: string; width: number; height: number; bytes: number };
export type AnchorLimits = { count: number; bytes: number; minSide: number; maxSide: number };

const TYPES = ["image/png", "image/jpeg", "image/webp"];

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1).replace(/\.0$/, "")} MB`;

function readDataUrl(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result));
    reader.onerror = () => reject(reader.error);
    reader.readAsDataURL(file);
  });
}

function measure(dataUrl: string): Promise<{ width: number; height: number }> {
  return new Promise((resolve, reject) => {
    const image = new Image();
    image.onload = () => resolve({ width: image.naturalWidth, height: image.naturalHeight });
    image.onerror = () => reject(new Error("unreadable"));
    image.src = dataUrl;
  });
}

/** One file as an anchor, or what is wrong with it (the server checks the bytes again). */
async function toAnchor(file: File, limits: AnchorLimits): Promise<AnchorImage | string> {
  if (!TYPES.includes(file.type)) return `${file.name}: use a PNG, JPEG or WebP image.`;
  if (file.size > limits.bytes) return `${file.name} is ${megabytes(file.size)}; each photo may be at most ${megabytes(limits.bytes)}.`;
  try {
    const dataUrl = await readDataUrl(file);
    const { width, height } = await measure(dataUrl);
    if (Math.min(width, height) < limits.minSide) {
      return `${file.name} is ${width}x${height}; use a photo at least ${limits.minSide} pixels on each side.`;
    }
    if (Math.max(width, height) > limits.maxSide) {
      return `${file.name} is ${width}x${height}; use a photo at most ${limits.maxSide} pixels on a side.`;
    }
    return { id: crypto.randomUUID(), name: file.name, dataUrl, width, height, bytes: file.size };
  } catch {
    return `${file.name} could not be read as an image.`;
  }
}

type Props = {
  anchors: AnchorImage[];
  onChange: (anchors: AnchorImage[]) => void;
  name: string;
  onNameChange: (name: string) => void;
  limits: AnchorLimits;
  disabled?: boolean;
};

/** Up to four face photos, read in the browser, checked, and shown before they are sent. */
export function AnchorPicker({ anchors, onChange, name, onNameChange, limits, disabled }: Props) {
  const inputId = useId();
  const [problems, setProblems] = useState<string[]>([]);
  const [dragging, setDragging] = useState(false);
  const room = limits.count - anchors.length;

  async function add(files: File[]) {
    if (!files.length) return;
    const found: string[] = [];
    const taken = files.slice(0, Math.max(room, 0));
    if (files.length > taken.length) {
      const left = files.slice(taken.length).map((f) => f.name).join(", ");
      found.push(`At most ${limits.count} photos: ${left} ${files.length - taken.length === 1 ? "was" : "were"} not added.`);
    }
    const results = await Promise.all(taken.map((f) => toAnchor(f, limits)));
    const added: AnchorImage[] = [];
    for (const result of results) {
      if (typeof result === "string") found.push(result);
      else if ([...anchors, ...added].some((a) => a.dataUrl === result.dataUrl)) found.push(`${result.name} is already added.`);
      else added.push(result);
    }
    setProblems(found);
    if (added.length) onChange([...anchors, ...added]);
  }

  return (
    <div className="space-y-3">
      <label
        htmlFor={inputId}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={(e) => {
          e.preventDefault();
          setDragging(false);
          if (!disabled) void add([...e.dataTransfer.files]);
        }}
        className={`flex cursor-pointer flex-col items-center justify-center gap-1 rounded-2xl border border-dashed px-4 py-6 text-center transition ${
          dragging ? "border-cyan-400 bg-cyan-500/10" : "border-white/20 bg-white/[0.03] hover:bg-white/5"
        } ${room <= 0 || disabled ? "pointer-events-none opacity-50" : ""}`}
      >
        <svg aria-hidden viewBox="0 0 24 24" className="size-7 text-cyan-400">
          <path d="M12 16V4m0 0-4 4m4-4 4 4M4 16v2a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2v-2" fill="none" stroke="currentColor" strokeWidth="1.8" strokeLinecap="round" strokeLinejoin="round" />
        </svg>
        <span className="text-sm font-bold">{room > 0 ? "Add face photos" : `${limits.count} photos added`}</span>
        <span className="text-xs text-white/50">
          1 to {limits.count} clear photos of one face · PNG, JPEG or WebP · up to {megabytes(limits.bytes)} · at least {limits.minSide}x{limits.minSide} px
        </span>
      </label>
      <input
        id={inputId}
        type="file"
        accept="image/png,image/jpeg,image/webp"
        multiple
        disabled={disabled || room <= 0}
        aria-label="Anchor photos"
        className="sr-only"
        onChange={(e) => {
          const files = [...(e.currentTarget.files ?? [])];
          e.currentTarget.value = "";
          void add(files);
        }}
      />

      {problems.length > 0 && (
        <ul role="alert" data-testid="anchor-problems" className="space-y-1 rounded-xl border border-amber-400/30 bg-amber-400/10 px-3 py-2 text-xs text-amber-100">
          {problems.map((p) => (
            <li key={p} className="break-words">
              {p}
            </li>
          ))}
        </ul>
      )}

      {anchors.length > 0 && (
        <ul className="grid grid-cols-4 gap-2" aria-label="Anchor photos added">
          {anchors.map((a) => (
            <li key={a.id} className="group relative aspect-square overflow-hidden rounded-xl border border-white/10 bg-black">
              {/* eslint-disable-next-line @next/next/no-img-element */}
              <img src={a.dataUrl} alt={a.name} className="h-full w-full object-cover" />
              <span className="absolute inset-x-0 bottom-0 truncate bg-black/60 px-1.5 py-0.5 text-[10px] text-white/70">
                {a.width}x{a.height}
              </span>
              <button
                type="button"
                onClick={() => onChange(anchors.filter((x) => x.id !== a.id))}
                disabled={disabled}
                aria-label={`Remove ${a.name}`}
                className="absolute right-1 top-1 flex size-6 items-center justify-center rounded-full bg-black/70 text-white/80 hover:bg-red-500 hover:text-white"
              >
                <svg aria-hidden viewBox="0 0 12 12" className="size-3">
                  <path d="m3 3 6 6m0-6-6 6" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round" />
                </svg>
              </button>
            </li>
          ))}
        </ul>
      )}

      <label className="block">
        <span className="text-xs font-bold uppercase tracking-widest text-white/55">Name this character (optional)</span>
        <input
          value={name}
          onChange={(e) => onNameChange(e.target.value.slice(0, 100))}
          maxLength={100}
          disabled={disabled}
          placeholder="Mara, the lead"
          className="mt-1 w-full rounded-xl border border-white/10 bg-black px-3 py-2 text-sm outline-none placeholder:text-white/40 focus:border-cyan-500/60"
        />
      </label>
    </div>
  );
}
