// Progressive enhancement only: every page works without this file.
import { initAll, createAll, ErrorSummary } from "/static/vendor/govuk-frontend/govuk-frontend.min.js";

document.body.classList.add("govuk-frontend-supported");
initAll();

const ERROR_PREFIX = "Error: ";

// A page's whole content swapped in (main): the server sends the title a full page load would have had.
document.body.addEventListener("engage:title", (event) => {
  if (event.detail && typeof event.detail.value === "string") document.title = event.detail.value;
});

// A filter form's results swapped in without problems: the error summary and field messages
// from an earlier attempt no longer apply (a request with problems swaps the whole main instead).
function clearFilterErrors(results) {
  const form = document.querySelector(`form[hx-target="#${results.id}"]`);
  if (!form) return;
  form.querySelectorAll(".govuk-form-group--error").forEach((group) => group.classList.remove("govuk-form-group--error"));
  form.querySelectorAll(".govuk-error-message").forEach((message) => message.remove());
  form.querySelectorAll(".govuk-input--error, .govuk-select--error").forEach((field) => {
    field.classList.remove("govuk-input--error", "govuk-select--error");
  });
  const main = document.getElementById("main-content");
  if (main) main.querySelectorAll(".govuk-error-summary").forEach((summary) => summary.remove());
}

// The title says "Error: " while the page shows an error summary, as it does without JavaScript.
function markTitle() {
  const hasError = document.querySelector("#main-content .govuk-error-summary") !== null;
  const title = document.title.startsWith(ERROR_PREFIX) ? document.title.slice(ERROR_PREFIX.length) : document.title;
  document.title = hasError ? ERROR_PREFIX + title : title;
}

// After htmx swaps content in: start GOV.UK components inside it, then put focus where a
// keyboard or screen-reader user expects it, and announce what changed.
let lastSwap = null;
document.body.addEventListener("htmx:afterSettle", (event) => {
  // Most swaps are hx-swap="outerHTML", which replaces the element named in detail.target: the
  // element now in the page is the one the event was fired on. The filter forms swap innerHTML.
  let target = event.detail.target;
  if (!target || !target.isConnected) target = event.target;
  if (!(target instanceof Element) || !target.isConnected || target === document.body) return;
  if (event.detail === lastSwap) return; // fired once per swapped element; handle each swap once
  lastSwap = event.detail;
  initAll({ scope: target });
  if (target.id === "summary-results" || target.id === "results") clearFilterErrors(target);

  // The error summary may be the swapped element itself (a voice card's error comes as the
  // summary followed by the card), or inside it.
  const summary = target.matches(".govuk-error-summary") ? target : target.querySelector(".govuk-error-summary");
  // A summary swapped in beside an element belongs to it: the element's next swap (fixed, or a
  // new error with its own summary) replaces it.
  const owner = summary === target ? (summary.nextElementSibling && summary.nextElementSibling.id) : target.id;
  if (owner) {
    document.querySelectorAll(".govuk-error-summary[data-engage-for]").forEach((old) => {
      if (old !== summary && old.dataset.engageFor === owner) old.remove();
    });
    if (summary === target) summary.dataset.engageFor = owner;
  }
  markTitle();
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
    window.scrollTo({ top: Math.max(0, summary.getBoundingClientRect().top + window.scrollY - 20) });
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
