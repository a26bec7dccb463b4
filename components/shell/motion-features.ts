// framer-motion's DOM features (animations, exits, and the layout animations of the History and
// Director lists), in a chunk of their own that LazyMotion loads after the page.
export { domMax as default } from "framer-motion";
