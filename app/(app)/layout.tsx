import { AppSidebar } from "@/components/app-sidebar";
import { UserAuthProvider } from "@/components/user-auth-provider";
import { getPageUser } from "@/lib/auth/page-user";
import { isAdmin } from "@/lib/admin/is-admin";

export const dynamic = "force-dynamic";

// The shell shows whoever is signed in but requires nobody: each page guards itself
// (requirePageUser), and with Clerk the middleware has already sent signed-out visitors away.
export default async function AppLayout({ children }: { children: React.ReactNode }) {
  const user = await getPageUser();
  return (
    <UserAuthProvider>
      <div className="flex min-h-screen">
        <AppSidebar user={user} isAdmin={isAdmin(user)} />
        <div className="min-w-0 flex-1">{children}</div>
      </div>
    </UserAuthProvider>
  );
}
