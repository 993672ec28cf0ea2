"use server";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { setMonthlyBudget } from "@/lib/budget";
import { loadDemoData } from "@/lib/demo";

export async function loadDemoAction() {
  await loadDemoData();
  revalidatePath("/", "layout");
  redirect("/");
}

export async function setBudgetAction(form: FormData) {
  const month = String(form.get("month") ?? "");
  const back = (extra = "") => `/?${new URLSearchParams({ ...(month ? { month } : {}), ...(extra ? { budgetError: extra } : {}) })}`;
  try {
    setMonthlyBudget(String(form.get("budget") ?? ""));
  } catch (e) {
    redirect(back((e as Error).message));
  }
  revalidatePath("/");
  redirect(back());
}
