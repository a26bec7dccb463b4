// A production deployment signing people in with the local sign-in (LOCAL_AUTH=1, no Clerk) is a
// demo: anyone can sign in there as any email, so it must never spend money on a provider or sell
// a plan. It runs the demo providers and the local checkout only, whatever keys are set, and says
// so in its health check and on every page.
type Env = Record<string, string | undefined>;

export function isDemoDeployment(env: Env = process.env): boolean {
  const clerk = Boolean(env["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] && env["CLERK_SECRET_KEY"]);
  return env["NODE_ENV"] === "production" && env["LOCAL_AUTH"] === "1" && !clerk;
}
