/** A keyboard key, as shown on buttons and in the help overlay. */
export function Kbd({ children }: { children: string }) {
  return <kbd className="kbd">{children}</kbd>;
}
