// Buckets: drag items into buckets; each item also has a bucket picker for keyboard and single-pointer use.

/**
 * @typedef {object} BucketsState
 * @property {string} exercise_id
 * @property {string[]} buckets
 * @property {string[]} items
 * @property {Record<string, string[]>} value
 */

const UNPLACED = "";

/**
 * @param {Record<string, string[]>} value
 * @param {string} item
 * @returns {string}
 */
function bucketOf(value, item) {
  for (const [bucket, items] of Object.entries(value)) if (items.includes(item)) return bucket;
  return UNPLACED;
}

/** @param {{ model: ExerciseModel, el: HTMLElement }} context */
function render({ model, el }) {
  const root = h("div", { class: "ck-exercise ck-buckets", "data-exercise": model.get("exercise_id") });
  const board = h("div", { class: "ck-board" });
  const { node: foot, announce } = footer(model);
  root.append(
    h("p", { class: "ck-hint", text: "Drag each item into a bucket, or choose its bucket from the list on the item." }),
    board,
    foot,
  );
  el.append(root);

  /** @param {string} item @param {string} bucket */
  function place(item, bucket) {
    /** @type {Record<string, string[]>} */
    const next = {};
    for (const [name, items] of Object.entries(model.get("value"))) {
      const kept = items.filter((other) => other !== item);
      if (kept.length) next[name] = kept;
    }
    if (bucket !== UNPLACED) next[bucket] = [...(next[bucket] || []), item];
    commit(model, next);
    const placed = Object.values(next).flat().length;
    const where = bucket === UNPLACED ? "back to Not placed yet" : `to ${bucket}`;
    announce(`${item} moved ${where}; ${placed} of ${model.get("items").length} placed.`);
  }

  /** @param {string} item */
  function chip(item) {
    // JupyterLab would take the arrow keys for moving between cells; the list needs them to change the bucket
    const picker = h("select", { "aria-label": `Bucket for ${item}`, "data-item": item, "data-lm-suppress-shortcuts": "true" });
    picker.append(h("option", { value: UNPLACED, text: "Not placed" }));
    for (const bucket of model.get("buckets")) picker.append(h("option", { value: bucket, text: bucket }));
    /** @type {HTMLSelectElement} */ (picker).value = bucketOf(model.get("value"), item);
    picker.addEventListener("change", () => place(item, /** @type {HTMLSelectElement} */ (picker).value));
    const node = h("li", { class: "ck-item", draggable: "true", "data-item": item }, [
      h("span", { class: "ck-label", text: item }),
      picker,
    ]);
    dragSource(node, item);
    return node;
  }

  /** @param {string} bucket @param {string} title @param {string[]} items */
  function zone(bucket, title, items) {
    const list = h("ul", { class: "ck-zone-items", "aria-label": title });
    list.append(...items.map(chip));
    const node = h("div", { class: "ck-zone", "data-bucket": bucket }, [h("h4", { text: title }), list]);
    dropTarget(node, (item) => {
      if (model.get("items").includes(item)) place(item, bucket);
    });
    return node;
  }

  function draw() {
    const focused = /** @type {HTMLElement | null} */ (root.querySelector("select:focus"));
    const refocus = focused?.dataset.item;
    /** @type {Record<string, string[]>} */
    const value = model.get("value");
    const unplaced = model.get("items").filter((/** @type {string} */ item) => bucketOf(value, item) === UNPLACED);
    board.replaceChildren(
      zone(UNPLACED, "Not placed yet", unplaced),
      h(
        "div",
        { class: "ck-buckets-row" },
        model.get("buckets").map((/** @type {string} */ bucket) =>
          zone(bucket, bucket, model.get("items").filter((/** @type {string} */ item) => bucketOf(value, item) === bucket)),
        ),
      ),
    );
    if (refocus) /** @type {HTMLElement | null} */ (board.querySelector(`select[data-item="${CSS.escape(refocus)}"]`))?.focus();
  }

  model.on("change:value", draw);
  draw();
  return () => model.off("change:value", draw);
}

export default { render };
