// Choices: radio buttons for a single choice, checkboxes for a multiple choice, in a labelled group.

/**
 * @typedef {object} ChoiceState
 * @property {string} exercise_id
 * @property {string[]} options
 * @property {boolean} multiple
 * @property {string | null | string[]} value
 */

/** @param {{ model: ExerciseModel, el: HTMLElement }} context */
function render({ model, el }) {
  const multiple = model.get("multiple");
  const group = h("fieldset", { class: "ck-options" }, [
    h("legend", { class: "ck-hint", text: multiple ? "Pick every option that applies." : "Pick one option." }),
  ]);
  const clear = h("button", { type: "button", class: "ck-clear", text: "Clear answer" });
  const { node: foot, announce } = footer(model);
  el.append(h("div", { class: "ck-exercise ck-choice", "data-exercise": model.get("exercise_id") }, [group, clear, foot]));
  const name = `ck-${model.get("exercise_id")}-${Math.random().toString(36).slice(2)}`;

  /** @type {HTMLInputElement[]} */
  const inputs = model.get("options").map((/** @type {string} */ option) => {
    const input = /** @type {HTMLInputElement} */ (
      // JupyterLab would take the arrow keys for moving between cells; a radio group needs them to pick
      h("input", { type: multiple ? "checkbox" : "radio", name, value: option, "data-lm-suppress-shortcuts": "true" })
    );
    input.addEventListener("change", () => {
      if (multiple) commit(model, inputs.filter((box) => box.checked).map((box) => box.value));
      else if (input.checked) commit(model, option);
      announce(`${option} ${input.checked ? "picked" : "unpicked"}.`);
    });
    group.append(h("label", { class: "ck-option" }, [input, h("span", { text: option })]));
    return input;
  });

  function draw() {
    const value = model.get("value");
    for (const input of inputs) {
      input.checked = multiple ? (value || []).includes(input.value) : value === input.value;
    }
    /** @type {HTMLButtonElement} */ (clear).hidden = multiple ? !(value || []).length : value == null;
  }

  clear.addEventListener("click", () => {
    commit(model, multiple ? [] : null);
    announce("Answer cleared.");
  });
  model.on("change:value", draw);
  draw();
  return () => model.off("change:value", draw);
}

export default { render };
