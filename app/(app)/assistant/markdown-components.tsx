import type { Components } from "react-markdown";

// How an answer's Markdown looks. An answer is the model's text, so it is shown, never run:
// react-markdown turns raw HTML into plain text (no rehype-raw here) and drops javascript: links.
// Images are not fetched from addresses an answer names; their link is shown instead.
export const MARKDOWN_COMPONENTS: Components = {
  // A link whose address was unsafe (javascript:) comes with none: its words stay, as words.
  a: ({ href, children }) =>
    href ? (
      <a href={href} target="_blank" rel="noopener noreferrer" className="font-semibold text-cyan-300 underline decoration-cyan-300/40 underline-offset-2 hover:decoration-cyan-300">
        {children}
      </a>
    ) : (
      <span>{children}</span>
    ),
  img: ({ src, alt }) =>
    typeof src === "string" && src ? (
      <a href={src} target="_blank" rel="noopener noreferrer" className="font-semibold text-cyan-300 underline underline-offset-2">
        {alt || "Image"}
      </a>
    ) : null,
  pre: ({ children }) => <pre className="overflow-x-auto rounded-2xl border border-white/10 bg-black/60 p-4 text-[13px] leading-relaxed">{children}</pre>,
  code: ({ className, children }) => <code className={className ?? "rounded-md bg-white/10 px-1.5 py-0.5 text-[0.9em]"}>{children}</code>,
};
