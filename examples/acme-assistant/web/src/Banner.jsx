export function Banner() {
  // Shown while the summary model is warming up.
  return <p className="banner">Summaries by {"gemini-2.5-flash-lite"}</p>;
}
