// The idle sign-out warning (WCAG 2.2.1 Timing adjustable). Two minutes before the session
// ends (data-warn-before: less in a very short session, never under 20 seconds), a dialog with a
// "Stay signed in" button appears and takes focus, which stays in it until it is answered; the
// button restarts the session's clock without leaving the page, so nothing typed is lost. When
// the time is up the dialog says so and "Back to the page" returns to the form: sent then, it is
// kept and offered back after signing in (engage.auth.kept_work). Without this script the footer
// says when the session ends, and a form sent after it is kept all the same.
(() => {
  const box = document.getElementById("timeout-warning");
  if (!box) return;
  const idle = Number(box.dataset.idle) || 1800;
  const warnBefore = Number(box.dataset.warnBefore) || 120;
  // The server writes the last-seen time only this often, so a request may not have moved it.
  const renewAfter = Number(box.dataset.renewAfter) || 60;
  const left = box.querySelector(".engage-timeout-warning__left");
  const heading = box.querySelector("h2");
  const form = box.querySelector("form");
  const stay = form.querySelector("button");
  const back = box.querySelector(".engage-timeout-warning__back");
  const ends = document.querySelector("#session-ends time");
  let deadline = Date.now() + (Number(box.dataset.endsIn) || idle) * 1000;
  let returnFocus = null;
  let timer = null;
  let expired = false;

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
    heading.focus();
  }

  function hide() {
    box.hidden = true;
    if (returnFocus && returnFocus.isConnected && returnFocus !== document.body) returnFocus.focus();
  }

  function restart(endsAtSeconds) {
    if (expired) return;
    deadline = endsAtSeconds * 1000;
    if (ends) {
      const at = new Date(deadline);
      ends.dateTime = at.toISOString();
      ends.textContent = at.toLocaleTimeString("en-GB", { hour: "numeric", minute: "2-digit" });
    }
    if (!box.hidden && deadline - Date.now() > warnBefore * 1000) hide();
    window.clearTimeout(timer);
    tick();
  }

  function signedOut() {
    expired = true;
    heading.textContent = "You have been signed out";
    box.querySelector("#timeout-warning-text").textContent =
      "Nothing happened for too long. Anything you send now is kept: you will be asked to sign in, then to send it.";
    form.hidden = true;
    back.hidden = false;
    heading.focus();
  }

  function tick() {
    const seconds = Math.max(0, Math.round((deadline - Date.now()) / 1000));
    if (seconds <= warnBefore) {
      // Updated every 15 seconds, then each of the last ten: a screen reader is not interrupted every second.
      if (box.hidden || seconds % 15 === 0 || seconds <= 10) left.textContent = words(seconds);
      show();
      if (seconds === 0) {
        signedOut();
        return;
      }
    }
    timer = window.setTimeout(tick, 1000);
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const response = await fetch(form.action, {
        method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
        headers: { Accept: "application/json" },
      });
      const data = response.ok ? await response.json() : null;
      if (!data || !data.ends_at) { form.submit(); return; }
      restart(data.ends_at);
      const live = document.getElementById("engage-live");
      if (live) live.textContent = "You are still signed in.";
    } catch (error) {
      form.submit(); // the plain form does the same, with a page load
    }
  });

  back.addEventListener("click", hide);

  // While the dialog is open, Tab stays inside it: the page behind is covered until it is answered.
  box.addEventListener("keydown", (event) => {
    if (event.key !== "Tab" || box.hidden) return;
    event.preventDefault();
    (expired ? back : stay).focus();
  });

  // Anything sent to the server (an htmx save) restarts the session's clock there too (at the
  // earliest time it may now end: the server may not have written the new time yet).
  document.body.addEventListener("htmx:afterRequest", () => restart(Date.now() / 1000 + idle - renewAfter));
  tick();
})();
