import type { Metadata, Viewport } from "next";
import localFont from "next/font/local";
import "./globals.css";

// Served with the app and preloaded, with a fallback sized to match it, so text never reflows when it lands.
const inter = localFont({
  src: "./fonts/inter-latin-wght-normal.woff2",
  weight: "400 900",
  style: "normal",
  display: "swap",
  variable: "--font-inter",
});

const appUrl = process.env.APP_URL;

export const metadata: Metadata = {
  title: { default: "Nexora Studio", template: "%s · Nexora Studio" },
  description: "Cinematic video, images, copy and reports from the best AI models, metered in credits.",
  applicationName: "Nexora Studio",
  // The social image needs an absolute address; without APP_URL Next falls back to the request's origin.
  metadataBase: appUrl && URL.canParse(appUrl) ? new URL(appUrl) : undefined,
  openGraph: { type: "website", siteName: "Nexora Studio" },
  twitter: { card: "summary_large_image" },
};

export const viewport: Viewport = {
  themeColor: "#000000",
  colorScheme: "dark",
  viewportFit: "cover",
  // The on-screen keyboard shrinks the page instead of covering it, so a message box kept at the
  // bottom (the assistant's) stays above the keyboard.
  interactiveWidget: "resizes-content",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en" className={`dark ${inter.variable}`}>
      <body className="min-h-screen bg-black font-sans text-white antialiased">
        {children}
      </body>
    </html>
  );
}
