import type { Metadata } from "next";
import "@fontsource-variable/inter";
import "./globals.css";
import { DemoBanner } from "@/components/demo-banner";

export const metadata: Metadata = {
  title: { default: "Nexora Studio", template: "%s · Nexora Studio" },
  description: "Cinematic video, images, copy and reports from the best AI models, metered in credits.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className="dark">
      <body className="min-h-screen bg-black font-sans text-white antialiased">
        <DemoBanner />
        {children}
      </body>
    </html>
  );
}
