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

/**
 * Let an item be dragged: it carries its name, and looks lifted while it moves.
 * @param {HTMLElement} node
 * @param {string} item
 */
function dragSource(node, item) {
  node.addEventListener("dragstart", (event) => {
    event.dataTransfer?.setData("text/plain", item);
    if (event.dataTransfer) event.dataTransfer.effectAllowed = "move";
    node.classList.add("ck-dragging");
  });
  node.addEventListener("dragend", () => node.classList.remove("ck-dragging"));
}

/**
 * Accept dropped items: highlight while one hovers, then pass the dropped item's name on.
 * @param {HTMLElement} node
 * @param {(item: string) => void} onDrop
 */
function dropTarget(node, onDrop) {
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
