// The embedded default's text provider: useful, visibly marked template answers built from the
// request's facts (the brand, the brief, the real figures), streamed in pieces like a model's.
// `[demo:fail]` fails before the first piece, `[demo:cut]` fails in the middle and `[demo:slow]`
// writes slowly (a piece every half second), so every charge and refund path of the text features
// can be tried by hand.
import { KIT_LIMITS, MARKETING_CHANNELS, type MarketingChannel } from "@/lib/catalog";
import type { TextFacts } from "./text-facts";
import type { TextProvider, TextRequest } from "./text-types";
import { ProviderError } from "./types";

const PIECE_DELAY_MS = 25;
const SLOW_PIECE_DELAY_MS = 500;
const MARK = "Demo answer (the embedded demo writes templates, not a model)";

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`);
const brandName = (facts: { brand: { name: string } }) => facts.brand.name.trim() || "your brand";
const percent = (rate: number) => `${Math.round(rate * 100)}%`;

function assistantAnswer(facts: Extract<TextFacts, { use: "assistant" }>): string {
  const { brand } = facts;
  return [
    `**${MARK}.**`,
    "",
    `For ${brandName(facts)}, here is how I would take on “${clip(facts.message.trim(), 160)}”:`,
    "",
    `1. Lead with what you sell${brand.offer ? `: ${clip(brand.offer, 160)}` : ""}, in one plain sentence.`,
    `2. Speak to ${brand.audience ? clip(brand.audience, 120) : "the people who already need it"}, in a ${brand.voice || "clear, warm"} voice.`,
    "3. Show it working: one short clip or image per post beats three paragraphs.",
    "4. End every post with a single next step, and measure which one people take.",
  ].join("\n");
}

function kitAnswer(facts: Extract<TextFacts, { use: "marketing-kit" }>): string {
  const name = brandName(facts);
  const brief = facts.brief.trim();
  const around = facts.source ? ` Built around your ${facts.source.kind} “${clip(facts.source.prompt, 80)}”.` : "";
  const words = [...new Set((`${name} ${brief}`.match(/[\p{L}\p{N}]{4,}/gu) ?? []).map((w) => w.toLowerCase()))];
  const captions = Object.fromEntries(
    facts.channels.map((channel: MarketingChannel) => [
      channel,
      clip(`[Demo] ${brief} — ${name}, in a ${facts.tone} tone for ${MARKETING_CHANNELS[channel].name}.${around}`, MARKETING_CHANNELS[channel].captionMax),
    ]),
  );
  return JSON.stringify({
    headline: clip(`[Demo] ${name}: ${brief}`, KIT_LIMITS.headlineMax),
    captions,
    hashtags: (words.length ? words : ["demo"]).slice(0, 5).map((w) => `#${w.replace(/[^\p{L}\p{N}_]/gu, "")}`.slice(0, KIT_LIMITS.hashtagMax)),
    email: {
      subject: clip(`[Demo] ${name}: ${brief}`, KIT_LIMITS.emailSubjectMax),
      body: clip(`${MARK}.\n\n${brief}\n\n${facts.brand.offer || name} — written in a ${facts.tone} tone.${around}`, KIT_LIMITS.emailBodyMax),
    },
    callToAction: clip(`See what ${name} can do`, KIT_LIMITS.callToActionMax),
  });
}

function reportAnswer(facts: Extract<TextFacts, { use: "production-report" }>): string {
  const { totals, byModel, busiestDays } = facts.figures;
  const top = byModel[0];
  const busiest = busiestDays[0];
  const narrative = [
    `${MARK}. Between ${facts.figures.from} and ${facts.figures.to} you made ${totals.generations} generations; ${totals.succeeded} succeeded and ${totals.failed} failed${totals.cancelled ? ` (you cancelled ${totals.cancelled} more)` : ""}, a success rate of ${percent(totals.successRate)}.`,
    `They cost ${totals.creditsSpent} credits, and ${totals.creditsRefunded} credits came back as refunds for work that failed${totals.cancelled ? " or was cancelled" : ""}.`,
    top ? `${top.model} did the most work (${top.generations} generations at ${percent(top.successRate)}).` : "",
    busiest ? `Your busiest day was ${busiest.day}, with ${busiest.generations} generations.` : "",
  ].filter(Boolean).join(" ");
  const recommendations = [
    top ? `Keep ${top.model} for drafts, and compare its results with a premium model on your best ideas.` : "Try a few models on the same prompt and keep the one you like.",
    totals.failed ? "Look at the prompts that failed: rephrasing them usually fixes the refusals." : "Nothing failed: try longer clips or bigger sizes on your best prompts.",
  ];
  return JSON.stringify({ narrative, recommendations });
}

function answerOf(request: TextRequest): string {
  const facts = request.facts;
  if (facts?.use === "marketing-kit") return kitAnswer(facts);
  if (facts?.use === "production-report") return reportAnswer(facts);
  if (facts?.use === "assistant") return assistantAnswer(facts);
  return `**${MARK}.** ${request.turns.at(-1)?.text ?? ""}`;
}

/** The prompt text the markers are read from: the user's last turn and the facts it came with. */
function markersOf(request: TextRequest): string {
  return `${request.turns.at(-1)?.text ?? ""} ${JSON.stringify(request.facts ?? {})}`;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      reject(new ProviderError({ kind: "cancelled", message: "The request was abandoned" }));
    }, { once: true });
  });

export function createDemoTextProvider(): TextProvider {
  return {
    id: "demo",
    available: () => true,

    async *stream(request: TextRequest): AsyncIterable<string> {
      const markers = markersOf(request);
      if (markers.includes("[demo:fail]")) throw new ProviderError({ kind: "http", message: "The demo text provider failed on purpose ([demo:fail])" });
      const pieces = answerOf(request).match(/\S+\s*/g) ?? [];
      // Three words a piece, the way a model's stream arrives.
      for (let i = 0; i < pieces.length; i += 3) {
        if (request.signal?.aborted) throw new ProviderError({ kind: "cancelled", message: "The request was abandoned" });
        if (i >= 6 && markers.includes("[demo:cut]")) throw new ProviderError({ kind: "http", message: "The demo text provider broke off on purpose ([demo:cut])" });
        yield pieces.slice(i, i + 3).join("");
        await sleep(markers.includes("[demo:slow]") ? SLOW_PIECE_DELAY_MS : PIECE_DELAY_MS, request.signal);
      }
    },

    async complete(request: TextRequest): Promise<string> {
      if (markersOf(request).includes("[demo:fail]") || markersOf(request).includes("[demo:cut]")) {
        throw new ProviderError({ kind: "http", message: "The demo text provider failed on purpose" });
      }
      return answerOf(request);
    },
  };
}
