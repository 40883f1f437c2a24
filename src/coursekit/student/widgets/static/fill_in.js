// FillIn: a short text answer, sent to the kernel shortly after typing stops and when the field is left.

/**
 * @typedef {object} FillInState
 * @property {string} exercise_id
 * @property {string} placeholder
 * @property {string} value
 */

const TYPING_PAUSE_MS = 400;

/** @param {{ model: ExerciseModel, el: HTMLElement }} context */
function render({ model, el }) {
  const input = /** @type {HTMLInputElement} */ (
    h("input", { type: "text", class: "ck-text", "aria-label": "Your answer", maxlength: "500" })
  );
  input.placeholder = model.get("placeholder");
  const { node: foot } = footer(model);
  el.append(h("div", { class: "ck-exercise ck-fill-in", "data-exercise": model.get("exercise_id") }, [input, foot]));

  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let timer;
  const send = () => {
    clearTimeout(timer);
    if (input.value !== model.get("value")) commit(model, input.value);
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(send, TYPING_PAUSE_MS);
  });
  input.addEventListener("change", send);
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter") send();
  });

  const draw = () => {
    if (document.activeElement !== input) input.value = model.get("value");
  };
  model.on("change:value", draw);
  draw();
  return () => {
    send();
    model.off("change:value", draw);
  };
}

export default { render };
