import { describe, expect, it } from "vitest";
import type { ChatMessage } from "../../lib/db/functions/text";
import { conversationTurns } from "../../lib/text/conversation";

let id = 0;
const message = (role: ChatMessage["role"], content: string, status: ChatMessage["status"] = "complete"): ChatMessage => ({
  id: ++id,
  role,
  content,
  status,
  generation_id: null,
  created_at: new Date(0).toISOString(),
});

describe("the turns an assistant answer is written with", () => {
  it("sends only the newest of the answers to a regenerated question", () => {
    const history = [message("user", "Plan a post"), message("assistant", "First try", "interrupted"), message("assistant", "Second try")];
    expect(conversationTurns(history, "Make it funnier")).toEqual([
      { role: "user", text: "Plan a post" },
      { role: "assistant", text: "Second try" },
      { role: "user", text: "Make it funnier" },
    ]);
  });

  it("joins a question whose answer failed with the next one", () => {
    const history = [message("user", "First question")];
    expect(conversationTurns(history, "Second question")).toEqual([{ role: "user", text: "First question\n\nSecond question" }]);
  });

  it("drops the oldest messages past the budget, never starting with an answer", () => {
    const history = [message("user", "x".repeat(400)), message("assistant", "y".repeat(40)), message("user", "Short"), message("assistant", "Reply")];
    expect(conversationTurns(history, "Now", 20)).toEqual([
      { role: "user", text: "Short" },
      { role: "assistant", text: "Reply" },
      { role: "user", text: "Now" },
    ]);
  });
});
