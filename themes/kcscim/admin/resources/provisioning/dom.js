// Small DOM helpers in the console's PatternFly classes. Text always goes in through textContent, never as HTML.

export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on")) element.addEventListener(key.slice(2).toLowerCase(), value);
    else if (key === "className") element.className = value;
    else element.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

export function when(iso) {
  return iso ? new Date(iso).toLocaleString() : "—";
}

export function alert(variant, title, body) {
  return h("div", { className: `pf-v5-c-alert pf-m-inline pf-m-${variant}`, role: variant === "danger" ? "alert" : "status" },
    h("p", { className: "pf-v5-c-alert__title" }, title),
    body ? h("div", { className: "pf-v5-c-alert__description" }, h("p", {}, body)) : null);
}

export function copyField(id, value, label) {
  const input = h("input", { className: "pf-v5-c-form-control", id, readonly: true, value, "aria-label": label, type: "text" });
  input.value = value;
  const status = h("span", { className: "pf-v5-u-ml-sm", "aria-live": "polite" });
  const button = h("button", {
    className: "pf-v5-c-button pf-m-control", type: "button", "aria-label": `Copy ${label}`, "data-testid": `${id}-copy`,
    onClick: async () => {
      try {
        await navigator.clipboard.writeText(value);
        status.textContent = "Copied";
      } catch (e) {
        input.select();
        status.textContent = "Press Ctrl+C to copy";
      }
    },
  }, "Copy");
  return h("div", {}, h("div", { className: "pf-v5-c-input-group" },
    h("div", { className: "pf-v5-c-input-group__item pf-m-fill" }, h("span", { className: "pf-v5-c-form-control pf-m-readonly" }, input)),
    h("div", { className: "pf-v5-c-input-group__item" }, button)), status);
}

/** A labelled form control with an optional help line below it. */
export function formField(id, label, control, help) {
  return h("div", { className: "pf-v5-c-form__group" },
    h("label", { className: "pf-v5-c-form__label", for: id }, h("span", { className: "pf-v5-c-form__label-text" }, label)),
    h("span", { className: "pf-v5-c-form-control" }, control), help ? h("p", { className: "pf-v5-c-form__helper-text" }, help) : null);
}

export function card(title, ...body) {
  return h("div", { className: "pf-v5-c-card pf-v5-u-mb-lg" },
    h("div", { className: "pf-v5-c-card__title" }, h("h2", { className: "pf-v5-c-card__title-text" }, title)),
    h("div", { className: "pf-v5-c-card__body" }, ...body));
}

export function modal(title, body, actions) {
  const backdrop = h("div", { className: "pf-v5-c-backdrop" },
    h("div", { className: "pf-v5-l-bullseye" },
      h("div", { className: "pf-v5-c-modal-box pf-m-sm", role: "dialog", "aria-modal": "true", "aria-label": title },
        h("header", { className: "pf-v5-c-modal-box__header" }, h("h1", { className: "pf-v5-c-modal-box__title" }, title)),
        h("div", { className: "pf-v5-c-modal-box__body" }, body),
        h("footer", { className: "pf-v5-c-modal-box__footer" }, actions))));
  document.body.appendChild(backdrop);
  return () => backdrop.remove();
}

export function button(label, variant, onClick, extra = {}) {
  return h("button", { className: `pf-v5-c-button pf-m-${variant}`, type: "button", onClick, ...extra }, label);
}

export const cell = (label, ...content) => h("td", { className: "pf-v5-c-table__td", "data-label": label }, ...content);

export function table(label, columns, rows, testId) {
  return h("table", { className: "pf-v5-c-table pf-m-compact pf-m-grid-md", role: "grid", "aria-label": label, "data-testid": testId },
    h("thead", { className: "pf-v5-c-table__thead" }, h("tr", { className: "pf-v5-c-table__tr" },
      columns.map((title) => h("th", { className: "pf-v5-c-table__th", scope: "col" }, title)))),
    h("tbody", { className: "pf-v5-c-table__tbody" }, rows));
}
