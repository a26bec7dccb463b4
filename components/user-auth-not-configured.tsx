/** What an operator sees on sign-in when this production deployment has no sign-in configured. */
export function UserAuthNotConfigured() {
  return (
    <div className="w-full max-w-lg rounded-3xl border border-amber-400/30 bg-amber-400/5 p-8">
      <h1 className="text-2xl font-black tracking-tight">Sign-in is not configured</h1>
      <p className="mt-3 text-sm text-white/70">
        This production deployment has neither Clerk nor the local sign-in switched on, so nobody can sign in and every
        signed-in page and API answers 401. Set one of these and restart:
      </p>
      <ul className="mt-6 space-y-4 text-sm">
        <li className="rounded-xl border border-white/10 bg-black/40 p-4">
          <p className="font-bold">Clerk (production)</p>
          <code className="mt-2 block text-cyan-300">NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY</code>
          <code className="block text-cyan-300">CLERK_SECRET_KEY</code>
          <code className="block text-cyan-300">CLERK_JWT_KEY</code>
          <p className="mt-2 text-white/50">The JWT key (Clerk dashboard, API keys, PEM public key) lets the server verify sessions without calling Clerk.</p>
        </li>
        <li className="rounded-xl border border-white/10 bg-black/40 p-4">
          <p className="font-bold">Local sign-in (a single machine, demos)</p>
          <code className="mt-2 block text-cyan-300">LOCAL_AUTH=1</code>
          <p className="mt-2 text-white/50">Optionally AUTH_SECRET; otherwise one is generated into DATA_DIR.</p>
        </li>
      </ul>
    </div>
  );
}
