import { inflateRawSync } from 'node:zlib';
import type { Activity, TurnContext } from 'botbuilder';
import { z } from 'zod';
import { text } from '../../src/core/outbound.ts';
import type { Logger } from '../../src/core/ports.ts';
import { type RenderOptions, renderActivity } from './render.ts';

/**
 * Teams' file consent flow, the only way a bot sends a file (personal chats): render.ts sends a
 * consent card carrying the file; when the person accepts, Teams invokes `fileConsent/invoke` with
 * a OneDrive upload URL, the bytes are PUT there, and a file info card points at the uploaded file.
 */

/** Invoke name Teams uses when a person accepts or declines a file consent card. */
export const FILE_CONSENT_INVOKE = 'fileConsent/invoke';
const FILE_INFO_TYPE = 'application/vnd.microsoft.teams.card.file.info';
/** Largest file inflated from a consent context (a guard against a deflate bomb in dev mode). */
const MAX_FILE_BYTES = 20_000_000;

const consentSchema = z.object({
  action: z.enum(['accept', 'decline']),
  // acceptContext ({ name, type, data }) on accept, declineContext ({ name }) on decline.
  context: z
    .object({
      name: z.string().min(1).max(200),
      type: z.string().max(200).optional(),
      data: z.string().optional(),
      enc: z.literal('deflate-raw').optional(),
    })
    .optional(),
  uploadInfo: z
    .object({
      uploadUrl: z.url(),
      contentUrl: z.string(),
      name: z.string(),
      uniqueId: z.string(),
      fileType: z.string(),
    })
    .optional(),
});

/** What answering a file consent needs from the adapter. */
export interface FileConsentDeps {
  logger: Logger;
  render: RenderOptions;
  fetch: typeof fetch;
  /** Accept http upload URLs (dev mode and tests); Teams' are always https. */
  allowInsecureUpload: boolean;
}

async function respond(context: TurnContext, status: number) {
  await context.sendActivity({ type: 'invokeResponse', value: { status } } as Partial<Activity>);
}

/** Answers a `fileConsent/invoke`: uploads the file on accept, acknowledges a decline. */
export async function answerFileConsent(deps: FileConsentDeps, context: TurnContext): Promise<void> {
  const parsed = consentSchema.safeParse(context.activity.value);
  if (!parsed.success) return respond(context, 400);
  const { action, context: file, uploadInfo } = parsed.data;
  if (action === 'decline') {
    await respond(context, 200);
    await context.sendActivity(
      renderActivity(text('No problem — I haven’t sent the file.'), deps.render) as Partial<Activity>,
    );
    return;
  }
  if (!file?.data || !uploadInfo) return respond(context, 400);
  const url = new URL(uploadInfo.uploadUrl);
  if (url.protocol !== 'https:' && !deps.allowInsecureUpload) return respond(context, 400);
  let bytes: Buffer;
  try {
    const raw = Buffer.from(file.data, 'base64');
    bytes = file.enc === 'deflate-raw' ? inflateRawSync(raw, { maxOutputLength: MAX_FILE_BYTES }) : raw;
  } catch {
    return respond(context, 400);
  }
  const status = await deps
    .fetch(url, {
      method: 'PUT',
      headers: {
        'content-length': String(bytes.length),
        'content-range': `bytes 0-${bytes.length - 1}/${bytes.length}`,
      },
      body: bytes,
    })
    .then(async (res) => {
      await res.arrayBuffer().catch(() => undefined);
      return res.status;
    })
    .catch(() => 0);
  if (status < 200 || status >= 300) {
    // status 0: the upload URL could not be reached at all.
    deps.logger.warn({ activity: context.activity.id, status }, 'teams: file upload failed');
    await respond(context, 200);
    await context.sendActivity(
      renderActivity(
        text('Sorry — the file could not be uploaded. Please ask again in a moment.'),
        deps.render,
      ) as Partial<Activity>,
    );
    return;
  }
  await respond(context, 200);
  await context.sendActivity({
    type: 'message',
    attachments: [
      {
        contentType: FILE_INFO_TYPE,
        contentUrl: uploadInfo.contentUrl,
        name: uploadInfo.name,
        content: { uniqueId: uploadInfo.uniqueId, fileType: uploadInfo.fileType },
      },
    ],
  } as Partial<Activity>);
}
