/**
 * The filter menus: the page-wide ones (lesson, time range) and the Calls tab's (user, use case,
 * runner). A menu's options are rebuilt only when the set of values changed, so an open menu is
 * not disturbed by a live update.
 */
import { el } from "../../ui/dom.ts";
import { UNATTRIBUTED } from "../aggregate.ts";
import { lessonLabel, TIME_RANGES } from "../filters.ts";
import { selectIn } from "./markup.ts";
import type { PageState } from "./state.ts";
import type { DashboardView } from "../data/view.ts";

export function fillTimeRanges(form: HTMLFormElement): void {
  selectIn(form, "range").replaceChildren(
    ...Object.entries(TIME_RANGES).map(([value, { label }]) => el("option", { value }, [label])),
  );
}

export function drawPageFilters(
  form: HTMLFormElement,
  lessonsInStore: readonly string[],
  state: PageState,
): void {
  const lesson = selectIn(form, "lesson");
  const lessons = [...lessonsInStore];
  const wanted = state.filters.lesson;
  if (wanted && !lessons.includes(wanted)) lessons.push(wanted);
  const key = lessons.join("|");
  if (lesson.dataset["options"] !== key) {
    lesson.replaceChildren(
      el("option", { value: "" }, ["All lessons"]),
      ...lessons.map((slug) => el("option", { value: slug }, [lessonLabel(slug)])),
    );
    lesson.dataset["options"] = key;
  }
  lesson.value = wanted ?? "";
  selectIn(form, "range").value = state.filters.range;
}

export function drawCallFilters(
  form: HTMLFormElement,
  options: DashboardView["callOptions"],
  state: PageState,
): void {
  const fill = (
    name: string,
    values: readonly (string | null)[],
    current: string | null | undefined,
    noneLabel: string,
  ) => {
    const select = selectIn(form, name);
    const key = values.map(String).join("|");
    if (select.dataset["options"] !== key) {
      select.replaceChildren(
        el("option", { value: "*" }, ["All"]),
        ...values.map((value) =>
          el("option", { value: value === null ? "" : `=${value}` }, [value ?? noneLabel]),
        ),
      );
      select.dataset["options"] = key;
    }
    select.value = current === undefined ? "*" : current === null ? "" : `=${current}`;
  };
  const filters = state.callFilters;
  fill("user", options.users, filters.user, UNATTRIBUTED);
  fill("useCase", options.useCases, filters.useCase, "(no use case)");
  fill("runner", options.runners, filters.runner, "");
}
