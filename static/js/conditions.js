// Skip logic on the residents' form (surveys/conditions.py), as progressive enhancement: without
// this file every question shows, each conditional one with a line saying when to answer it, and
// the server keeps an answer only when its condition is met. Here a conditional question is
// hidden (the `hidden` attribute: not focusable, not read) until its condition is met, and a
// screen reader hears where it appeared.

const SELECTOR = ".engage-conditional[data-show-when]";

// The values chosen for a field: checked radios or checkboxes, or a select's choice. A field
// inside a hidden question counts as unanswered, so a chain of conditions hides in turn.
function chosen(form, name) {
  const values = [];
  for (const field of form.querySelectorAll(`[name="${CSS.escape(name)}"]`)) {
    if (field.closest("[hidden]")) continue;
    if (field.tagName === "SELECT") {
      if (field.value) values.push(field.value);
    } else if ((field.type === "radio" || field.type === "checkbox") && field.checked) {
      values.push(field.value);
    }
  }
  return values;
}

function announce(text) {
  const live = document.getElementById("engage-live");
  if (!live || !text) return;
  live.textContent = ""; // cleared first, so the same words twice are read twice
  window.setTimeout(() => { live.textContent = text; }, 100);
}

// In page order, so a question whose source has just been hidden is judged after it.
function update(root, speak) {
  for (const form of root.querySelectorAll("form")) {
    const revealed = [];
    for (const block of form.querySelectorAll(SELECTOR)) {
      const wanted = block.dataset.showValues.split(" ");
      const met = chosen(form, block.dataset.showWhen).some((value) => wanted.includes(value));
      if (block.hidden === !met) continue;
      block.hidden = !met;
      if (met) revealed.push(block.dataset.shownText);
    }
    if (speak && revealed.length) announce(revealed.join(" "));
  }
}

if (document.querySelector(SELECTOR)) update(document, false);
document.addEventListener("change", (event) => {
  const form = event.target instanceof Element ? event.target.closest("form") : null;
  if (form && form.querySelector(SELECTOR)) update(form.parentElement || document, true);
});
// The form comes back through htmx with its errors: judge its questions again.
document.body.addEventListener("htmx:afterSettle", () => update(document, false));
