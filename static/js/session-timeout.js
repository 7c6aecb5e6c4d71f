// The idle sign-out warning (WCAG 2.2.1 Timing adjustable). Two minutes before the session
// ends, a warning with a "Stay signed in" button appears and takes focus; the button restarts
// the session's clock without leaving the page, so nothing typed is lost. Without this script
// the footer says when the session ends, and a form sent after it is kept (engage.auth.kept_work).
(() => {
  const box = document.getElementById("timeout-warning");
  if (!box) return;
  const WARN_BEFORE = 120; // seconds
  const idle = Number(box.dataset.idle) || 1800;
  const left = box.querySelector(".engage-timeout-warning__left");
  const ends = document.querySelector("#session-ends time");
  let deadline = Date.now() + (Number(box.dataset.endsIn) || idle) * 1000;
  let returnFocus = null;

  function words(seconds) {
    if (seconds >= 60) {
      const m = Math.ceil(seconds / 60);
      return `${m} minute${m === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  }

  function show() {
    if (!box.hidden) return;
    returnFocus = document.activeElement;
    box.hidden = false;
    box.querySelector("h2").focus();
  }

  function hide() {
    box.hidden = true;
    if (returnFocus && returnFocus.isConnected) returnFocus.focus();
  }

  function restart(endsAtSeconds) {
    deadline = endsAtSeconds ? endsAtSeconds * 1000 : Date.now() + idle * 1000;
    if (ends) {
      const at = new Date(deadline);
      ends.dateTime = at.toISOString();
      ends.textContent = at.toLocaleTimeString("en-GB", { hour: "numeric", minute: "2-digit" });
    }
  }

  function tick() {
    const seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (seconds <= WARN_BEFORE) {
      // Updated every 15 seconds, then each of the last ten: a screen reader is not interrupted every second.
      if (box.hidden || seconds % 15 === 0 || seconds <= 10) left.textContent = words(seconds);
      show();
      if (seconds === 0) {
        box.querySelector("h2").textContent = "You have been signed out";
        box.querySelector("#timeout-warning-text").textContent =
          "Nothing happened for too long. Anything you send now is kept: you will be asked to sign in, then to send it.";
        box.querySelector("form").hidden = true;
        return;
      }
    }
    window.setTimeout(tick, 1000);
  }

  box.querySelector("form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const data = response.ok ? await response.json() : null;
      if (!data || !data.ends_at) { form.submit(); return; }
      restart(data.ends_at);
      hide();
      const live = document.getElementById("engage-live");
      if (live) live.textContent = "You are still signed in.";
    } catch (error) {
      form.submit(); // the plain form does the same, with a page load
    }
  });

  // Anything sent to the server (an htmx save) restarts the session's clock there too.
  document.body.addEventListener("htmx:afterRequest", () => restart(Date.now() / 1000 + idle - 60));
  tick();
})();
