// <darumgehts-box article="ID" api="https://..."> - the "Darum gehts" box as a custom element.
// Plain JavaScript, no build step. All article text is inserted as text, never as HTML.
(() => {
  function el(tag, attrs = {}, text) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function render(box, data) {
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
    actions.append(el("a", { class: "darumgehts-more-info", href: data.more_info_url }, data.labels.more_info));
    const details = el("details", { class: "darumgehts-feedback" });
    details.append(el("summary", {}, data.labels.feedback));
    const form = el("form", { method: "post", action: "" });
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
    const reason = el("label", {}, L.reason + " ");
    reason.append(select);
    const comment = el("label", {}, L.comment + " ");
    comment.append(el("textarea", { name: "comment", maxlength: "1000", rows: "3" }));
    form.append(fs, reason, comment, el("button", { type: "submit" }, L.send),
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
          render(this, await res.json());
        } catch (err) {
          this.hidden = true;
          return;
        }
      }
      wire(this, api);
    }
  }

  if (!customElements.get("darumgehts-box")) customElements.define("darumgehts-box", DarumgehtsBox);
})();
