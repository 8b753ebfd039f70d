// <darumgehts-box article="ID" api="https://..."> - the "Darum gehts" box as a custom element.
// Plain JavaScript, no build step. All article text is inserted as text, never as HTML.
(() => {
  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(box, data, api) {
    const uid = "dg-" + String(data.summary_id);
    const L = data.labels;
    const section = el("section", { class: "darumgehts-box", "data-summary-id": data.summary_id, "aria-labelledby": uid + "-h",
                                    "data-thanks": L.thanks, "data-error": L.error });
    section.append(el("h2", { class: "darumgehts-heading", id: uid + "-h" }, data.heading));
    const list = el("ul", { class: "darumgehts-bullets", id: uid + "-b" });
    data.bullets.forEach((text, i) => {
      const li = el("li", i > 0 ? { class: "darumgehts-more" } : {}, text);
      if (i > 0) li.hidden = true;
      list.append(li);
    });
    section.append(list);
    if (data.bullets.length > 1) {
      section.append(el("button", { type: "button", class: "darumgehts-toggle", "aria-expanded": "false", "aria-controls": uid + "-b",
                                    "data-expand": data.labels.expand, "data-collapse": data.labels.collapse }, data.labels.expand));
    }
    section.append(el("p", { class: "darumgehts-disclaimer" }, data.disclaimer));
    const actions = el("div", { class: "darumgehts-actions" });
    // «Mehr erfahren» is the service's page: a relative address is resolved against the service, not the host site
    const moreInfo = api ? new URL(data.more_info_url, api + "/").href : data.more_info_url;
    actions.append(el("a", { class: "darumgehts-more-info", href: moreInfo }, data.labels.more_info));
    const details = el("details", { class: "darumgehts-feedback", id: uid + "-f" });
    details.append(el("summary", {}, data.labels.feedback));
    const form = el("form", { method: "post", action: `${api}/feedback/${encodeURIComponent(data.summary_id)}` });
    const fs = el("fieldset");
    fs.append(el("legend", {}, L.question));
    for (const [value, label] of [["true", L.yes], ["false", L.no]]) {
      const l = el("label");
      l.append(el("input", { type: "radio", name: "helpful", value, required: "" }), document.createTextNode(" " + label));
      fs.append(l);
    }
    const select = el("select", { name: "reason" });
    select.append(el("option", { value: "" }, "–"));
    for (const [value, label] of data.reasons || []) select.append(el("option", { value }, label));
    const reason = el("label", { class: "darumgehts-field" }, L.reason + " ");
    reason.append(select);
    const comment = el("label", { class: "darumgehts-field" }, L.comment + " ");
    comment.append(el("textarea", { name: "comment", maxlength: "1000", rows: "3" }));
    form.append(fs, reason, comment, el("button", { type: "submit", class: "darumgehts-send" }, L.send),
                el("p", { class: "darumgehts-status", role: "status", "aria-live": "polite" }));
    details.append(form);
    actions.append(details);
    section.append(actions);
    box.replaceChildren(section);
  }

  function wire(box, api) {
    const section = box.querySelector(".darumgehts-box");
    if (!section) return;
    const toggle = section.querySelector(".darumgehts-toggle");
    if (toggle) {
      toggle.addEventListener("click", () => {
        const open = toggle.getAttribute("aria-expanded") !== "true";
        toggle.setAttribute("aria-expanded", String(open));
        toggle.textContent = open ? toggle.dataset.collapse : toggle.dataset.expand;
        section.querySelectorAll(".darumgehts-more").forEach((li) => { li.hidden = !open; });
      });
    }
    const form = section.querySelector(".darumgehts-feedback form");
    if (form) {
      form.addEventListener("submit", async (event) => {
        event.preventDefault();
        const status = form.querySelector(".darumgehts-status");
        if (box.hasAttribute("data-demo")) {  // a static page (darumgehts demo): no service to send to
          status.dataset.kind = "ok";
          status.textContent = box.getAttribute("data-demo");
          return;
        }
        const data = new FormData(form);
        const body = { helpful: data.get("helpful") === "true" };
        if (data.get("reason")) body.reason = data.get("reason");
        if (data.get("comment")) body.comment = data.get("comment");
        try {
          const res = await fetch(`${api}/api/summaries/${section.dataset.summaryId}/feedback`, {
            method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
          });
          const answer = await res.json().catch(() => ({}));
          if (!res.ok) throw new Error(typeof answer.detail === "string" ? answer.detail : "Senden fehlgeschlagen.");
          status.dataset.kind = "ok";
          status.textContent = answer.thanks || section.dataset.thanks;
          form.querySelector("button[type=submit]").disabled = true;
        } catch (err) {
          status.dataset.kind = "error";
          status.textContent = section.dataset.error + " " + err.message;
        }
      });
    }
  }

  class DarumgehtsBox extends HTMLElement {
    async connectedCallback() {
      const api = (this.getAttribute("api") || "").replace(/\/$/, "");
      if (!this.querySelector(".darumgehts-box")) {
        const id = this.getAttribute("article");
        try {
          const res = await fetch(`${api}/api/articles/${encodeURIComponent(id)}/summary`);
          if (!res.ok) { this.hidden = true; return; }
          render(this, await res.json(), api);
        } catch (err) {
          this.hidden = true;
          return;
        }
      }
      wire(this, api);
    }
  }

  // «Beleg»: the link scrolls to the supporting sentence (a plain anchor, so it works without JavaScript too);
  // here every sentence of the bullet is highlighted and the first gets the focus, for keyboard and screen readers.
  function showSource(link) {
    const ids = (link.dataset.beleg || "").split(" ").filter(Boolean);
    const found = ids.map((id) => document.getElementById(id)).filter(Boolean);
    if (!found.length) return false;
    document.querySelectorAll(".dg-beleg-aktiv").forEach((n) => n.classList.remove("dg-beleg-aktiv"));
    found.forEach((n) => n.classList.add("dg-beleg-aktiv"));
    found[0].focus({ preventScroll: true });
    return true;
  }

  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a.darumgehts-beleg");
    if (!link) return;
    const url = new URL(link.href, location.href);
    if (url.pathname !== location.pathname) return;  // another page (the queue links to the box's page)
    if (showSource(link)) {
      event.preventDefault();
      history.pushState(null, "", url.hash);
      document.getElementById(url.hash.slice(1)).scrollIntoView({ block: "center" });
    }
  });

  if (!customElements.get("darumgehts-box")) customElements.define("darumgehts-box", DarumgehtsBox);
})();
