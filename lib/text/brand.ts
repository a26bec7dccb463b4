// A user's brand profile: what the assistant, kits and reports know without being told again.
import { z } from "zod";
import type { BrandProfile } from "@/lib/db/functions/text";
import type { BrandFacts } from "@/lib/providers/text-facts";

const field = (max: number, what: string) => z.string().trim().max(max, `${what} may be at most ${max} characters.`).default("");

export const BrandInput = z
  .object({
    name: field(120, "A brand name"),
    offer: field(1000, "What you sell"),
    audience: field(1000, "The audience"),
    voice: field(500, "The voice"),
    links: z.array(z.string().trim().url("A link is a full URL.").max(300).refine((u) => /^https?:\/\//i.test(u), "A link starts with http:// or https://.")).max(10, "At most 10 links.").default([]),
  })
  .strict();
export type BrandInput = z.infer<typeof BrandInput>;

export function brandFacts(brand: BrandProfile): BrandFacts {
  return { name: brand.name, offer: brand.offer, audience: brand.audience, voice: brand.voice, links: brand.links };
}

/** The brand as a system prompt states it; empty fields are left out rather than guessed. */
export function describeBrand(brand: BrandFacts): string {
  const lines = [
    brand.name && `Brand: ${brand.name}`,
    brand.offer && `What they sell: ${brand.offer}`,
    brand.audience && `Audience: ${brand.audience}`,
    brand.voice && `Voice: ${brand.voice}`,
    brand.links.length > 0 && `Links: ${brand.links.join(", ")}`,
  ].filter(Boolean);
  return lines.length ? lines.join("\n") : "The user has not described their brand yet: ask what they sell and to whom when it matters.";
}
