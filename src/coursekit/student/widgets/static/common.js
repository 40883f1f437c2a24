// Helpers shared by every exercise widget; each widget's own file follows this one in its module.

/**
 * @typedef {object} ExerciseModel
 * @property {(name: string) => any} get
 * @property {(name: string, value: any) => void} set
 * @property {() => void} save_changes
 * @property {(event: string, callback: () => void) => void} on
 * @property {(event: string, callback: () => void) => void} off
 */

/**
 * Create an element with attributes and children.
 * @param {string} tag
 * @param {Record<string, string>} [attrs]
 * @param {(Node | string)[]} [children]
 * @returns {HTMLElement}
 */
function h(tag, attrs = {}, children = []) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  node.append(...children);
  return node;
}

/**
 * The footer every exercise shows: completion status, a save problem, and a live region for screen readers.
 * @param {ExerciseModel} model
 * @returns {{ node: HTMLElement, announce: (message: string) => void }}
 */
function footer(model) {
  const status = h("p", { class: "ck-status" });
  const problem = h("p", { class: "ck-problem", role: "alert" });
  const live = h("div", { class: "ck-sr-only", "aria-live": "polite" });
  const update = () => {
    status.textContent = model.get("status");
    problem.textContent = model.get("problem");
    problem.hidden = !model.get("problem");
  };
  model.on("change:status", update);
  model.on("change:problem", update);
  update();
  return {
    node: h("div", { class: "ck-footer" }, [status, problem, live]),
    announce: (message) => {
      live.textContent = message;
    },
  };
}

/**
 * Send a new answer to the kernel, which validates and saves it.
 * @param {ExerciseModel} model
 * @param {any} value
 */
function commit(model, value) {
  model.set("value", value);
  model.save_changes();
}

/** What each drop target does with a dropped item, so that a finger's drag can find the target under it. */
const dropHandlers = /** @type {WeakMap<Element, (item: string) => void>} */ (new WeakMap());
const TOUCH_DRAG_START_PX = 8; // a finger that moves less is tapping, not dragging
/** Items a finger or pen is dragging now: a browser that also starts HTML5 drag-and-drop for them is stopped. */
const pointerDragged = /** @type {WeakSet<HTMLElement>} */ (new WeakSet());

/**
 * The drop target under a point, within one widget and outside the item being dragged (it is under the finger).
 * @param {number} x
 * @param {number} y
 * @param {HTMLElement} dragged
 * @returns {Element | null}
 */
function dropTargetAt(x, y, dragged) {
  const scope = dragged.closest(".ck-exercise");
  for (const hit of document.elementsFromPoint(x, y)) {
    if (dragged.contains(hit) || !scope?.contains(hit)) continue;
    for (let at = /** @type {Element | null} */ (hit); at && scope.contains(at); at = at.parentElement) {
      if (dropHandlers.has(at)) return at;
    }
  }
  return null;
}

/**
 * Let an item be dragged: by mouse with HTML5 drag-and-drop, and by finger or pen with pointer events (HTML5
 * drag-and-drop does not fire on touch screens). The item carries its name and looks lifted while it moves.
 * @param {HTMLElement} node
 * @param {string} item
 */
function dragSource(node, item) {
  node.addEventListener("dragstart", (event) => {
    if (pointerDragged.has(node)) {
      event.preventDefault(); // one drop per drag
      return;
    }
    event.dataTransfer?.setData("text/plain", item);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = "move";
    node.classList.add("ck-dragging");
  });
  node.addEventListener("dragend", () => node.classList.remove("ck-dragging"));
  node.addEventListener("pointerdown", (event) => {
    const pressed = /** @type {Element} */ (event.target);
    if (event.pointerType === "mouse" || !event.isPrimary || pressed.closest("button, select, input")) return;
    pointerDrag(node, item, event);
  });
}

/**
 * Follow one finger from an item to where it is lifted, and drop the item on the target there (if any).
 * @param {HTMLElement} node
 * @param {string} item
 * @param {PointerEvent} down
 */
function pointerDrag(node, item, down) {
  /** @type {Element | null} */
  let over = null;
  let dragging = false;
  pointerDragged.add(node);
  node.setPointerCapture(down.pointerId);
  /** @param {PointerEvent} event */
  const move = (event) => {
    const dx = event.clientX - down.clientX;
    const dy = event.clientY - down.clientY;
    if (!dragging && Math.hypot(dx, dy) < TOUCH_DRAG_START_PX) return;
    dragging = true;
    node.classList.add("ck-dragging");
    node.style.transform = `translate(${dx}px, ${dy}px)`;
    const target = dropTargetAt(event.clientX, event.clientY, node);
    if (target !== over) {
      over?.classList.remove("ck-over");
      target?.classList.add("ck-over");
      over = target;
    }
  };
  /** @param {PointerEvent} event */
  const end = (event) => {
    node.removeEventListener("pointermove", move);
    node.removeEventListener("pointerup", end);
    node.removeEventListener("pointercancel", end);
    pointerDragged.delete(node);
    const target = dragging && event.type === "pointerup" ? dropTargetAt(event.clientX, event.clientY, node) : null;
    node.classList.remove("ck-dragging");
    node.style.transform = "";
    over?.classList.remove("ck-over");
    if (target) dropHandlers.get(target)?.(item);
  };
  node.addEventListener("pointermove", move);
  node.addEventListener("pointerup", end);
  node.addEventListener("pointercancel", end);
}

/**
 * Accept dropped items, from a mouse or a finger: highlight while one hovers, then pass the item's name on.
 * @param {HTMLElement} node
 * @param {(item: string) => void} onDrop
 */
function dropTarget(node, onDrop) {
  dropHandlers.set(node, onDrop);
  node.addEventListener("dragover", (event) => {
    event.preventDefault();
    node.classList.add("ck-over");
  });
  node.addEventListener("dragleave", () => node.classList.remove("ck-over"));
  node.addEventListener("drop", (event) => {
    event.preventDefault();
    node.classList.remove("ck-over");
    const item = event.dataTransfer?.getData("text/plain");
    if (item) onDrop(item);
  });
}
