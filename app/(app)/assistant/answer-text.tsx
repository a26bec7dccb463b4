"use client";

import dynamic from "next/dynamic";
import { createContext, useContext } from "react";

// Answers exist only after a fetch or a send, so the Markdown renderer loads in its own chunk,
// asked for when the page mounts. Until it is there an answer shows as plain text: next/dynamic's
// fallback takes no props, so the text reaches it by context.
export const loadAnswerMarkdown = () => import("./answer-markdown").then((module) => module.AnswerMarkdown);

const PlainText = createContext("");

function PlainAnswer() {
  return <p className="whitespace-pre-wrap break-words">{useContext(PlainText)}</p>;
}

const AnswerMarkdown = dynamic(loadAnswerMarkdown, { ssr: false, loading: () => <PlainAnswer /> });

/** An answer's text, rendered as Markdown. */
export function AnswerText({ text }: { text: string }) {
  return (
    <PlainText value={text}>
      <AnswerMarkdown text={text} />
    </PlainText>
  );
}
