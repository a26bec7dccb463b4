// Reading, renaming and deleting the user's assistant threads; another user's thread is a 404.
import "server-only";
import { z } from "zod";
import type { Db } from "@/lib/db";
import { deleteChatThread, getChatThread, renameChatThread } from "@/lib/db/functions/text";
import { ApiError } from "@/lib/http/api-error";
import { isUuid } from "@/lib/http/is-uuid";

const notFound = () => new ApiError("not_found", "No such thread.");

export const ThreadRename = z.object({ title: z.string().trim().min(1, "A title is needed.").max(120, "A title may be at most 120 characters.") }).strict();

export async function readThread(db: Db, userId: string, id: string) {
  const found = isUuid(id) ? await getChatThread(db, userId, id) : null;
  if (!found) throw notFound();
  return found;
}

export async function renameThread(db: Db, userId: string, id: string, title: string) {
  const thread = isUuid(id) ? await renameChatThread(db, userId, id, title) : null;
  if (!thread) throw notFound();
  return thread;
}

export async function deleteThread(db: Db, userId: string, id: string): Promise<void> {
  if (!isUuid(id) || !(await deleteChatThread(db, userId, id))) throw notFound();
}
