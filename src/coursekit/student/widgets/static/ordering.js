// Ordering: drag items to reorder, or move them with the up and down buttons.

/**
 * @typedef {object} OrderingState
 * @property {string} exercise_id
 * @property {string[]} items
 * @property {string[]} value  every item in the chosen order, or empty while not ordered
 */

/** @param {{ model: ExerciseModel, el: HTMLElement }} context */
function render({ model, el }) {
  const list = h("ol", { class: "ck-order", "aria-label": "Items in your order" });
  const keep = h("button", { type: "button", class: "ck-keep", text: "Keep this order" });
  const { node: foot, announce } = footer(model);
  const root = h("div", { class: "ck-exercise ck-ordering", "data-exercise": model.get("exercise_id") }, [
    h("p", { class: "ck-hint", text: "Drag the items into order, or use the arrow buttons." }),
    list,
    keep,
    foot,
  ]);
  el.append(root);

  /** @returns {string[]} */
  const current = () => (model.get("value").length ? model.get("value") : model.get("items"));

  /** @param {string} item @param {number} to @param {string} [refocus] the label of the button to focus after */
  function move(item, to, refocus) {
    const from = current().indexOf(item);
    const order = current().filter((other) => other !== item);
    const target = Math.max(0, Math.min(to, order.length));
    order.splice(target, 0, item);
    if (refocus) pendingFocus = { item, label: refocus }; // before commit: the redraw it triggers moves the focus
    commit(model, order);
    const way = target < from ? "up " : target > from ? "down " : "";
    announce(`${item} moved ${way}to step ${target + 1} of ${order.length}.`);
  }

  /** @type {{ item: string, label: string } | null} */
  let pendingFocus = null;

  /** @param {string} item @param {number} index @param {number} count */
  function row(item, index, count) {
    const up = h("button", { type: "button", class: "ck-move", "aria-label": `Move ${item} up`, text: "↑" });
    const down = h("button", { type: "button", class: "ck-move", "aria-label": `Move ${item} down`, text: "↓" });
    /** @type {HTMLButtonElement} */ (up).disabled = index === 0;
    /** @type {HTMLButtonElement} */ (down).disabled = index === count - 1;
    up.addEventListener("click", () => move(item, index - 1, `Move ${item} up`));
    down.addEventListener("click", () => move(item, index + 1, `Move ${item} down`));
    const node = h("li", { class: "ck-item", draggable: "true", "data-item": item }, [
      h("span", { class: "ck-label", text: item }),
      up,
      down,
    ]);
    dragSource(node, item);
    dropTarget(node, (dragged) => {
      if (dragged === item || !model.get("items").includes(dragged)) return;
      move(dragged, index); // the dragged item takes the slot of the item it was dropped on
    });
    return node;
  }

  function draw() {
    const order = current();
    list.replaceChildren(...order.map((item, index) => row(item, index, order.length)));
    /** @type {HTMLButtonElement} */ (keep).hidden = model.get("value").length > 0;
    if (pendingFocus) {
      // the pressed button, or the item's other one once it is at the top or bottom: the focus stays on the item
      const moved = list.querySelector(`li[data-item="${CSS.escape(pendingFocus.item)}"]`);
      const pressed = moved?.querySelector(`button[aria-label="${CSS.escape(pendingFocus.label)}"]:not(:disabled)`);
      pendingFocus = null;
      /** @type {HTMLElement | null | undefined} */ (pressed ?? moved?.querySelector("button:not(:disabled)"))?.focus();
    }
  }

  keep.addEventListener("click", () => {
    commit(model, [...model.get("items")]);
    announce("Order kept.");
  });
  model.on("change:value", draw);
  draw();
  return () => model.off("change:value", draw);
}

export default { render };
