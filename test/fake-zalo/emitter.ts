/** Sends webhook events to isobot the way Zalo does: raw JSON signed with X-ZEvent-Signature. */
import { zaloSignatureHeader } from '../../src/platforms/zalo/signature.ts';

export interface EmitterOptions {
  url: string;
  appId: string;
  oaSecretKey: string;
  now: () => number;
}

export interface EmitResult {
  status: number;
  body: string;
}

let sequence = 0;

export function createZaloEmitter(options: EmitterOptions) {
  const nextMsgId = () => `zmsg${Date.now().toString(36)}${(sequence++).toString(36)}`;

  /** Posts a raw body; signs it unless a signature is given. */
  async function postRaw(rawBody: string, signature?: string): Promise<EmitResult> {
    const timestamp = String((JSON.parse(rawBody) as { timestamp?: unknown }).timestamp ?? '');
    const header = signature ?? zaloSignatureHeader(options.appId, rawBody, timestamp, options.oaSecretKey);
    const response = await fetch(options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'X-ZEvent-Signature': header },
      body: rawBody,
    });
    return { status: response.status, body: await response.text() };
  }

  function event(
    eventName: string,
    senderId: string,
    recipientId: string,
    message: Record<string, unknown>,
    timestamp = options.now(),
  ) {
    return JSON.stringify({
      app_id: options.appId,
      user_id_by_app: `app_${senderId}`,
      event_name: eventName,
      timestamp: String(timestamp),
      sender: { id: senderId },
      recipient: { id: recipientId },
      message,
    });
  }

  return {
    postRaw,
    event,
    nextMsgId,
    groupText(groupId: string, userId: string, text: string, msgId = nextMsgId()) {
      return postRaw(event('user_send_group_text', userId, groupId, { msg_id: msgId, text }));
    },
    userText(userId: string, oaId: string, text: string, msgId = nextMsgId()) {
      return postRaw(event('user_send_text', userId, oaId, { msg_id: msgId, text }));
    },
    groupFile(
      groupId: string,
      userId: string,
      file: { url: string; name: string; size: number },
      caption: string,
      msgId = nextMsgId(),
    ) {
      return postRaw(
        event('user_send_group_file', userId, groupId, {
          msg_id: msgId,
          text: caption,
          attachments: [
            {
              type: 'file',
              payload: { url: file.url, name: file.name, size: String(file.size), checksum: '', type: 'pdf' },
            },
          ],
        }),
      );
    },
  };
}
