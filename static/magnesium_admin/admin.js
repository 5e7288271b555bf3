// The content pages of the admin (articles, blocks): rows collapsed to one line, only
// the fields a block's kind uses, insert a new row anywhere, move a row one place.
// Loaded from admin/base_site.html as a file: the Content Security Policy allows no
// inline script. Without JavaScript every field stays visible and rows keep their order.
(function () {
  "use strict";

  // The words, in the admin's language, from the script element's data-label-*
  // attributes (templates/admin/base_site.html); Dutch if they are missing.
  const data = (document.currentScript && document.currentScript.dataset) || {};
  const LABELS = {
    up: data.labelUp || "Eén plaats omhoog",
    down: data.labelDown || "Eén plaats omlaag",
    insert: data.labelInsert || "Hierna invoegen",
    open: data.labelOpen || "Openen of sluiten",
    empty: data.labelEmpty || "(leeg)",
  };
  // Fields a block kind does not use are hidden (the server validates as before).
  const FIELDS_BY_KIND = {
    list_style: ["list"],
    faq_display: ["faq"],
    role: ["list", "text"],
  };
  const SUMMARY_WORDS = 10;

  function rowsOf(group) {
    const tbody = group.querySelector(".tabular tbody");
    const rows = tbody
      ? tbody.querySelectorAll(":scope > tr.form-row")
      : group.querySelectorAll(":scope fieldset > .inline-related, :scope > .inline-related");
    return Array.from(rows).filter((row) => !row.classList.contains("empty-form"));
  }

  function orderInput(row) {
    return row.querySelector("input._reorder_");
  }

  function isDeleted(row) {
    const box = row.querySelector('input[type="checkbox"][name$="-DELETE"]');
    return Boolean(box && box.checked);
  }

  function hasContent(row) {
    return Array.from(row.querySelectorAll("input, textarea, select")).some((field) => {
      if (field.type === "hidden" || field.classList.contains("_reorder_")) return false;
      if (field.type === "checkbox" || field.type === "radio") return field.checked;
      if (field.tagName === "SELECT") {
        const initial = Array.from(field.options).find((o) => o.defaultSelected);
        return initial ? field.value !== initial.value : field.selectedIndex > 0;
      }
      return field.value.trim() !== "";
    });
  }

  // Positions follow the rows as they stand on the page. A new row that is still empty
  // keeps its initial value, so Django leaves it out as an unchanged extra form.
  function renumber(group) {
    let position = 0;
    for (const row of rowsOf(group)) {
      const input = orderInput(row);
      if (!input) continue;
      const isNew = !row.classList.contains("has_original");
      if (isNew && !hasContent(row)) continue;
      position += 1;
      input.value = String(position);
    }
    updateMoveButtons(group);
  }

  function updateMoveButtons(group) {
    const rows = rowsOf(group).filter((row) => row.querySelector(".row-controls"));
    rows.forEach((row, index) => {
      row.querySelector("button.move-up").disabled = index === 0;
      row.querySelector("button.move-down").disabled = index === rows.length - 1;
    });
  }

  function makeButton(className, text, label) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = className;
    button.textContent = text;
    if (label) {
      button.setAttribute("aria-label", label);
      button.title = label;
    }
    return button;
  }

  function move(row, group, step) {
    const rows = rowsOf(group);
    const index = rows.indexOf(row);
    const other = rows[index + step];
    if (!other) return;
    if (step < 0) other.before(row);
    else other.after(row);
    renumber(group);
    const button = row.querySelector(step < 0 ? "button.move-up" : "button.move-down");
    (button.disabled ? row.querySelector("button.move-up, button.move-down") : button).focus();
  }

  function insertAfter(row, group) {
    const add = group.querySelector(".add-row a");
    if (!add) return;
    add.click(); // Django's inlines.js adds the row at the end, with the right prefix.
    const rows = rowsOf(group);
    const added = rows[rows.length - 1];
    if (!added || added === row) return;
    row.after(added);
    decorate(added, group);
    setOpen(added, true);
    renumber(group);
    const first = added.querySelector(
      'input:not([type="hidden"]):not([type="checkbox"]), textarea, select'
    );
    if (first) first.focus();
  }

  function controlsHost(row) {
    const cell = row.querySelector("td.original");
    if (cell) return cell;
    return row.querySelector(":scope > h3");
  }

  function decorate(row, group) {
    if (row.querySelector(".row-controls") || !orderInput(row)) return;
    const host = controlsHost(row);
    if (!host) return;
    const controls = document.createElement("span");
    controls.className = "row-controls";
    const up = makeButton("move-up", "▲", LABELS.up);
    const down = makeButton("move-down", "▼", LABELS.down);
    const tabular = Boolean(row.closest(".tabular"));
    const insert = makeButton("insert-after", tabular ? "+" : "+ " + LABELS.insert, LABELS.insert);
    up.addEventListener("click", () => move(row, group, -1));
    down.addEventListener("click", () => move(row, group, 1));
    insert.addEventListener("click", () => insertAfter(row, group));
    controls.append(up, down, insert);
    host.append(controls);
    collapsible(row);
    kindFields(row);
  }

  // Stacked rows (blocks, FAQ entries) fold to one line: kind and heading or first words.
  function summaryOf(row) {
    const kind = row.querySelector('select[name$="-kind"]');
    const heading = row.querySelector('input[name$="-heading"], input[name$="-question"]');
    const body = row.querySelector('textarea[name$="-body"], textarea[name$="-answer"]');
    let text = heading && heading.value.trim();
    if (!text && body) {
      const words = body.value.replace(/[#*_>[\]()`]/g, " ").split(/\s+/).filter(Boolean);
      text = words.slice(0, SUMMARY_WORDS).join(" ") + (words.length > SUMMARY_WORDS ? " …" : "");
    }
    const kindText = kind ? kind.options[kind.selectedIndex].text : "";
    return [kindText, text || LABELS.empty].filter(Boolean).join(": ");
  }

  function setOpen(row, open) {
    const toggle = row.querySelector(":scope > h3 .row-toggle");
    if (!toggle) return;
    row.classList.toggle("is-collapsed", !open);
    toggle.setAttribute("aria-expanded", String(open));
  }

  function collapsible(row) {
    const h3 = row.querySelector(":scope > h3");
    if (!h3 || row.closest(".tabular") || h3.querySelector(".row-toggle")) return;
    const toggle = makeButton("row-toggle", "");
    toggle.title = LABELS.open;
    const summary = document.createElement("span");
    summary.className = "row-summary";
    toggle.append(summary);
    const refresh = () => (summary.textContent = summaryOf(row));
    refresh();
    row.addEventListener("input", refresh);
    row.addEventListener("change", refresh);
    h3.prepend(toggle);
    h3.classList.add("has-toggle");
    const label = h3.querySelector(".inline_label");
    const title = label && label.firstChild;
    if (title && title.nodeType === Node.TEXT_NODE && title.textContent.trim()) {
      const span = document.createElement("span");
      span.className = "label-text";
      title.replaceWith(span);
      span.append(title);
    }
    toggle.addEventListener("click", () => setOpen(row, row.classList.contains("is-collapsed")));
    const hasErrors = row.querySelector(".errorlist, .errors") !== null;
    const isNew = !row.classList.contains("has_original");
    setOpen(row, hasErrors || isNew);
  }

  function kindFields(container) {
    const kind = container.querySelector('select[name$="-kind"], select[name="kind"]');
    if (!kind) return;
    const apply = () => {
      for (const [field, kinds] of Object.entries(FIELDS_BY_KIND)) {
        const hidden = !kinds.includes(kind.value);
        container
          .querySelectorAll(".fieldBox.field-" + field + ", .form-row.field-" + field)
          .forEach((box) => {
            // A row that holds other fields too keeps them: only the field's own box goes.
            if (box.classList.contains("form-row") && box.querySelector(".fieldBox")) return;
            box.classList.toggle("field-hidden-for-kind", hidden);
          });
      }
    };
    kind.addEventListener("change", apply);
    apply();
  }

  // Removing a new row makes Django's inlines.js number the forms in page order, and a
  // form numbered below the saved forms' count would be taken for a saved one. So the new
  // rows go after the saved ones while it numbers, and back to their places afterwards.
  function keepIndexesOnDelete(event, group) {
    if (!event.target.closest(".inline-deletelink")) return;
    const order = rowsOf(group);
    const end = group.querySelector(".empty-form");
    if (!end) return;
    order.filter((row) => !row.classList.contains("has_original")).forEach((row) => end.before(row));
    setTimeout(() => {
      order.filter((row) => row.isConnected).forEach((row) => end.before(row));
      renumber(group);
    });
  }

  function setUp() {
    const groups = document.querySelectorAll(".js-inline-admin-formset");
    for (const group of groups) {
      if (!group.querySelector("fieldset.sortable, .sortable")) continue;
      for (const row of rowsOf(group)) decorate(row, group);
      updateMoveButtons(group);
      group.addEventListener("change", () => renumber(group));
      group.addEventListener("click", (event) => keepIndexesOnDelete(event, group), true);
      const form = group.closest("form");
      if (form) form.addEventListener("submit", () => renumber(group));
    }
    // The block's own page (no inline): the kind decides which fields show.
    const form = document.querySelector("#block_form");
    if (form) kindFields(form.querySelector("fieldset") || form);
  }

  document.addEventListener("formset:added", (event) => {
    const row = event.target;
    const group = row.closest && row.closest(".js-inline-admin-formset");
    if (group && group.querySelector(".sortable")) {
      decorate(row, group);
      updateMoveButtons(group);
    }
  });

  // sortable2 sets itself up on "load"; ours can run as soon as the page is parsed.
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp);
  else setUp();
})();
