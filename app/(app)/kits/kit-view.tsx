"use client";

import { useState } from "react";
import { KIT_LIMITS, MARKETING_CHANNELS } from "@/lib/catalog";
import { CopyButton } from "./copy-button";
import type { KitRow } from "./kit-types";
import { formatCount, formatDayTime } from "@/components/ui/format";

/** Characters as a person counts them (an emoji is one). */
const lengthOf = (text: string) => Array.from(text).length;

function Counter({ text, max, testId }: { text: string; max: number; testId?: string }) {
  const length = lengthOf(text);
  const over = length > max;
  return (
    <span className={`whitespace-nowrap text-xs tabular-nums ${over ? "font-bold text-red-400" : "text-white/55"}`} data-testid={testId} data-over={over || undefined}>
      {formatCount(length)} / {formatCount(max)}
      {over && <span className="sr-only"> characters, over the limit</span>}
    </span>
  );
}

function Card({ title, children, actions, testId, wide = false }: { title: string; children: React.ReactNode; actions?: React.ReactNode; testId?: string; wide?: boolean }) {
  return (
    <section className={`min-w-0 rounded-3xl border border-white/10 bg-white/5 p-4 sm:p-5 ${wide ? "md:col-span-2" : ""}`} data-testid={testId}>
      <div className="flex items-center justify-between gap-3">
        <h3 className="text-xs font-semibold uppercase tracking-widest text-white/55">{title}</h3>
        <div className="flex shrink-0 items-center gap-3">{actions}</div>
      </div>
      <div className="mt-3">{children}</div>
    </section>
  );
}

/** One kit in cards. Captions can be touched up here before copying; the counter follows the edit. */
export function KitView({ row }: { row: KitRow }) {
  const { kit } = row;
  const [captions, setCaptions] = useState(() => ({ ...kit.captions }));
  const hashtags = kit.hashtags.join(" ");

  return (
    <article className="min-w-0 space-y-4" data-testid="kit" aria-labelledby="kit-headline">
      <section className="rounded-3xl border border-cyan-500/30 bg-cyan-500/5 p-5 shadow-[0_0_48px_-24px] shadow-cyan-500/60">
        <div className="flex items-start justify-between gap-3">
          <p className="text-xs font-semibold uppercase tracking-widest text-cyan-300/80">Headline</p>
          <div className="flex shrink-0 items-center gap-3">
            <Counter text={kit.headline} max={KIT_LIMITS.headlineMax} />
            <CopyButton text={kit.headline} what="headline" />
          </div>
        </div>
        <h2 id="kit-headline" className="mt-2 break-words text-2xl font-black tracking-tight sm:text-3xl">{kit.headline}</h2>
        <p className="mt-3 text-xs text-white/55">
          {row.channels.map((c) => MARKETING_CHANNELS[c]?.name ?? c).join(" · ")} · {row.tone} · {formatDayTime(row.created_at, { year: true })}
        </p>
      </section>

      <div className="grid gap-4 md:grid-cols-2">
        {row.channels.map((channel) => {
          const name = MARKETING_CHANNELS[channel]?.name ?? channel;
          const text = captions[channel] ?? "";
          const max = MARKETING_CHANNELS[channel]?.captionMax ?? Infinity;
          return (
            <Card
              key={channel}
              title={name}
              testId={`caption-${channel}`}
              actions={
                <>
                  <Counter text={text} max={max} testId={`counter-${channel}`} />
                  <CopyButton text={text} what={`${name} caption`} />
                </>
              }
            >
              <label className="sr-only" htmlFor={`caption-${row.id}-${channel}`}>{`${name} caption`}</label>
              <textarea
                id={`caption-${row.id}-${channel}`}
                value={text}
                onChange={(e) => setCaptions((c) => ({ ...c, [channel]: e.target.value }))}
                rows={Math.min(10, Math.max(3, Math.ceil(lengthOf(text) / 48)))}
                className="w-full resize-y rounded-xl border border-transparent bg-black/30 p-3 text-sm leading-relaxed text-white/90 outline-none focus-visible:border-cyan-500/50 focus-visible:ring-2 focus-visible:ring-cyan-500/30"
              />
            </Card>
          );
        })}

        <Card title="Hashtags" testId="hashtags" actions={<CopyButton text={hashtags} what="hashtags" />}>
          <ul className="flex flex-wrap gap-2">
            {kit.hashtags.map((tag) => (
              <li key={tag} className="rounded-full bg-cyan-500/10 px-3 py-1 text-sm font-semibold text-cyan-200">{tag}</li>
            ))}
          </ul>
        </Card>

        <Card title="Call to action" testId="cta" actions={<CopyButton text={kit.callToAction} what="call to action" />}>
          <p className="text-lg font-black">{kit.callToAction}</p>
        </Card>

        <Card title="Email" testId="email" wide>
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              <p className="text-xs text-white/55">Subject</p>
              <p className="mt-0.5 break-words font-bold">{kit.email.subject}</p>
            </div>
            <div className="flex shrink-0 items-center gap-3">
              <Counter text={kit.email.subject} max={KIT_LIMITS.emailSubjectMax} />
              <CopyButton text={kit.email.subject} what="email subject" />
            </div>
          </div>
          <div className="mt-4 flex items-start justify-between gap-3 border-t border-white/5 pt-4">
            <div className="min-w-0">
              <p className="text-xs text-white/55">Body</p>
              <p className="mt-1 whitespace-pre-wrap break-words text-sm leading-relaxed text-white/85">{kit.email.body}</p>
            </div>
            <CopyButton text={kit.email.body} what="email body" />
          </div>
        </Card>
      </div>
    </article>
  );
}
