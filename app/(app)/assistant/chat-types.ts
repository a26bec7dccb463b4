// The assistant as its API answers: threads, stored messages and the lines of an answer stream.

export type Thread = { id: string; title: string; created_at: string; updated_at: string };

/** complete: answered and charged; interrupted: stopped after text arrived, charged; partial: the model broke off, refunded. */
export type MessageStatus = "complete" | "partial" | "interrupted";

export type StoredMessage = { id: number; role: "user" | "assistant"; content: string; status: MessageStatus; created_at: string };

export type AnswerEvent =
  | { type: "start"; threadId: string; balance: number }
  | { type: "delta"; text: string }
  | { type: "done"; balance: number }
  | { type: "error"; message: string; refunded: boolean; balance: number | null };

export type ApiErrorBody = { error?: { code?: string; message?: string; details?: { balance?: number; threadId?: string; refunded?: boolean } } };
