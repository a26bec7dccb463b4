// framer-motion's DOM animation features, in a chunk of their own that LazyMotion loads after the page.
export { domAnimation as default } from "framer-motion";
