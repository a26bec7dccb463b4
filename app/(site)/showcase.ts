// The home page's showcase (public/arts, rendered by scripts/render-showcase.sh): each piece with
// the catalog model that would make it. Clips loop and play on hover; stills stand for the image models.
export type ShowcasePiece = { name: string; title: string; model: string; clip: boolean };

export const SHOWCASE: readonly ShowcasePiece[] = [
  { name: "neon-city", title: "Neon rain over a night market", model: "kling-3.0", clip: true },
  { name: "deep-sea", title: "Bioluminescent reef, slow drift", model: "seedance-2.0", clip: true },
  { name: "glass-portrait", title: "Glass and morning light, portrait", model: "nano-banana-2", clip: false },
  { name: "desert-dawn", title: "Dawn breaking over the dunes", model: "luma-ray-2", clip: true },
  { name: "orbit", title: "Orbit around the hero, one take", model: "higgsfield-soul", clip: true },
  { name: "ink-bloom", title: "Ink pattern, textile print", model: "flux-schnell", clip: false },
  { name: "aurora", title: "Aurora over a frozen lake", model: "runway-gen-4.5", clip: true },
  { name: "ember", title: "Embers rising from a forge", model: "wan-2.1-turbo", clip: true },
];
