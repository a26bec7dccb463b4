// framer-motion's DOM animation features (animations and exits; no layout animation, whose
// projection code costs the main thread more than it gives), in a chunk of their own that
// LazyMotion loads after the page.
export { domAnimation as default } from "framer-motion";
