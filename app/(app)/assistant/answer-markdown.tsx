"use client";

import Markdown, { type Components } from "react-markdown";

// An answer is the model's text, so it is shown, never run: react-markdown turns raw HTML into
// plain text (no rehype-raw here) and drops javascript: links. Images are not fetched from
// addresses an answer names; their link is shown instead.
const COMPONENTS: Components = {
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

/** An answer's Markdown: paragraphs, lists, code and links, in the chat's look. */
export function AnswerMarkdown({ text }: { text: string }) {
  return (
    <div className="space-y-3 break-words [&_h1]:text-lg [&_h1]:font-black [&_h2]:text-base [&_h2]:font-black [&_h3]:font-bold [&_li]:mt-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_strong]:font-bold [&_strong]:text-white [&_ul]:list-disc [&_ul]:pl-5">
      <Markdown components={COMPONENTS}>{text}</Markdown>
    </div>
  );
}
