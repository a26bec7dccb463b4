// The dialog's name must not come from the server's HTML: React keeps the attributes it hydrated,
// and when its ids on the client differ from the server's (seen under load with React 19.2), a
// name written then points at no heading. A closed dialog is served unnamed; the name and the
// heading it points at are written together, on the client, when it opens.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { Dialog } from "../../components/ui/dialog";
import { Sheet } from "../../components/ui/sheet";

const props = (open: boolean) => ({ open, onOpenChange: () => {}, title: "Spend 50 credits?", description: "A failed run is refunded." });

describe("modal frames in the server's HTML", () => {
  for (const [name, component] of [["Dialog", Dialog], ["Sheet", Sheet]] as const) {
    it(`${name}: closed, it carries no name or description to hydrate`, () => {
      const html = renderToString(createElement(component, props(false)));
      expect(html).toMatch(/^<dialog/);
      expect(html).not.toMatch(/aria-labelledby|aria-describedby/);
    });

    it(`${name}: open, its name and description point at the heading and the line it renders`, () => {
      const html = renderToString(createElement(component, props(true)));
      const labelledBy = html.match(/aria-labelledby="([^"]+)"/)?.[1];
      const describedBy = html.match(/aria-describedby="([^"]+)"/)?.[1];
      expect(html).toContain(`<h2 id="${labelledBy}"`);
      expect(html).toContain(`<p id="${describedBy}"`);
    });
  }
});
