import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CheckinError, ErrorCode } from '../core/errors.ts';
import { formatProblem, type Problem } from '../engine/problems.ts';
import { type Article, parseArticle } from './article.ts';

/** The article library: every article by slug, in a stable order (by title). */
export interface Library {
  articles: readonly Article[];
  bySlug: ReadonlyMap<string, Article>;
}

/**
 * Reads `<dir>/articles/*.md` from each content folder in turn (`dialogs`, then the overlay named
 * by CHECKIN_CONTENT_DIR). A later folder's article with the same slug replaces the earlier one,
 * so an operator can correct or add articles without a fork. Two files with one slug inside the
 * same folder are a mistake and reported.
 */
export function readLibrary(dirs: readonly string[]): { library: Library; problems: Problem[] } {
  const problems: Problem[] = [];
  const bySlug = new Map<string, Article>();
  for (const dir of dirs) {
    const folder = join(dir, 'articles');
    if (!existsSync(folder)) continue;
    const seenHere = new Map<string, string>();
    for (const name of readdirSync(folder).sort()) {
      if (!name.endsWith('.md')) continue;
      const path = join(folder, name);
      const file = relative(process.cwd(), path) || path;
      const result = parseArticle(file, readFileSync(path, 'utf8'));
      if ('problems' in result) {
        problems.push(...result.problems);
        continue;
      }
      const { article } = result;
      const earlier = seenHere.get(article.slug);
      if (earlier) {
        problems.push({
          file,
          line: 1,
          col: 1,
          path: 'slug',
          message: `duplicate slug "${article.slug}" (also in ${earlier})`,
        });
        continue;
      }
      seenHere.set(article.slug, file);
      bySlug.set(article.slug, article);
    }
  }
  const articles = [...bySlug.values()].sort((a, b) => a.title.localeCompare(b.title));
  return { library: { articles, bySlug: new Map(articles.map((a) => [a.slug, a])) }, problems };
}

/** Loads the library or throws one error listing every problem (file:line:col field message). */
export function loadLibrary(dirs: readonly string[]): Library {
  const { library, problems } = readLibrary(dirs);
  if (problems.length) {
    throw new CheckinError(
      ErrorCode.InvalidContent,
      `Article library has ${problems.length} problem(s):\n${problems.map(formatProblem).join('\n')}`,
    );
  }
  return library;
}
