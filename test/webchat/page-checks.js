// Runs inside the chat page (added by browser.test.ts): small accessibility checks without a
// library. Plain JavaScript because it needs the DOM, which the project's TypeScript setup leaves out.

function accessibleName(el) {
  const aria = el.getAttribute('aria-label');
  if (aria?.trim()) return aria.trim();
  const by = el.getAttribute('aria-labelledby');
  if (by)
    return by
      .split(' ')
      .map((id) => document.getElementById(id)?.textContent ?? '')
      .join(' ')
      .trim();
  if (el.id) {
    const label = document.querySelector(`label[for="${CSS.escape(el.id)}"]`);
    if (label?.textContent?.trim()) return label.textContent.trim();
  }
  const wrapping = el.closest('label');
  if (wrapping?.textContent?.trim()) return wrapping.textContent.trim();
  if (el instanceof HTMLImageElement) return el.alt.trim();
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement) return '';
  return (el.textContent ?? '').trim();
}

/** Unnamed controls, images without alt, unlabelled button groups, no live log, no page language. */
window.accessibilityProblems = () => {
  const problems = [];
  for (const el of document.querySelectorAll('button, input, select, textarea, a[href], img')) {
    if (!accessibleName(el)) problems.push(`no accessible name: ${el.outerHTML.slice(0, 80)}`);
  }
  for (const group of document.querySelectorAll('[role="group"]')) {
    if (!group.getAttribute('aria-label')?.trim()) problems.push('a button group has no label');
  }
  const log = document.querySelector('[role="log"]');
  if (!log || !['polite', 'assertive'].includes(log.getAttribute('aria-live') ?? '')) {
    problems.push('no role=log region with aria-live');
  }
  if (!document.documentElement.lang) problems.push('no lang on <html>');
  return problems;
};

/** Marks every enabled, visible control with data-tab-check and returns how many there are. */
window.markFocusables = () => {
  const all = [...document.querySelectorAll('button, input, a[href], select, textarea')].filter(
    (el) => !el.disabled && el.offsetParent !== null,
  );
  all.forEach((el, i) => {
    el.dataset.tabCheck = String(i);
  });
  document.activeElement?.blur();
  return all.length;
};

/** The focused control's mark and outline style, or null when focus is elsewhere. */
window.focusedMark = () => {
  const el = document.activeElement;
  return el?.dataset?.tabCheck === undefined
    ? null
    : { id: el.dataset.tabCheck, outline: getComputedStyle(el).outlineStyle };
};

/** Marked controls whose mark is not in `seen`. */
window.unreached = (seen) =>
  [...document.querySelectorAll('[data-tab-check]')]
    .filter((el) => !seen.includes(el.dataset.tabCheck))
    .map((el) => el.outerHTML.slice(0, 80));
