/**
 * The join panel the room copies from the projector: the address, the room code and a QR code of
 * the join link. The QR encoder is loaded on demand (it is not needed to manage the room), and the
 * copy button works without a secure context, because the dashboard is often opened over plain
 * http at the laptop's LAN address, where navigator.clipboard does not exist.
 */

/** Hosts only this machine can reach: a join link with one of these is no use to the room. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, "").toLowerCase();
  return (
    host === "localhost" ||
    host.endsWith(".localhost") ||
    host === "::1" ||
    /^127\.\d+\.\d+\.\d+$/.test(host) ||
    host === "0.0.0.0"
  );
}

export type JoinOrigin =
  { ok: true; origin: string } | { ok: false; problem: "invalid" | "loopback" };

/**
 * The origin attendees should use, from what the instructor typed: the network address
 * `npm run workshop` prints ("http://192.168.1.20:4400/"), with or without the scheme. Refused
 * when it is not an address, or is one only this machine can reach.
 */
export function parseJoinOrigin(text: string): JoinOrigin {
  const input = text.trim();
  let url: URL;
  try {
    url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(input) ? input : `http://${input}`);
  } catch {
    return { ok: false, problem: "invalid" };
  }
  if (!input || !url.hostname || (url.protocol !== "http:" && url.protocol !== "https:"))
    return { ok: false, problem: "invalid" };
  if (isLoopbackHost(url.hostname)) return { ok: false, problem: "loopback" };
  return { ok: true, origin: url.origin };
}

/** `http://192.168.1.20:4321/workshop/?room=K7PQ2M`. */
export function joinUrl(origin: string, base: string, room: string): string {
  const root = base.endsWith("/") ? base : `${base}/`;
  return `${origin}${root}workshop/?room=${encodeURIComponent(room)}`;
}

/** The QR code of `text` as an SVG element (our own encoder's output, parsed, never innerHTML). */
export async function qrCode(text: string): Promise<SVGSVGElement> {
  const { default: QRCode } = await import("qrcode");
  const markup = await QRCode.toString(text, {
    type: "svg",
    margin: 1,
    errorCorrectionLevel: "M",
    color: { dark: "#000000", light: "#ffffff" },
  });
  const parsed = new DOMParser().parseFromString(markup, "image/svg+xml").documentElement;
  if (parsed.nodeName !== "svg") throw new Error("the QR encoder returned no SVG");
  const svg = document.importNode(parsed, true) as unknown as SVGSVGElement;
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  return svg;
}

/**
 * Copies `text`: the Clipboard API where the page is a secure context, else the older
 * select-and-copy, which plain http still allows. False when neither worked.
 */
export async function copyText(text: string): Promise<boolean> {
  if (window.isSecureContext && navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // Permission refused: try the old way.
    }
  }
  const area = document.createElement("textarea");
  area.value = text;
  area.setAttribute("readonly", "");
  area.style.position = "fixed";
  area.style.opacity = "0";
  document.body.append(area);
  area.select();
  let copied: boolean;
  try {
    copied = document.execCommand("copy");
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}
