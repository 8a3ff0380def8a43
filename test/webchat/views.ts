import type { MessageView } from '../../adapters/local/render.ts';

/** The words a person would read in one rendered web chat message (tags dropped, entities decoded). */
export function plainTextOfView(view: MessageView): string {
  const unhtml = (html: string) =>
    html
      .replace(/<br>/g, '\n')
      .replace(/<[^>]+>/g, '')
      .replace(/&nbsp;/g, ' ')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#39;/g, "'")
      .replace(/&amp;/g, '&');
  return view.blocks
    .map((b) => {
      switch (b.type) {
        case 'text':
          return unhtml(b.html);
        case 'choices':
        case 'scale':
          return `${b.prompt}\n${b.options.map((o) => `[${o.label}]`).join(' ')}`;
        case 'card':
          return [b.title, unhtml(b.html), ...b.fields.map((f) => `${f.label}: ${f.value}`)].join('\n');
        case 'image':
          return `(image: ${b.alt})`;
        case 'file':
          return `(file ${b.name})`;
        case 'divider':
          return '---';
      }
    })
    .join('\n');
}
