"use client";

/** A star that marks a generation as a favourite; its state is announced as pressed or not. */
export function FavouriteButton({ on, onToggle, className = "", withLabel = false }: { on: boolean; onToggle: () => void; className?: string; withLabel?: boolean }) {
  return (
    <button
      type="button"
      aria-pressed={on}
      aria-label={withLabel ? undefined : on ? "Remove from favourites" : "Add to favourites"}
      onClick={onToggle}
      className={`inline-flex items-center gap-2 rounded-full border backdrop-blur transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-cyan-400 ${
        on ? "border-amber-300/60 bg-amber-300/15 text-amber-200" : "border-white/15 bg-black/60 text-white/70 hover:text-white"
      } ${withLabel ? "px-4 py-2 text-sm font-bold" : "size-9 justify-center"} ${className}`}
    >
      <svg aria-hidden viewBox="0 0 20 20" className="size-4">
        <path
          d="m10 2.5 2.3 4.7 5.2.8-3.8 3.6.9 5.2L10 14.3l-4.6 2.5.9-5.2L2.5 8l5.2-.8L10 2.5Z"
          className={on ? "fill-current" : "fill-none stroke-current"}
          strokeWidth="1.5"
          strokeLinejoin="round"
        />
      </svg>
      {withLabel && (on ? "Favourite" : "Add to favourites")}
    </button>
  );
}
