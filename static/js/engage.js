// Progressive enhancement only: every page works without this file.
import { initAll, createAll, ErrorSummary } from "/static/vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();

// After htmx swaps content in: start GOV.UK components inside it, then put focus where a
// keyboard or screen-reader user expects it, and announce what changed.
let lastSwap = null;
document.body.addEventListener("htmx:afterSettle", (event) => {
  // Every swap here is hx-swap="outerHTML", which replaces the element named in detail.target:
  // the element now in the page is the one the event was fired on.
  let target = event.detail.target;
  if (!target || !target.isConnected) target = event.target;
  if (!(target instanceof Element) || !target.isConnected || target === document.body) return;
  if (event.detail === lastSwap) return; // fired once per swapped element; handle each swap once
  lastSwap = event.detail;
  initAll({ scope: target });

  const summary = target.querySelector(".govuk-error-summary");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
    return;
  }
  const marked = target.querySelector("[data-focus-after-swap]");
  if (marked) {
    marked.focus();
  } else {
    const heading = target.querySelector("h1");
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    } else if (target.id === "main-content") {
      target.focus();
    }
  }
  const status = target.querySelector("[role=status]");
  const live = document.getElementById("engage-live");
  if (status && live) {
    // Cleared first, so the same message twice in a row ("Question moved to position 2") is read again.
    live.textContent = "";
    window.setTimeout(() => { live.textContent = status.textContent.trim(); }, 100);
  }
  window.scrollTo({ top: Math.max(0, target.getBoundingClientRect().top + window.scrollY - 20) });
});
