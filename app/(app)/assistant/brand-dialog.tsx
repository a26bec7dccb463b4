"use client";

import { useEffect, useState } from "react";
import { toast } from "sonner";
import { fetchJson } from "@/components/shell/api";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Input } from "@/components/ui/input";
import { Skeleton } from "@/components/ui/skeleton";
import { Textarea } from "@/components/ui/textarea";

type Brand = { name: string; offer: string; audience: string; voice: string; links: string[] };

// 16 px on phones so iOS does not zoom into a field on focus.
const FIELD_TEXT = "max-sm:text-base";

/** The brand the assistant writes for (GET|PUT /api/brand); kits and reports use it too. */
export function BrandDialog({ open, onOpenChange }: { open: boolean; onOpenChange: (open: boolean) => void }) {
  return (
    <Dialog open={open} onOpenChange={onOpenChange} title="Your brand" description="What the assistant knows without being told again. Kits and reports use it too." className="max-w-xl">
      {open && <BrandForm onDone={() => onOpenChange(false)} />}
    </Dialog>
  );
}

function BrandForm({ onDone }: { onDone: () => void }) {
  const [brand, setBrand] = useState<Brand | null>(null);
  const [links, setLinks] = useState("");
  const [loadProblem, setLoadProblem] = useState<string | null>(null);
  const [saveProblem, setSaveProblem] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let live = true;
    fetchJson<{ brand: Brand }>("/api/brand")
      .then((res) => {
        if (!live) return;
        if (!res.ok || !res.data) return setLoadProblem(res.error?.message ?? "Your brand could not be loaded.");
        setBrand(res.data.brand);
        setLinks(res.data.brand.links.join("\n"));
      })
      .catch(() => live && setLoadProblem("Could not reach the server."));
    return () => {
      live = false;
    };
  }, []);

  async function save(e: React.FormEvent) {
    e.preventDefault();
    if (!brand || saving) return;
    setSaving(true);
    setSaveProblem(null);
    try {
      const json = { name: brand.name, offer: brand.offer, audience: brand.audience, voice: brand.voice, links: links.split(/\s+/).filter(Boolean) };
      const res = await fetchJson<{ brand: Brand }>("/api/brand", { method: "PUT", json });
      if (!res.ok) return setSaveProblem(res.error?.message ?? "Your brand could not be saved.");
      toast.success("Brand saved");
      onDone();
    } catch {
      setSaveProblem("Could not reach the server.");
    } finally {
      setSaving(false);
    }
  }

  if (loadProblem) {
    return (
      <p role="alert" className="text-sm font-semibold text-red-300">
        {loadProblem}
      </p>
    );
  }
  if (!brand) {
    return (
      <div className="space-y-4" aria-busy="true" aria-label="Loading your brand">
        <Skeleton className="h-11 w-full rounded-xl" />
        <Skeleton className="h-24 w-full rounded-xl" />
        <Skeleton className="h-24 w-full rounded-xl" />
      </div>
    );
  }
  const edit = (field: keyof Omit<Brand, "links">) => (e: React.ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => setBrand({ ...brand, [field]: e.target.value });
  return (
    <form onSubmit={save} className="space-y-4">
      <Input label="Brand name" value={brand.name} onChange={edit("name")} maxLength={120} placeholder="Lumen Tea" className={FIELD_TEXT} />
      <Textarea label="What you sell" rows={2} value={brand.offer} onChange={edit("offer")} maxLength={1000} placeholder="Loose-leaf tea by subscription" className={FIELD_TEXT} />
      <Textarea label="Who it is for" rows={2} value={brand.audience} onChange={edit("audience")} maxLength={1000} placeholder="Busy designers who want a calmer afternoon" className={FIELD_TEXT} />
      <Input label="Voice" value={brand.voice} onChange={edit("voice")} maxLength={500} placeholder="Calm, witty, never pushy" className={FIELD_TEXT} />
      <Textarea label="Links" hint="Your site and profiles, one a line (https://…)." rows={2} value={links} onChange={(e) => setLinks(e.target.value)} className={FIELD_TEXT} />
      {saveProblem && (
        <p role="alert" className="text-sm font-semibold text-red-300">
          {saveProblem}
        </p>
      )}
      <div className="flex flex-wrap justify-end gap-3 pt-1">
        <Button variant="secondary" onClick={onDone}>
          Cancel
        </Button>
        <Button type="submit" loading={saving}>
          Save brand
        </Button>
      </div>
    </form>
  );
}
