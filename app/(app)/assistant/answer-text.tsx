"use client";

import dynamic from "next/dynamic";
import { createContext, useContext } from "react";
import { MARKDOWN_COMPONENTS } from "./markdown-components";

// Answers exist only after a fetch or a send, so react-markdown loads after the page, in a chunk
// of its own (shared with the reports page's view), asked for when the page mounts. Until it is
// there an answer shows as plain text: next/dynamic's fallback takes no props, so the text
// reaches it by context.
export const loadMarkdown = () => import("react-markdown");

const PlainText = createContext("");

function PlainAnswer() {
  return (
    <p className="whitespace-pre-wrap" data-testid="answer-plain">
      {useContext(PlainText)}
    </p>
  );
}

const Markdown = dynamic(loadMarkdown, { ssr: false, loading: () => <PlainAnswer /> });

/** An answer's text as Markdown: paragraphs, lists, code and links, in the chat's look. */
export function AnswerText({ text }: { text: string }) {
  return (
    <div className="space-y-3 break-words [&_h1]:text-lg [&_h1]:font-black [&_h2]:text-base [&_h2]:font-black [&_h3]:font-bold [&_li]:mt-1 [&_ol]:list-decimal [&_ol]:pl-5 [&_pre_code]:bg-transparent [&_pre_code]:p-0 [&_strong]:font-bold [&_strong]:text-white [&_ul]:list-disc [&_ul]:pl-5">
      <PlainText value={text}>
        <Markdown components={MARKDOWN_COMPONENTS}>{text}</Markdown>
      </PlainText>
    </div>
  );
}
