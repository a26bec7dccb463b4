"use client";

import dynamic from "next/dynamic";

/*
 * Clerk's browser code (about 47 kB gzipped) in chunks of its own. The shell imports these rather
 * than @clerk/nextjs, so a page carries Clerk only where Clerk renders: a deployment signed in
 * locally never downloads it.
 */
export const LazyClerkProvider = dynamic(() => import("@clerk/nextjs").then((clerk) => clerk.ClerkProvider));
export const LazyUserButton = dynamic(() => import("@clerk/nextjs").then((clerk) => clerk.UserButton));
