// Which sign-in the deployment uses. Read at run time through an alias of process.env so that
// Next does not inline the values at build time.
const env = process.env;

export type AuthMode = "clerk" | "local" | "none";

export function authMode(): AuthMode {
  if (env["NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY"] && env["CLERK_SECRET_KEY"]) return "clerk";
  if (env["NODE_ENV"] !== "production" || env["LOCAL_AUTH"] === "1") return "local";
  return "none";
}
