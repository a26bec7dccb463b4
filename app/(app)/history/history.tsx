"use client";

import { m } from "framer-motion";
import Link from "next/link";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { toast } from "sonner";
import { findModel } from "@/lib/catalog";
import { HISTORY_KINDS, HISTORY_STATUSES, type HistoryItem, type HistoryPage } from "@/lib/history/history-item";
import { HistoryCard, HistoryCardSkeleton } from "./history-card";
import { HistoryDetails } from "./history-details";
import { HistoryFilters } from "./history-filters";
import { useReducedMotion } from "./use-reduced-motion";

export type Filters = { kind: string; model: string; status: string; from: string; to: string; q: string; favourites: boolean };

const EMPTY: Filters = { kind: "", model: "", status: "", from: "", to: "", q: "", favourites: false };
const PAGE_SIZE = 24;
const SEARCH_DEBOUNCE_MS = 300;
const POLL_MS = 3_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

type Phase = "loading" | "ready" | "error";

const isOpen = (item: HistoryItem) => item.status === "queued" || item.status === "running";

/** Only what the API would take: an address someone edited by hand starts from no filter instead of an error. */
function sanitize(f: Filters): Filters {
  const model = findModel(f.model);
  const kind = (HISTORY_KINDS as readonly string[]).includes(f.kind) ? f.kind : "";
  return {
    kind,
    model: model && (!kind || model.kind === kind) ? model.id : "",
    status: (HISTORY_STATUSES as readonly string[]).includes(f.status) ? f.status : "",
    from: DATE.test(f.from) ? f.from : "",
    to: DATE.test(f.to) && !(DATE.test(f.from) && f.to < f.from) ? f.to : "",
    q: f.q,
    favourites: f.favourites,
  };
}

/** The filters as a query string: for the API (every kind unless one is picked) or for the address bar. */
function queryOf(f: Filters, forApi: boolean): URLSearchParams {
  const params = new URLSearchParams();
  if (f.kind || forApi) params.set("kind", f.kind || "all");
  if (f.model) params.set("model", f.model);
  if (f.status) params.set("status", f.status);
  if (f.from) params.set("from", f.from);
  if (f.to) params.set("to", f.to);
  if (f.q.trim()) params.set("q", f.q.trim());
  if (f.favourites) params.set("favourites", "true");
  if (forApi) {
    params.set("limit", String(PAGE_SIZE));
    // The time zone matters only to where a filtered day starts, and asking Intl for it costs the
    // page ICU's start-up (see components/ui/format.ts): only then.
    if (f.from || f.to) params.set("tz", Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC");
  }
  return params;
}

async function errorMessageOf(res: Response, fallback: string): Promise<string> {
  const body = await res.json().catch(() => null);
  return body?.error?.message ?? fallback;
}

export function History({ initial, openId }: { initial: Filters; openId: string | null }) {
  const start = useMemo(() => sanitize(initial), [initial]);
  const [filters, setFilters] = useState<Filters>(start);
  const [search, setSearch] = useState(start.q);
  const [items, setItems] = useState<HistoryItem[]>([]);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [phase, setPhase] = useState<Phase>("loading");
  const [problem, setProblem] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [moreProblem, setMoreProblem] = useState<string | null>(null);
  const [selected, setSelected] = useState<HistoryItem | null>(null);
  const [attempt, setAttempt] = useState(0);
  const reduced = useReducedMotion();
  const sentinel = useRef<HTMLDivElement>(null);
  const query = useMemo(() => queryOf(filters, true).toString(), [filters]);
  const state = useRef({ query, nextCursor, loadingMore, phase });
  state.current = { query, nextCursor, loadingMore, phase };
  const itemsRef = useRef(items);
  itemsRef.current = items;
  const toOpen = useRef(openId);

  // The search box waits for a pause in typing before it asks the server.
  useEffect(() => {
    if (search === filters.q) return;
    const timer = setTimeout(() => setFilters((f) => ({ ...f, q: search })), SEARCH_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [search, filters.q]);

  // The address follows the filters, so reloading or sharing keeps them.
  useEffect(() => {
    const qs = queryOf(filters, false).toString();
    window.history.replaceState(window.history.state, "", qs ? `/history?${qs}` : "/history");
  }, [filters]);

  // The first page of every new set of filters; an answer for filters since changed is dropped.
  useEffect(() => {
    const controller = new AbortController();
    setPhase("loading");
    setProblem(null);
    setMoreProblem(null);
    fetch(`/api/generations?${query}`, { signal: controller.signal })
      .then(async (res) => {
        if (!res.ok) throw new Error(await errorMessageOf(res, "Your history could not be loaded."));
        const page = (await res.json()) as HistoryPage;
        setItems(page.items);
        setNextCursor(page.nextCursor);
        setPhase("ready");
      })
      .catch((error: Error) => {
        if (error.name === "AbortError") return;
        setProblem(error.message || "Your history could not be loaded.");
        setPhase("error");
      });
    return () => controller.abort();
  }, [query, attempt]);

  // A generation named in the address opens once the first page is in: from the list when it is
  // there, else read on its own (a generation of someone else, or none, is a 404 and opens nothing).
  useEffect(() => {
    const id = toOpen.current;
    if (!id || phase === "loading") return;
    toOpen.current = null;
    const listed = itemsRef.current.find((g) => g.id === id);
    if (listed) return setSelected(listed);
    fetch(`/api/generations/${id}`)
      .then(async (res) => {
        if (!res.ok) throw new Error(await errorMessageOf(res, "That generation could not be opened."));
        const { generation } = (await res.json()) as { generation: Omit<HistoryItem, "favourite"> };
        setSelected({ ...generation, favourite: false });
      })
      .catch((error: Error) => toast.error(error.message));
  }, [phase]);

  const loadMore = useCallback(async () => {
    const { query: forQuery, nextCursor: cursor, loadingMore: busy, phase: now } = state.current;
    if (!cursor || busy || now !== "ready") return;
    setLoadingMore(true);
    setMoreProblem(null);
    try {
      const res = await fetch(`/api/generations?${forQuery}&cursor=${encodeURIComponent(cursor)}`);
      if (!res.ok) throw new Error(await errorMessageOf(res, "More could not be loaded."));
      const page = (await res.json()) as HistoryPage;
      if (state.current.query !== forQuery) return;
      setItems((list) => [...list, ...page.items.filter((g) => !list.some((x) => x.id === g.id))]);
      setNextCursor(page.nextCursor);
    } catch (error) {
      setMoreProblem((error as Error).message);
    } finally {
      setLoadingMore(false);
    }
  }, []);

  // Infinite scroll: the next page is asked for as the end of the list comes near.
  useEffect(() => {
    const el = sentinel.current;
    if (!el || typeof IntersectionObserver === "undefined") return;
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && void loadMore(), { rootMargin: "600px 0px" });
    observer.observe(el);
    return () => observer.disconnect();
  }, [loadMore, phase, nextCursor, loadingMore]);

  // Jobs still running are asked about until they finish; each answer replaces its card.
  useEffect(() => {
    const timer = setInterval(async () => {
      for (const open of itemsRef.current.filter(isOpen).slice(0, 6)) {
        const res = await fetch(`/api/generations/${open.id}`).catch(() => null);
        if (!res?.ok) continue;
        const { generation } = (await res.json()) as { generation: Omit<HistoryItem, "favourite"> };
        const update = (g: HistoryItem) => (g.id === generation.id ? { ...generation, favourite: g.favourite } : g);
        setItems((list) => list.map(update));
        setSelected((s) => (s ? update(s) : s));
      }
    }, POLL_MS);
    return () => clearInterval(timer);
  }, []);

  const change = useCallback((patch: Partial<Filters>) => setFilters((f) => ({ ...f, ...patch })), []);
  const clear = useCallback(() => {
    setSearch("");
    setFilters(EMPTY);
  }, []);

  async function toggleFavourite(item: HistoryItem) {
    const next = !item.favourite;
    const apply = (on: boolean) => (g: HistoryItem) => (g.id === item.id ? { ...g, favourite: on } : g);
    setItems((list) => list.map(apply(next)));
    setSelected((s) => (s ? apply(next)(s) : s));
    try {
      const res = await fetch(`/api/generations/${item.id}/favourite`, { method: next ? "PUT" : "DELETE" });
      if (!res.ok) throw new Error(await errorMessageOf(res, "The favourite could not be saved."));
      // In the favourites-only view an unmarked generation leaves the list (its panel stays open).
      if (!next && filters.favourites) setItems((list) => list.filter((g) => g.id !== item.id));
    } catch (error) {
      setItems((list) => list.map(apply(!next)));
      setSelected((s) => (s ? apply(!next)(s) : s));
      toast.error((error as Error).message);
    }
  }

  const filtered = Boolean(filters.kind || filters.model || filters.status || filters.from || filters.to || filters.q.trim() || filters.favourites);

  return (
    <div className="mx-auto min-w-0 max-w-6xl px-4 py-10 sm:px-6">
      <header>
        <h1 className="text-4xl font-black tracking-tight">History</h1>
        <p className="mt-2 text-white/50">Every generation, what it cost, and where the credits went.</p>
      </header>

      <HistoryFilters filters={filters} search={search} onSearch={setSearch} onChange={change} onClear={clear} />

      <div aria-live="polite" aria-busy={phase === "loading"} className="mt-8">
        {phase === "loading" ? (
          <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="history-loading">
            {Array.from({ length: 6 }, (_, i) => (
              <HistoryCardSkeleton key={i} />
            ))}
          </div>
        ) : phase === "error" ? (
          <div role="alert" className="rounded-3xl border border-red-500/30 bg-red-500/5 p-8 text-center">
            <p className="font-bold text-red-200">{problem}</p>
            <button
              type="button"
              onClick={() => setAttempt((n) => n + 1)}
              className="mt-4 rounded-full border border-white/15 bg-white/5 px-5 py-2 text-sm font-bold hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-cyan-400"
            >
              Try again
            </button>
          </div>
        ) : items.length === 0 ? (
          <div data-testid="history-empty" className="rounded-3xl border border-white/10 bg-white/5 p-10 text-center">
            {filtered ? (
              <>
                <p className="text-lg font-black">Nothing matches these filters.</p>
                <p className="mt-1 text-sm text-white/50">Try another word or a wider range of dates.</p>
                <button
                  type="button"
                  onClick={clear}
                  className="mt-5 rounded-full border border-white/15 bg-white/5 px-5 py-2 text-sm font-bold hover:bg-white/10 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-cyan-400"
                >
                  Clear filters
                </button>
              </>
            ) : (
              <>
                <p className="text-lg font-black">No generations yet.</p>
                <p className="mt-1 text-sm text-white/50">Images, clips and Director shots you make appear here with what they cost.</p>
                <Link href="/studio" className="glow mt-5 inline-block rounded-full bg-cyan-500 px-6 py-2 font-black text-black hover:bg-cyan-400">
                  Open the Studio
                </Link>
              </>
            )}
          </div>
        ) : (
          <>
            <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" data-testid="history-list">
              {items.map((item) => (
                <m.li
                  key={item.id}
                  initial={reduced ? false : { opacity: 0, y: 8 }}
                  animate={{ opacity: 1, y: 0 }}
                  transition={{ duration: 0.2 }}
                  className="min-w-0"
                >
                  <HistoryCard item={item} onOpen={() => setSelected(item)} onFavourite={() => void toggleFavourite(item)} />
                </m.li>
              ))}
            </ul>
            <div ref={sentinel} aria-hidden className="h-px" />
            <div className="mt-8 flex flex-col items-center gap-2">
              {moreProblem && <p className="text-sm text-red-300">{moreProblem}</p>}
              {nextCursor ? (
                <button
                  type="button"
                  onClick={() => void loadMore()}
                  disabled={loadingMore}
                  className="rounded-full border border-white/15 bg-white/5 px-6 py-2 text-sm font-bold hover:bg-white/10 disabled:opacity-60 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-cyan-400"
                >
                  {loadingMore ? "Loading…" : "Load more"}
                </button>
              ) : (
                <p className="text-sm text-white/55">That is everything.</p>
              )}
            </div>
          </>
        )}
      </div>

      {selected && (
        <HistoryDetails
          key={selected.id}
          item={selected}
          onClose={() => setSelected(null)}
          // Whether a generation outside the list is a favourite is not known here: its card has the star.
          onFavourite={items.some((g) => g.id === selected.id) ? () => void toggleFavourite(selected) : undefined}
        />
      )}
    </div>
  );
}
