// Progressive enhancement for a learner's forms: the checklist and the resume editor (those pages load htmx).
//
// htmx leaves the page alone when the server refuses a change (4xx). Our views mark such answers
// with an HX-Reswap header and send the step (or the progress panel) again with the reason in it,
// so we let htmx swap those in place: the message then shows next to the control, and what the
// learner typed is kept. Other errors (for example a 403 page) are never swapped in.
document.addEventListener("htmx:beforeSwap", (event) => {
  const xhr = event.detail.xhr;
  if (xhr.status >= 400 && xhr.status < 500 && xhr.getResponseHeader("HX-Reswap")) {
    event.detail.shouldSwap = true;
    event.detail.isError = false;
  }
});

// A network failure: say so on the control's step instead of failing silently.
document.addEventListener("htmx:sendError", (event) => {
  const box = event.detail.elt.closest(".checklist-step, .journey-panel");
  if (!box) return;
  let message = box.querySelector(".checklist-offline");
  if (!message) {
    message = document.createElement("p");
    message.className = "checklist-error checklist-offline";
    message.setAttribute("role", "alert");
    box.append(message);
  }
  message.textContent = "We could not reach CareerHub, so this change is not saved. Check your connection and try again.";
});
